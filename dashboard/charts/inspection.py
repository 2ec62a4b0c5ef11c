"""
Chart builders: pure functions from selector output to Plotly figure dicts.

The figures are plain dicts, built without plotly.py: its validation of every
property took a quarter of a provider page's time. Their check against the
plotly.js schema (3.7.0, the version of our static bundle) runs in the tests
instead: tests/dashboard/charts/test_figure_schema.py validates every
builder's figures with plotly.py. Pages carry the dicts as JSON and
static/js/charts.js draws them; every chart also has a data table on the page.
Every layout starts from the site template in theme.py, and horizontal
bar charts carry a narrow form whose row labels sit above the bars.

A builder returns None where the data are too few to show a pattern; the page
then says so beside the table that holds the values.
"""

from inspections import rating_rules

from ..selectors.distributions import CATEGORIES, NOT_RECORDED
from .theme import INK, MUTED, RATING_COLOURS, chart_text, labels_above, layout, wrap

# Fewer recorded values than this across a chart show no pattern worth drawing.
MIN_RECORDED_VALUES = 5

# Each row of a horizontal bar chart: pixels per row, and the share of it left as the gap
# between bars, where the narrow form writes the row's label.
ROW_PITCH = 44
BAR_GAP = 0.5
# Room above the plot for a legend that may wrap to three lines on a phone.
LEGEND_ROOM = 72
AXIS_ROOM = 56

# Measures where a lower figure is the better one; matched in the metric's wording.
LOWER_IS_BETTER_WORDS = ("reoffen",)


def lower_is_better(metric):
    return any(word in metric.lower() for word in LOWER_IS_BETTER_WORDS)


def fact_label(metric):
    """A fact's name as charts and tables show it, saying when lower is better."""
    return f"{metric} (lower is better)" if lower_is_better(metric) else metric


def _figure(data, chart_layout):
    return {"data": data, "layout": chart_layout}


def _row_labels_narrow(labels, half_bar=(1 - BAR_GAP) / 2, headroom=0.4):
    """The narrow form of a chart with one labelled row per category: labels above the bars, none beside.

    `headroom` (in rows) above the first bar keeps its label clear of the legend.
    """
    return {
        "yaxis": {"showticklabels": False, "autorange": False, "range": [len(labels) - 0.5, -0.5 - headroom]},
        "annotations": labels_above(range(len(labels)), labels, -half_bar),
    }


def _stacked_rating_bars(labels, counts, unit):
    """One horizontal bar trace per rating category, best first, 'Not recorded' last."""
    suffix = f" {unit}" if unit else ""
    return [
        {
            "type": "bar",
            "name": category,
            "orientation": "h",
            "y": labels,
            "x": [row.get(category, 0) for row in counts],
            "marker": {"color": RATING_COLOURS[category], "line": {"color": "#ffffff", "width": 1}},
            "hovertemplate": "%{y}<br>" + category + ": %{x}" + suffix + "<extra></extra>",
        }
        for category in CATEGORIES
    ]


def _stacked_bars_layout(labels):
    """The layout of stacked rating bars counting providers, one row per label."""
    return layout(
        barmode="stack",
        bargap=BAR_GAP,
        height=LEGEND_ROOM + AXIS_ROOM + ROW_PITCH * len(labels),
        yaxis={"autorange": "reversed", "type": "category"},
        xaxis={"title": {"text": "Providers"}, "nticks": 6, "rangemode": "tozero"},
        narrow=_row_labels_narrow(labels),
    )


def _recorded(counts):
    return sum(count for category, count in counts.items() if category != NOT_RECORDED)


def band_threshold_lines(thresholds, labels_at_bottom=False):
    """Dashed vertical lines where a '% yes' band starts, each labelled with its percentage: (shapes, annotations).

    The labels are short so neighbours never overlap at any width; the chart's
    caption names the bands. `labels_at_bottom` puts them inside the foot of the
    plot, for charts whose legend sits above it.
    """
    shapes = [
        {
            "type": "line",
            "x0": percent,
            "x1": percent,
            "y0": 0,
            "y1": 1,
            "yref": "paper",
            "line": {"color": MUTED, "width": 1.5, "dash": "dash"},
        }
        for percent, _ in thresholds
    ]
    annotations = [
        {
            "x": percent,
            "y": 0 if labels_at_bottom else 1,
            "yref": "paper",
            "yanchor": "bottom",
            "xanchor": "left" if labels_at_bottom else "center",
            "showarrow": False,
            "text": f"{percent:g}%",
            "hovertext": f"{rating} from {percent:g}%",
            "font": {"size": 12, "color": MUTED},
        }
        for percent, rating in thresholds
    ]
    return shapes, annotations


