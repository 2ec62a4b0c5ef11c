"""The league table's twins, /league.csv and /league.json: the rows of the table, in its order, streamed."""

from .documents import JSON_SCHEMA_VERSION, LICENCE, csv_rank_cells
from .responses import streaming_csv_response, streaming_json_response


def league_csv_response(rows, league, filename="probation-league.csv"):
    """The CSV of `rows` (LeagueRows in the table's order, read once as they are written)."""
    return streaming_csv_response(filename, _csv_rows(rows, league))


def _csv_rows(rows, league):
    yield [
        "rank",
        "rank_is_joint",
        "provider",
        "provider_slug",
        "provider_type",
        "owner_at_inspection",
        "published",
        "round",
        "overall_rating",
        "overall_rating_derived",
        "previous_overall_rating",
        "previous_published",
        "movement",
        "score",
        "max_score",
        *league.standard_headers.values(),
        "standards_recorded",
        "standards_in_framework",
        "later_not_rated",
        "notes",
        "sources",
    ]
    for row in rows:
        yield [
            *csv_rank_cells(row),
            row.provider.short_name,
            row.provider.slug,
            row.provider_type_label,
            row.owner_name or "",
            row.published_iso,
            row.round_slug or "",
            row.overall_rating or "",
            "true" if row.overall_rating_derived else "false",
            row.previous_overall_rating or "",
            row.previous.published_iso if row.previous else "",
            row.movement or "",
            "" if row.score is None else row.score,
            row.max_score,
            *[cell.rating or "" for cell in row.standards],
            row.rated_count,
            row.standard_count,
            " ; ".join(later.summary for later in row.later_not_rated),
            row.notes,
            " ; ".join(row.sources),
        ]


def league_json_response(request, rows, league):
    """The JSON of `rows` (LeagueRows in the table's order, read once as they are written)."""
    return streaming_json_response(league_json_document(request, rows, league))


def league_json_document(request, rows, league):
    """Version 1 of the league JSON shape; see docs/open-data.md. Its rows are read as it is written."""
    return {
        "schema": "probation-league/league-table",
        "version": JSON_SCHEMA_VERSION,
        "query": {key: request.GET.get(key) for key in sorted(request.GET)},
        "last_changed": league.last_changed.isoformat() if league.last_changed else None,
        "licence": LICENCE,
        "rows": (league_row_document(request, row) for row in rows),
    }


def league_row_document(request, row):
    """One league row in the league JSON shape (also the rows of an owner's JSON)."""
    return {
        "rank": row.rank,
        "rank_is_joint": row.rank_is_joint,
        "rank_label": row.rank_label,
        "provider": {
            "name": row.provider.name,
            "short_name": row.provider.short_name,
            "slug": row.provider.slug,
            "type": row.provider.provider_type,
            "url": request.build_absolute_uri(row.provider.get_absolute_url()),
        },
        "owner_at_inspection": ({"name": row.owner_name, "slug": row.owner_slug} if row.owner_name else None),
        "published": row.published_iso,
        "round": row.round_slug,
        "overall_rating": row.overall_rating,
        "overall_rating_derived": row.overall_rating_derived,
        "previous": _other_inspection(row.previous),
        "previous_overall_rating": row.previous_overall_rating,
        "movement": row.movement,
        "later_not_rated": [_other_inspection(later) for later in row.later_not_rated],
        "notes": row.notes or None,
        "score": row.score,
        "max_score": row.max_score,
        "standards": [{"code": cell.code, "name": cell.name, "rating": cell.rating} for cell in row.standards],
        "standards_recorded": row.rated_count,
        "standards_in_framework": row.standard_count,
        "sources": row.sources,
    }


def _other_inspection(other):
    if other is None:
        return None
    return {
        "published": other.published_iso,
        "overall_rating": other.overall_rating,
        "standards": [{"code": code, "name": name, "rating": rating} for code, name, rating in other.rated_standards],
        "notes": other.notes or None,
    }
