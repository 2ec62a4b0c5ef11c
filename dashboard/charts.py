"""
Chart builders: pure functions from selector output to Plotly figure dicts.

plotly.py checks each figure against the plotly.js schema it was built for
(3.7.0, the version of our static bundle). Pages carry the dicts as JSON and
static/js/charts.js draws them; every chart also has a data table on the page.
"""

import html

import plotly.graph_objects as go

from inspections import rating_rules

from .selectors.distributions import CATEGORIES, NOT_RECORDED

# The rating colours of static/css/site.css, so badges, tables and charts agree.
RATING_COLOURS = {
    rating_rules.OUTSTANDING: "#0b5d54",
    rating_rules.GOOD: "#2e7031",
    rating_rules.REQUIRES_IMPROVEMENT: "#f2b632",
    rating_rules.INADEQUATE: "#a4221b",
    rating_rules.NOT_RATED: "#8c8c8c",
    NOT_RECORDED: "#d9d9d6",
}
INK = "#1d1d1f"
MUTED = "#595959"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def chart_text(value):
    """Data text as plotly.js should show it: literally.

    plotly.js reads names, labels and hover text as markup (`<a href>` becomes a link, `<b>` bold)
    and decodes entities, so escaping &, < and > shows the text as it is, markup and all.
    """
    return html.escape(str(value), quote=False)


def _layout(**overrides):
    layout = {
        "font": {"family": FONT, "size": 14, "color": INK},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 10, "r": 20, "t": 40, "b": 50},
        "hoverlabel": {"font": {"family": FONT}},
        # Above the plot, so it never collides with the x-axis title.
        "legend": {"orientation": "h", "y": 1.02, "x": 0, "yanchor": "bottom", "traceorder": "normal"},
    }
    layout.update(overrides)
    return layout


def _figure(data, layout):
    return go.Figure(data=data, layout=layout).to_plotly_json()


def _stacked_rating_bars(labels, counts, unit):
    """One horizontal bar trace per rating category, best first, 'Not recorded' last."""
    suffix = f" {unit}" if unit else ""
    return [
        go.Bar(
            name=category,
            orientation="h",
            y=labels,
            x=[row.get(category, 0) for row in counts],
            marker={"color": RATING_COLOURS[category], "line": {"color": "#ffffff", "width": 1}},
            hovertemplate="%{y}<br>" + category + ": %{x}" + suffix + "<extra></extra>",
        )
        for category in CATEGORIES
    ]


def band_threshold_lines(thresholds):
    """Dashed vertical lines, each labelled, where a '% yes' band starts: (shapes, annotations)."""
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
            "y": 1,
            "yref": "paper",
            "yanchor": "bottom",
            "showarrow": False,
            "text": f"{percent:g}%: {rating}",
            "font": {"size": 12, "color": MUTED},
            "xanchor": "left",
        }
        for percent, rating in thresholds
    ]
    return shapes, annotations


def standards_profile(standards, distributions, provider_name):
    """The provider's ten published ratings against how every provider was rated on each standard.

    `standards`: StandardView list; `distributions`: {code: Counter} from `standard_distributions`.
    """
    labels = [chart_text(f"{standard.code} {standard.name}") for standard in standards]
    provider_name = chart_text(provider_name)
    traces = _stacked_rating_bars(labels, [distributions.get(standard.code, {}) for standard in standards], "providers")
    # Mark the provider's own rating in the middle of its band's segment.
    marker_x, marker_y, marker_text = [], [], []
    for label, standard in zip(labels, standards, strict=True):
        counts = distributions.get(standard.code, {})
        own = standard.rating or NOT_RECORDED
        before = 0
        for category in CATEGORIES:
            if category == own:
                break
            before += counts.get(category, 0)
        marker_x.append(before + counts.get(own, 0) / 2)
        marker_y.append(label)
        marker_text.append(f"{provider_name}: {own}")
    traces.append(
        go.Scatter(
            name=f"{provider_name}'s rating",
            x=marker_x,
            y=marker_y,
            mode="markers",
            marker={"symbol": "diamond", "size": 14, "color": "#ffffff", "line": {"color": INK, "width": 2}},
            text=marker_text,
            hovertemplate="%{text}<extra></extra>",
        )
    )
    return _figure(
        traces,
        _layout(
            barmode="stack",
            height=90 + 34 * len(labels),
            yaxis={"autorange": "reversed", "automargin": True},
            xaxis={"title": {"text": "Providers (latest inspection of each)"}, "dtick": 5},
        ),
    )


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
    bars = go.Bar(
        orientation="h",
        y=labels,
        x=[question.percent_yes for question in key_questions],
        marker={"color": [RATING_COLOURS[question.indicated] for question in key_questions]},
        error_x={"type": "data", "array": plus, "arrayminus": minus, "color": INK, "thickness": 1.5, "width": 4},
        text=[question.percent_label for question in key_questions],
        textposition="inside",
        insidetextanchor="start",
        textfont={"color": [_text_colour(question.indicated) for question in key_questions]},
        customdata=[
            [chart_text(question.text), question.interval_label or "no interval: sub-sample size not published"]
            for question in key_questions
        ],
        hovertemplate="%{y}: %{x}% yes<br>%{customdata[0]}<br>95% interval: %{customdata[1]}<extra></extra>",
        showlegend=False,
    )
    shapes, annotations = band_threshold_lines(scale.band_thresholds())
    return _figure(
        [bars],
        _layout(
            height=80 + 28 * len(labels),
            margin={"l": 10, "r": 20, "t": 30, "b": 40},
            yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
            xaxis={"range": [0, 100], "title": {"text": "% yes"}, "ticksuffix": "%"},
            shapes=shapes,
            annotations=annotations,
        ),
    )