def standards_profile(standards, distributions, provider_name):
    """The provider's published ratings against how every provider was rated on each standard.

    `standards`: StandardView list; `distributions`: {code: Counter} from `standard_distributions`.
    The provider's ◆ marks only the standards it has a rating on. None when it has
    none, or when too few ratings are recorded across providers to show a pattern.
    """
    counts = [distributions.get(standard.code, {}) for standard in standards]
    if not any(standard.rating for standard in standards) or sum(map(_recorded, counts)) < MIN_RECORDED_VALUES:
        return None
    labels = [chart_text(f"{standard.code} {standard.name}") for standard in standards]
    provider_name = chart_text(provider_name)
    traces = _stacked_rating_bars(labels, counts, "providers")
    # Mark the provider's own rating in the middle of its band's segment.
    marker_x, marker_y, marker_text = [], [], []
    for label, standard, standard_counts in zip(labels, standards, counts, strict=True):
        if not standard.rating:
            continue
        before = 0
        for category in CATEGORIES:
            if category == standard.rating:
                break
            before += standard_counts.get(category, 0)
        marker_x.append(before + standard_counts.get(standard.rating, 0) / 2)
        marker_y.append(label)
        marker_text.append(f"{provider_name}: {standard.rating}")
    traces.append(
        {
            "type": "scatter",
            "name": f"{provider_name}'s rating",
            "x": marker_x,
            "y": marker_y,
            "mode": "markers",
            "marker": {"symbol": "diamond", "size": 14, "color": "#ffffff", "line": {"color": INK, "width": 2}},
            "text": marker_text,
            "hovertemplate": "%{text}<extra></extra>",
        }
    )
    return _figure(traces, _stacked_bars_layout(labels))


def key_questions_chart(key_questions, scale):
    """'% yes' per key question with 95% intervals and the 50/65/80 band thresholds."""
    labels = [question.code for question in key_questions]
    plus, minus = [], []
    for question in key_questions:
        if question.interval:
            low, high = question.interval
            plus.append(round(high - question.percent_yes, 2))
            minus.append(round(question.percent_yes - low, 2))
        else:
            plus.append(0)
            minus.append(0)
    bars = {
        "type": "bar",
        "orientation": "h",
        "y": labels,
        "x": [question.percent_yes for question in key_questions],
        "marker": {"color": [RATING_COLOURS[question.indicated] for question in key_questions]},
        "error_x": {"type": "data", "array": plus, "arrayminus": minus, "color": INK, "thickness": 1.5, "width": 4},
        "text": [question.percent_label for question in key_questions],
        "textposition": "inside",
        "insidetextanchor": "start",
        "textfont": {"color": [_text_colour(question.indicated) for question in key_questions]},
        "customdata": [
            [chart_text(question.text), question.interval_label or "no interval: sub-sample size not published"]
            for question in key_questions
        ],
        "hovertemplate": "%{y}: %{x}% yes<br>%{customdata[0]}<br>95% interval: %{customdata[1]}<extra></extra>",
        "showlegend": False,
    }
    shapes, annotations = band_threshold_lines(scale.band_thresholds())
    return _figure(
        [bars],
        layout(
            height=32 + AXIS_ROOM + 30 * len(labels),
            bargap=0.3,
            yaxis={"autorange": "reversed", "type": "category"},
            xaxis={"range": [0, 100], "title": {"text": "% yes"}, "ticksuffix": "%", "dtick": 25},
            shapes=shapes,
            annotations=annotations,
        ),
    )


def _text_colour(rating):
    return INK if rating in (rating_rules.REQUIRES_IMPROVEMENT, NOT_RECORDED) else "#ffffff"


# Two bars per fact, with room above them for a three-line label on a phone.
FACT_PITCH = 140
FACT_GAP = 0.72


def facts_chart(facts, provider_name="This provider"):
    """Percentage facts: the provider against England and Wales, with the target marked.

    A measure where lower is better says so in its label. None without a percentage the provider has.
    """
    percent_facts = [fact for fact in facts if fact.unit == "percent" and fact.provider_value is not None]
    if not percent_facts:
        return None
    names = [chart_text(fact_label(fact.metric)) for fact in percent_facts]
    provider_name = chart_text(provider_name)
    labels = [wrap(name, 34) for name in names]
    traces = [
        {
            "type": "bar",
            "name": provider_name,
            "orientation": "h",
            "y": labels,
            "x": [float(fact.provider_value) for fact in percent_facts],
            "marker": {"color": "#2166c4"},
            "hovertemplate": "%{y}<br>" + provider_name + ": %{x}%<extra></extra>",
        },
        {
            "type": "bar",
            "name": "England and Wales",
            "orientation": "h",
            "y": labels,
            "x": [
                float(fact.england_and_wales_value) if fact.england_and_wales_value is not None else None
                for fact in percent_facts
            ],
            "marker": {"color": "#8c8c8c"},
            "hovertemplate": "%{y}<br>England and Wales: %{x}%<extra></extra>",
        },
    ]
    targets = [
        (label, float(fact.target))
        for label, fact in zip(labels, percent_facts, strict=True)
        if fact.target is not None
    ]
    if targets:
        traces.append(
            {
                "type": "scatter",
                "name": "Target",
                "mode": "markers",
                "y": [label for label, _ in targets],
                "x": [value for _, value in targets],
                "marker": {"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": INK}},
                "hovertemplate": "%{y}<br>Target: %{x}%<extra></extra>",
            }
        )
    return _figure(
        traces,
        layout(
            barmode="group",
            bargap=FACT_GAP,
            height=LEGEND_ROOM + AXIS_ROOM + FACT_PITCH * len(labels),
            yaxis={"autorange": "reversed", "type": "category"},
            xaxis={"range": [0, 100], "ticksuffix": "%", "dtick": 25},
            narrow=_row_labels_narrow([wrap(name, 36) for name in names], (1 - FACT_GAP) / 2, headroom=0.2),
        ),
    )


