"""The comparison page's twins: /compare/<slugs>.json and .csv."""

from . import safe_csv
from .documents import (
    envelope,
    inspection_document,
    iso,
    league_place_document,
    number,
    owner_document,
    provider_document,
)
from .long_csv import LONG_CSV_HEADER, long_rows
from .responses import csv_response


def comparison_document(request, result):
    """Version 1 of `probation-league/comparison`: the compared providers in the order of the address."""
    return envelope(
        "comparison",
        request,
        result.url,
        last_changed=iso(result.last_changed),
        providers=[
            {
                **provider_document(request, entry.provider),
                "current_owner": owner_document(entry.current_owner),
                "league": league_place_document(entry.league_row, result.league_size),
                "latest_inspection": inspection_document(request, entry.latest) if entry.latest else None,
            }
            for entry in result.compared
        ],
        standards=[
            {
                "code": row.code,
                "name": row.name,
                "ratings": [(cell.rating if cell is not None else None) for cell in row.cells],
                "applies": [cell is not None for cell in row.cells],
                "difference": row.difference,
            }
            for row in result.standard_rows
        ],
        key_questions=[
            {
                "code": row.code,
                "text": row.text,
                "percent_yes": [number(cell.percent_yes) if cell else None for cell in row.cells],
                "difference": row.difference,
            }
            for row in result.key_question_rows
        ],
    )


def comparison_csv_response(result):
    response = csv_response(f"compare-{'-and-'.join(result.slugs)}.csv")
    writer = safe_csv.writer(response)
    writer.writerow([*LONG_CSV_HEADER, "difference"])
    standard_differences = {row.code: row.difference for row in result.standard_rows}
    question_differences = {row.code: row.difference for row in result.key_question_rows}
    for entry in result.compared:
        for row in long_rows(
            entry.provider, entry.latest, league_row=entry.league_row, current_owner=entry.current_owner
        ):
            section, code = row[3], row[4]
            difference = {"standard": standard_differences, "key_question": question_differences}.get(section, {})
            writer.writerow([*row, difference.get(code, "")])
    return response
