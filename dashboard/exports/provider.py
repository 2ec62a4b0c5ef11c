"""The provider page's twins: /providers/<slug>.json and .csv."""

from . import safe_csv
from .documents import (
    envelope,
    inspection_document,
    iso,
    league_place_document,
    owner_document,
    ownership_document,
    provider_document,
)
from .long_csv import LONG_CSV_HEADER, long_rows
from .responses import csv_response


def provider_document_page(request, page):
    """Version 1 of `probation-league/provider`: the drilldown's provider, place, ownership and inspections."""
    return envelope(
        "provider",
        request,
        page.provider.get_absolute_url(),
        last_changed=iso(page.last_changed),
        provider={**provider_document(request, page.provider), "current_owner": owner_document(page.current_owner)},
        league=league_place_document(page.league_row, page.league_size),
        ownership=ownership_document(page.ownership_periods),
        inspections=[inspection_document(request, view) for view in page.inspections],
    )


def provider_csv_response(page):
    response = csv_response(f"{page.provider.slug}.csv")
    writer = safe_csv.writer(response)
    writer.writerow(LONG_CSV_HEADER)
    place = {"league_row": page.league_row, "current_owner": page.current_owner}
    if not page.inspections:
        writer.writerows(long_rows(page.provider, None, **place))
    for index, view in enumerate(page.inspections):
        rows = long_rows(page.provider, view, **place)
        # The provider's own rows once, before its newest inspection.
        writer.writerows(rows if index == 0 else [row for row in rows if row[3] != "provider"])
    return response
