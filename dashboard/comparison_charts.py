"""
Chart builders for the comparison page: pure functions from `selectors.compare` rows to Plotly figure dicts.

Providers are told apart by colour (the Okabe–Ito palette, safe for colour-blind
readers) and by a fill pattern, never by colour alone; the page's tables hold
the same numbers.
"""

import plotly.graph_objects as go

from inspections import rating_rules

from .charts import INK, _figure, _layout, band_threshold_lines, chart_text

# Okabe & Ito (2008), "Color Universal Design", in an order that keeps neighbours apart.
PROVIDER_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
PROVIDER_PATTERNS = ("", "/", ".", "x", "\\", "+")

# Bars start at 1 so an Inadequate rating (0 points) still shows as a bar.
RATING_POSITIONS = {rating: position for position, rating in enumerate(reversed(rating_rules.RATINGS), start=1)}


def provider_style(index):
    return {
        "color": PROVIDER_COLOURS[index % len(PROVIDER_COLOURS)],
        "line": {"color": INK, "width": 1},
        "pattern": {"shape": PROVIDER_PATTERNS[index % len(PROVIDER_PATTERNS)], "fgcolor": INK, "size": 6},
    }


def standards_comparison_chart(names, rows):
    """Grouped bars: one group per standard, one bar per provider, its length the published band.

    `names`: provider short names in order; `rows`: StandardRow list. A rating not
    recorded (or a standard outside the provider's framework) has no bar.
    """
    labels = [chart_text(f"{row.code} {row.name}") for row in rows]
    traces = []
    for index, name in enumerate(map(chart_text, names)):
        ratings = [row.cells[index].rating if row.cells[index] is not None else None for row in rows]
        traces.append(
            go.Bar(
                name=name,
                orientation="h",
                y=labels,
                x=[RATING_POSITIONS.get(rating) for rating in ratings],
                marker=provider_style(index),
                customdata=[
                    rating or ("Not recorded" if row.cells[index] is not None else "Not applicable")
                    for rating, row in zip(ratings, rows, strict=True)
                ],
                hovertemplate=name + "<br>%{y}: %{customdata}<extra></extra>",
            )
        )
    return _figure(
        traces,
        _layout(
            barmode="group",
            bargap=0.25,
            height=120 + len(rows) * (14 + 12 * len(names)),
            yaxis={"autorange": "reversed", "automargin": True},
            xaxis={
                "range": [0, 4.2],
                "tickvals": list(RATING_POSITIONS.values()),
                "ticktext": list(RATING_POSITIONS),
                "title": {"text": "Published rating"},
            },
        ),
    )


def key_questions_comparison_chart(names, rows, thresholds):
    """Grouped bars of '% yes' per key question, one bar per provider, with 95% intervals as whiskers.

    `rows`: KeyQuestionRow list; `thresholds`: (percent, rating) pairs where bands start.
    """
    labels = [row.code for row in rows]
    traces = []
    for index, name in enumerate(map(chart_text, names)):
        cells = [row.cells[index] for row in rows]
        plus = [round(cell.interval[1] - cell.percent_yes, 2) if cell and cell.interval else 0 for cell in cells]
        minus = [round(cell.percent_yes - cell.interval[0], 2) if cell and cell.interval else 0 for cell in cells]
        traces.append(
            go.Bar(
                name=name,
                orientation="h",
                y=labels,
                x=[cell.percent_yes if cell else None for cell in cells],
                marker=provider_style(index),
                error_x={
                    "type": "data",
                    "array": plus,
                    "arrayminus": minus,
                    "color": INK,
                    "thickness": 1.5,
                    "width": 3,
                },
                customdata=[
                    (cell.interval_label or "no interval: number of cases not published") if cell else "not recorded"
                    for cell in cells
                ],
                hovertemplate=name + "<br>%{y}: %{x}% yes<br>95% interval: %{customdata}<extra></extra>",
            )
        )
    shapes, annotations = band_threshold_lines(thresholds)
    return _figure(
        traces,
        _layout(
            barmode="group",
            bargap=0.25,
            height=120 + len(rows) * (12 + 12 * len(names)),
            margin={"l": 10, "r": 20, "t": 30, "b": 40},
            yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
            xaxis={"range": [0, 100], "title": {"text": "% yes"}, "ticksuffix": "%"},
            shapes=shapes,
            annotations=annotations,
        ),
    )
