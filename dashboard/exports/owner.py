"""The owner page's twins: /owners/<slug>.json, and the league CSV of the owner's rows."""

from .documents import envelope, iso, ownership_document, provider_document
from .league import league_row_document


def owner_document_page(request, page, table):
    """Version 1 of `probation-league/owner`: the owner's providers and the inspections made while it owned them."""
    return envelope(
        "owner",
        request,
        page.owner.get_absolute_url(),
        last_changed=iso(page.league.last_changed),
        owner={"name": page.owner.name, "slug": page.owner.slug, "notes": page.owner.notes or None},
        ownership=[
            {**period, "provider": provider_document(request, provider)}
            for period, provider in zip(
                ownership_document(page.periods), [period.provider for period in page.periods], strict=True
            )
        ],
        rows=[league_row_document(request, row.record) for row in table.rows],
    )