def rating_history_chart(points):
    """Overall rating over time; `points` are (published ISO date, label, rating, score or None)."""
    order = list(reversed(rating_rules.RATINGS))
    return _figure(
        [
            {
                "type": "scatter",
                "x": [point[0] for point in points],
                "y": [point[2] for point in points],
                "mode": "lines+markers",
                "line": {"color": INK, "width": 2},
                "marker": {
                    "size": 14,
                    "color": [RATING_COLOURS.get(point[2], RATING_COLOURS[NOT_RECORDED]) for point in points],
                    "line": {"color": INK, "width": 1.5},
                },
                "text": [chart_text(point[1]) for point in points],
                "hovertemplate": "%{text}: %{y}<extra></extra>",
                "showlegend": False,
            }
        ],
        layout(
            height=260,
            margin={"t": 16},
            yaxis={"type": "category", "categoryorder": "array", "categoryarray": order, "range": [-0.5, 3.5]},
            xaxis={"type": "date", "title": {"text": "Published"}, "nticks": 6},
            narrow={
                "yaxis": {
                    "tickmode": "array",
                    "tickvals": order,
                    "ticktext": ["Inadequate", "Requires<br>improvement", "Good", "Outstanding"],
                },
                "xaxis": {"nticks": 3},
            },
        ),
    )


def distribution_chart(rows):
    """Stacked bars of rating counts; `rows` are (label, Counter) pairs, e.g. one per standard or owner.

    None when fewer than MIN_RECORDED_VALUES ratings are recorded across the rows.
    """
    if sum(_recorded(counts) for _, counts in rows) < MIN_RECORDED_VALUES:
        return None
    labels = [chart_text(label) for label, _ in rows]
    traces = _stacked_rating_bars(labels, [counts for _, counts in rows], "")
    return _figure(traces, _stacked_bars_layout(labels))


def funnel_plot(points, national_percent, max_cases):
    """'% yes' against cases inspected, with 95% and 99.8% limits around the national figure.

    `points`: (provider name, percent, cases) triples. None with fewer than
    rating_rules.MIN_FUNNEL_POINTS: limits around a handful of providers say nothing.
    """
    if len(points) < rating_rules.MIN_FUNNEL_POINTS:
        return None
    sizes = list(range(max(5, min(point[2] for point in points) // 2), max_cases + 20, 2))
    traces = []
    for z, name, dash in ((rating_rules.Z_95, "95% limits", "dash"), (rating_rules.Z_998, "99.8% limits", "dot")):
        lower = [rating_rules.funnel_limits(national_percent, n, z)[0] for n in sizes]
        upper = [rating_rules.funnel_limits(national_percent, n, z)[1] for n in sizes]
        traces.append(
            {
                "type": "scatter",
                "x": sizes,
                "y": upper,
                "mode": "lines",
                "name": name,
                "line": {"color": MUTED, "dash": dash},
                "hoverinfo": "skip",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": sizes,
                "y": lower,
                "mode": "lines",
                "name": name,
                "showlegend": False,
                "line": {"color": MUTED, "dash": dash},
                "hoverinfo": "skip",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "x": [sizes[0], sizes[-1]],
            "y": [national_percent, national_percent],
            "mode": "lines",
            "name": f"All providers: {national_percent:.0f}%",
            "line": {"color": INK, "width": 1},
            "hoverinfo": "skip",
        }
    )
    traces.append(
        {
            "type": "scatter",
            "x": [point[2] for point in points],
            "y": [point[1] for point in points],
            "mode": "markers",
            "name": "Providers",
            "text": [chart_text(point[0]) for point in points],
            "marker": {"size": 11, "color": "#2166c4", "line": {"color": "#ffffff", "width": 1}},
            "hovertemplate": "%{text}: %{y}% yes of %{x} cases<extra></extra>",
        }
    )
    return _figure(
        traces,
        layout(
            height=420,
            xaxis={"title": {"text": "Cases inspected"}, "nticks": 8},
            yaxis={"title": {"text": "% yes"}, "range": [0, 100], "ticksuffix": "%", "dtick": 25},
            narrow={"xaxis": {"nticks": 4}},
        ),
    )
