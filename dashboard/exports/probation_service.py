"""The Probation Service league's twins, /probation-service.csv and .json: its rows, in its order, streamed.

Every framework's standards have columns of their own, named by framework and standard
("pdu-2023: Assessment"), so a filter never changes the file's shape and no column holds
ratings of two frameworks.
"""

from .documents import LICENCE, csv_rank_cells
from .league import _other_inspection
from .responses import streaming_csv_response, streaming_json_response

# Version 1 of the `units-league` shape (docs/open-data.md).
UNITS_SCHEMA_VERSION = 1


def _framework_columns(frameworks):
    """[(framework slug, standard slug, header)] of every Probation Service framework's standards."""
    columns = []
    for framework in sorted(frameworks.values(), key=lambda framework: framework.slug):
        if framework.era != "probation-service":
            continue
        for standard in framework.standards.all():
            columns.append((framework.slug, standard.slug, f"{framework.slug}: {standard.label}"))
    return columns


def _flag(value):
    return "true" if value else "false"


def units_csv_response(rows, frameworks, filename="probation-service-league.csv"):
    """The CSV of `rows` (LeagueRows in the table's order, read once as they are written)."""
    return streaming_csv_response(filename, _csv_rows(rows, _framework_columns(frameworks)))


def _csv_rows(rows, columns):
    yield [
        "rank",
        "rank_is_joint",
        "unit",
        "unit_slug",
        "unit_type",
        "region",
        "region_slug",
        "unit_no_longer_exists",
        "programme",
        "framework",
        "published",
        "published_derived",
        "inspection_number_for_unit",
        "inspection_number_derived",
        "overall_rating",
        "overall_rating_derived",
        "points_stated",
        "previous_overall_rating",
        "previous_published",
        "movement",
        "later_not_rated",
        "standards_recorded",
        "standards_in_framework",
        *(header for _, _, header in columns),
        "derived_standards",
        "derived_values",
        "notes",
        "sources",
    ]
    for row in rows:
        own = {cell.slug: cell for cell in row.standards}
        yield [
            *csv_rank_cells(row),
            row.provider.short_name,
            row.provider.slug,
            row.provider_type_label,
            row.region.short_name if row.region else "",
            row.region.slug if row.region else "",
            _flag(row.provider.ceased),
            row.round_slug or "",
            row.framework_slug,
            row.published_iso,
            _flag(row.published_derived),
            row.sequence_label,
            _flag(row.sequence_derived),
            row.overall_rating or "",
            _flag(row.overall_rating_derived),
            row.points_stated,
            row.previous_overall_rating or "",
            row.previous.published_iso if row.previous else "",
            row.movement or "",
            " ; ".join(later.summary for later in row.later_not_rated),
            row.rated_count,
            row.standard_count,
            *(
                (own[standard].rating or "") if framework == row.framework_slug and standard in own else ""
                for framework, standard, _ in columns
            ),
            " ; ".join(cell.label for cell in row.derived_standards),
            row.derived_values,
            row.notes,
            " ; ".join(row.sources),
        ]


def units_json_response(request, rows, league, frameworks):
    return streaming_json_response(units_json_document(request, rows, league))


def units_json_document(request, rows, league):
    """Version 1 of the `units-league` shape; see docs/open-data.md. Its rows are read as it is written."""
    return {
        "schema": "probation-league/units-league",
        "version": UNITS_SCHEMA_VERSION,
        "query": {key: request.GET.get(key) for key in sorted(request.GET)},
        "last_changed": league.last_changed.isoformat() if league.last_changed else None,
        "licence": LICENCE,
        "rows": (unit_row_document(request, row) for row in rows),
    }


def unit_row_document(request, row):
    region = row.region
    return {
        "rank": row.rank,
        "rank_is_joint": row.rank_is_joint,
        "rank_label": row.rank_label,
        "unit": {
            "name": row.provider.name,
            "short_name": row.provider.short_name,
            "slug": row.provider.slug,
            "type": row.provider.provider_type,
            "no_longer_exists": row.provider.ceased,
            "url": request.build_absolute_uri(row.provider.get_absolute_url()),
        },
        "region": (
            {
                "short_name": region.short_name,
                "slug": region.slug,
                "url": request.build_absolute_uri(region.get_absolute_url()),
            }
            if region
            else None
        ),
        "programme": row.round_slug,
        "framework": row.framework_slug,
        "published": row.published_iso or None,
        "published_derived": row.published_derived,
        "inspection_number_for_unit": row.sequence_label or None,
        "inspection_number_derived": row.sequence_derived,
        "overall_rating": row.overall_rating,
        "overall_rating_derived": row.overall_rating_derived,
        "points_stated": row.points_stated or None,
        "previous": _other_inspection(row.previous),
        "previous_overall_rating": row.previous_overall_rating,
        "movement": row.movement,
        "later_not_rated": [_other_inspection(later) for later in row.later_not_rated],
        "standards": [
            {"name": cell.name, "slug": cell.slug, "rating": cell.rating, "derived": cell.derived}
            for cell in row.standards
        ],
        "standards_recorded": row.rated_count,
        "standards_in_framework": row.standard_count,
        "derived_values": row.derived_values.splitlines(),
        "notes": row.notes or None,
        "sources": row.sources,
    }