def _text_colour(rating):
    return INK if rating in (rating_rules.REQUIRES_IMPROVEMENT, NOT_RECORDED) else "#ffffff"


def facts_chart(facts):
    """Percentage facts: the provider against England and Wales, with the target marked."""
    percent_facts = [fact for fact in facts if fact.unit == "percent" and fact.provider_value is not None]
    labels = [_wrap(chart_text(fact.metric)) for fact in percent_facts]
    traces = [
        go.Bar(
            name="This provider",
            orientation="h",
            y=labels,
            x=[float(fact.provider_value) for fact in percent_facts],
            marker={"color": "#1a4f9c"},
            hovertemplate="%{y}<br>This provider: %{x}%<extra></extra>",
        ),
        go.Bar(
            name="England and Wales",
            orientation="h",
            y=labels,
            x=[
                float(fact.england_and_wales_value) if fact.england_and_wales_value is not None else None
                for fact in percent_facts
            ],
            marker={"color": "#8c8c8c"},
            hovertemplate="%{y}<br>England and Wales: %{x}%<extra></extra>",
        ),
    ]
    targets = [
        (label, float(fact.target))
        for label, fact in zip(labels, percent_facts, strict=True)
        if fact.target is not None
    ]
    if targets:
        traces.append(
            go.Scatter(
                name="Target",
                mode="markers",
                y=[label for label, _ in targets],
                x=[value for _, value in targets],
                marker={"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": INK}},
                hovertemplate="%{y}<br>Target: %{x}%<extra></extra>",
            )
        )
    return _figure(
        traces,
        _layout(
            barmode="group",
            height=120 + 70 * len(labels),
            yaxis={"autorange": "reversed", "automargin": True},
            xaxis={"range": [0, 100], "ticksuffix": "%"},
        ),
    )


def _wrap(text, width=34):
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def rating_history_chart(points):
    """Overall rating over time; `points` are (published ISO date, label, rating, score or None)."""
    order = list(reversed(rating_rules.RATINGS))
    return _figure(
        [
            go.Scatter(
                x=[point[0] for point in points],
                y=[point[2] for point in points],
                mode="lines+markers",
                line={"color": INK, "width": 2},
                marker={
                    "size": 14,
                    "color": [RATING_COLOURS.get(point[2], RATING_COLOURS[NOT_RECORDED]) for point in points],
                    "line": {"color": INK, "width": 1.5},
                },
                text=[chart_text(point[1]) for point in points],
                hovertemplate="%{text}: %{y}<extra></extra>",
                showlegend=False,
            )
        ],
        _layout(
            height=260,
            yaxis={
                "type": "category",
                "categoryorder": "array",
                "categoryarray": order,
                "range": [-0.5, 3.5],
                "automargin": True,
            },
            xaxis={"type": "date", "title": {"text": "Published"}},
        ),
    )


def distribution_chart(rows):
    """Stacked bars of rating counts; `rows` are (label, Counter) pairs, e.g. one per standard or owner."""
    labels = [chart_text(label) for label, _ in rows]
    traces = _stacked_rating_bars(labels, [counts for _, counts in rows], "")
    return _figure(
        traces,
        _layout(
            barmode="stack",
            height=110 + 40 * len(labels),
            yaxis={"autorange": "reversed", "automargin": True},
            xaxis={"title": {"text": "Providers"}},
        ),
    )


def funnel_plot(points, national_percent, max_cases):
    """'% yes' against cases inspected, with 95% and 99.8% limits around the national figure.

    `points`: (provider name, percent, cases) triples.
    """
    sizes = list(range(max(5, min(point[2] for point in points) // 2), max_cases + 20, 2)) if points else []
    traces = []
    for z, name, dash in ((rating_rules.Z_95, "95% limits", "dash"), (rating_rules.Z_998, "99.8% limits", "dot")):
        lower = [rating_rules.funnel_limits(national_percent, n, z)[0] for n in sizes]
        upper = [rating_rules.funnel_limits(national_percent, n, z)[1] for n in sizes]
        traces.append(
            go.Scatter(x=sizes, y=upper, mode="lines", name=name, line={"color": MUTED, "dash": dash}, hoverinfo="skip")
        )
        traces.append(
            go.Scatter(
                x=sizes,
                y=lower,
                mode="lines",
                name=name,
                showlegend=False,
                line={"color": MUTED, "dash": dash},
                hoverinfo="skip",
            )
        )
    traces.append(
        go.Scatter(
            x=[sizes[0] if sizes else 0, sizes[-1] if sizes else 1],
            y=[national_percent, national_percent],
            mode="lines",
            name=f"All providers: {national_percent:.0f}%",
            line={"color": INK, "width": 1},
            hoverinfo="skip",
        )
    )
    traces.append(
        go.Scatter(
            x=[point[2] for point in points],
            y=[point[1] for point in points],
            mode="markers",
            name="Providers",
            text=[chart_text(point[0]) for point in points],
            marker={"size": 11, "color": "#1a4f9c", "line": {"color": "#ffffff", "width": 1}},
            hovertemplate="%{text}: %{y}% yes of %{x} cases<extra></extra>",
        )
    )
    return _figure(
        traces,
        _layout(
            height=380,
            xaxis={"title": {"text": "Cases inspected"}},
            yaxis={"title": {"text": "% yes"}, "range": [0, 100], "ticksuffix": "%"},
        ),
    )
