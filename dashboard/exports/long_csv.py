"""The long CSV shape of the provider and comparison downloads: one row per value."""

from .documents import csv_rank_cells, csv_value, fieldwork_iso, number

LONG_CSV_HEADER = [
    "provider_slug",
    "provider",
    "inspection_published",
    "section",
    "code",
    "item",
    "value",
    "cases",
    "interval_low",
    "interval_high",
    "england_and_wales",
    "target",
]


def long_rows(provider, view, *, league_row=None, current_owner=None):
    """The rows of one provider and one inspection (None: no inspection) in the long CSV shape."""

    def row(section, code, item, value, cases=None, low=None, high=None, england=None, target=None):
        published = view.inspection.published_iso if view else ""
        values = [provider.slug, provider.short_name, published, section, code, item, value, cases, low, high]
        return [csv_value(value) for value in [*values, england, target]]

    rows = [
        row("provider", "", "name", provider.name),
        row("provider", "", "type", provider.type_label),
        row("provider", "", "area", provider.area or None),
        row("provider", "", "current_owner", current_owner.name if current_owner else None),
    ]
    rank, rank_is_joint = csv_rank_cells(league_row)
    rows.append(row("provider", "", "league_rank", rank))
    rows.append(row("provider", "", "league_rank_is_joint", rank_is_joint))
    if view is None:
        return rows
    inspection = view.inspection
    owner = inspection.owner_at_inspection
    rows += [
        row("inspection", "", "published", inspection.published_iso),
        row("inspection", "", "round", inspection.inspection_round.slug if inspection.inspection_round else None),
        row("inspection", "", "overall_rating", inspection.overall_rating or None),
        row("inspection", "", "overall_rating_derived", "true" if inspection.overall_rating_derived else "false"),
        row("inspection", "", "notes", inspection.notes or None),
        row("inspection", "", "score", view.score),
        row("inspection", "", "max_score", view.max_score),
        row("inspection", "", "standards_recorded", view.rated_count),
        row("inspection", "", "owner_at_inspection", owner.name if owner else None),
        row("inspection", "", "fieldwork_started", fieldwork_iso(inspection)),
        row("inspection", "", "caseload_as_reported", inspection.caseload_as_reported or None),
    ]
    for standard in view.standards:
        rows.append(row("standard", standard.code, standard.name, standard.rating))
    for question in view.key_questions:
        low, high = (
            (round(question.interval[0], 1), round(question.interval[1], 1)) if question.interval else (None, None)
        )
        rows.append(
            row(
                "key_question",
                question.code,
                question.text,
                number(question.percent_yes),
                question.cases_inspected,
                low,
                high,
            )
        )
    for fact in view.facts:
        rows.append(
            row(
                "fact",
                "",
                fact.metric,
                number(fact.provider_value),
                None,
                None,
                None,
                number(fact.england_and_wales_value),
                number(fact.target),
            )
        )
    return rows
