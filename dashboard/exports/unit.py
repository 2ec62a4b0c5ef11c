"""A Probation Service unit's page twins: /providers/<region or PDU>.json and .csv, holding what its page shows."""

from . import safe_csv
from .documents import csv_rank_cells, csv_value, envelope, iso
from .long_csv import LONG_CSV_HEADER
from .probation_service import unit_row_document
from .responses import csv_response


def _provider_link(request, provider):
    return {
        "short_name": provider.short_name,
        "slug": provider.slug,
        "type": provider.provider_type,
        "no_longer_exists": provider.ceased,
        "url": request.build_absolute_uri(provider.get_absolute_url()),
    }


def _latest(inspection):
    if inspection is None:
        return None
    return {
        "overall_rating": inspection.overall_rating or None,
        "published": inspection.published_iso or None,
    }


def _link_document(request, link):
    return {
        **_provider_link(request, link.provider),
        "basis": link.basis or None,
        "note": link.note or None,
        "latest": _latest(link.latest),
    }


def _inspection_document(request, view):
    inspection = view.inspection
    return {
        "id": inspection.id,
        "url": request.build_absolute_uri(inspection.get_absolute_url()),
        "published": inspection.published_iso or None,
        "published_derived": inspection.published_on_derived,
        "inspection_number_for_unit": inspection.sequence_label or None,
        "inspection_number_derived": inspection.sequence_in_unit_derived,
        "programme": inspection.inspection_round.slug if inspection.inspection_round else None,
        "framework": inspection.framework.slug,
        "overall_rating": inspection.overall_rating or None,
        "overall_rating_derived": inspection.overall_rating_derived,
        "points_stated": inspection.points_stated or None,
        "previous_overall_rating": view.previous_rated.overall_rating if view.previous_rated else None,
        "movement": view.movement,
        "standards": [
            {"name": entry.name, "slug": entry.slug, "rating": entry.rating, "derived": entry.derived}
            for entry in view.standards
        ],
        "standards_recorded": view.rated_count,
        "standards_in_framework": len(view.standards),
        "derived_values": view.derived_lines,
        "notes": inspection.notes or None,
        "report_url": inspection.report_url or None,
        "sources": [source.url for source in inspection.sources.all()],
    }


def unit_document(request, page):
    """Version 1 of `probation-league/unit`; see docs/open-data.md."""
    provider = page.provider
    units = page.units
    return envelope(
        "unit",
        request,
        provider.get_absolute_url(),
        last_changed=iso(page.last_changed),
        unit={
            "name": provider.name,
            **_provider_link(request, provider),
            "region": _provider_link(request, provider.region) if provider.region else None,
            "no_longer_exists_since": provider.ceased_on.isoformat() if provider.ceased_on else None,
            "no_longer_exists_note": provider.ceased_note or None,
        },
        league=({**unit_row_document(request, page.league_row), "of": page.ranked_count} if page.league_row else None),
        inspections=[_inspection_document(request, view) for view in page.inspections],
        pdus=[_link_document(request, link) for link in units.object_list] if units else [],
        pdus_page=(
            {"number": units.number, "pages": units.paginator.num_pages, "count": units.paginator.count}
            if units
            else None
        ),
        predecessors=[_link_document(request, link) for link in page.predecessors],
        successors=[_link_document(request, link) for link in page.successors],
    )


def unit_csv_response(page):
    """The long CSV shape: the unit's own rows, its place, each inspection with its standards, then its links."""
    provider = page.provider
    response = csv_response(f"{provider.slug}.csv")
    writer = safe_csv.writer(response)
    writer.writerow(LONG_CSV_HEADER)

    def row(section, code, item, value, published=""):
        cells = [provider.slug, provider.short_name, published, section, code, item, value]
        return [csv_value(cell) for cell in cells] + [""] * (len(LONG_CSV_HEADER) - len(cells))

    rank, rank_is_joint = csv_rank_cells(page.league_row)
    writer.writerows(
        [
            row("provider", "", "name", provider.name),
            row("provider", "", "type", provider.type_label),
            row("provider", "", "region", provider.region.short_name if provider.region else None),
            row("provider", "", "no_longer_exists", "true" if provider.ceased else "false"),
            row("provider", "", "league_rank", rank),
            row("provider", "", "league_rank_is_joint", rank_is_joint),
        ]
    )
    for view in page.inspections:
        inspection = view.inspection
        published = inspection.published_iso

        def of_inspection(item, value, published=published):
            return row("inspection", "", item, value, published)

        writer.writerows(
            [
                of_inspection("published", published or None),
                of_inspection("published_derived", "true" if inspection.published_on_derived else "false"),
                of_inspection("inspection_number_for_unit", inspection.sequence_label or None),
                of_inspection("programme", inspection.inspection_round.slug if inspection.inspection_round else None),
                of_inspection("framework", inspection.framework.slug),
                of_inspection("overall_rating", inspection.overall_rating or None),
                of_inspection("overall_rating_derived", "true" if inspection.overall_rating_derived else "false"),
                of_inspection("points_stated", inspection.points_stated or None),
                of_inspection("movement", view.movement),
                of_inspection("standards_recorded", view.rated_count),
                of_inspection("notes", inspection.notes or None),
            ]
        )
        for entry in view.standards:
            writer.writerow(row("standard", entry.slug, entry.name, entry.rating, published))
            if entry.derived:
                writer.writerow(row("standard_derived", entry.slug, entry.name, "true", published))
    # A region's PDUs with their latest overall rating; the providers before and after with how the link is known.
    for link in page.units.object_list if page.units else []:
        latest = link.latest.overall_rating if link.latest else None
        writer.writerow(row("pdu", link.provider.slug, link.provider.short_name, latest or None))
    for section, links in (("predecessor", page.predecessors), ("successor", page.successors)):
        for link in links:
            writer.writerow(row(section, link.provider.slug, link.provider.short_name, link.basis))
    return response
