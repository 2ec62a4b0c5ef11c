"""
Chart builders for the comparison page: pure functions from `selectors.compare` rows to Plotly figure dicts,
plain dicts as in inspection.py.

Both charts are dot plots: one row per standard or key question, one marker per
provider with a value, on the rating scale or the '% yes' axis. Unlike grouped
bars they keep no empty slot for a provider without a value, so six providers
with gaps stay readable; rows nobody has a value for are left out (the tables
beside the charts list everything). A provider with no value at all takes no
row space but keeps its legend entry, saying it has none, so the legend names
every provider compared. A chart taller than a phone's screen repeats its
scale above the first row, so a reader need not scroll to its foot to read it.

A provider is told apart by its identity colour, marker shape and fill pattern
(theme.IDENTITY_*), never by colour alone, the same on the whole page.
"""

import html
from dataclasses import dataclass

from inspections import rating_rules

from .inspection import AXIS_ROOM, LEGEND_ROOM, _figure, band_threshold_lines
from .theme import (
    GRID,
    IDENTITY_COLOURS,
    IDENTITY_PATTERN_INK,
    IDENTITY_PATTERNS,
    IDENTITY_SYMBOLS,
    INK,
    chart_text,
    layout,
    wrap,
)

# The name the social preview images and map tests know the identity colours by.
PROVIDER_COLOURS = IDENTITY_COLOURS

# Positions on the rating axis, worst to best.
RATING_POSITIONS = {rating: position for position, rating in enumerate(reversed(rating_rules.RATINGS), start=1)}

# Each row: room for its label above (where the narrow form writes it), then one line per provider.
LABEL_ROOM = 24
SLOT = 13
ROW_PADDING = 8
# Below the last row, where the '% yes' chart writes its band thresholds.
FOOT_ROOM = 22
# Charts taller than this (about a phone's screen below the page header) repeat their scale at the top,
# in this much room between the legend and the first row (two lines of the narrow form's tick labels).
TALL_CHART = 640
TOP_AXIS_ROOM = 34
# The legend on a phone: entries wrap into lines of this many pixels, each entry its symbol and about this much
# per character; LEGEND_ROOM holds two lines, and each further line adds its height to the chart.
PHONE_LEGEND_WIDTH = 340
LEGEND_SYMBOL_WIDTH = 40
LEGEND_CHARACTER_WIDTH = 7.5
LEGEND_LINE = 21
# plotly.js never breaks a legend entry's text, so an entry longer than this many characters, about what fits
# beside its symbol in the narrowest phone's chart (288 pixels wide on a 320-pixel screen), is written on two
# or more lines, breaking first before what it says is not recorded.
LEGEND_ENTRY_CHARACTERS = 32


def provider_style(index):
    """A compared provider's fill, as bars, map areas and the table keys draw it."""
    return {
        "color": IDENTITY_COLOURS[index % len(IDENTITY_COLOURS)],
        "line": {"color": INK, "width": 1},
        "pattern": {
            "shape": IDENTITY_PATTERNS[index % len(IDENTITY_PATTERNS)],
            "fgcolor": IDENTITY_PATTERN_INK[index % len(IDENTITY_PATTERN_INK)],
            "size": 6,
        },
    }


def provider_marker(index):
    """A compared provider's marker in the dot plots: its identity colour and shape."""
    return {
        "color": IDENTITY_COLOURS[index % len(IDENTITY_COLOURS)],
        "symbol": IDENTITY_SYMBOLS[index % len(IDENTITY_SYMBOLS)],
        "size": 11,
        "line": {"color": INK, "width": 1},
    }


@dataclass(frozen=True)
class _Rows:
    """Where rows and providers' markers go: row r's provider slot k sits at y = r - 0.5 + (top + k * SLOT) / pitch."""

    count: int
    slots: int
    pitch: int

    def y(self, row, slot):
        return row - 0.5 + (LABEL_ROOM + SLOT / 2 + slot * SLOT) / self.pitch

    def centre(self, row):
        return row - 0.5 + (LABEL_ROOM + self.slots * SLOT / 2) / self.pitch


def _dot_plot(
    names,
    labels,
    values,
    hover,
    xaxis,
    narrow_xaxis=None,
    foot=0,
    extra_layout=None,
    narrow_margin=None,
    nothing_recorded="nothing recorded",
):
    """One row per label, one marker per provider with a value; `values[p][r]` is None where there is none.

    `hover[p][r]`: the text for provider p's marker on row r. Names and labels are shown literally.
    A provider with no value on any row is in the legend as "<name> — `nothing_recorded`".
    """
    names = [chart_text(name) for name in names]
    labels = [chart_text(label) for label in labels]
    rows_kept = [r for r in range(len(labels)) if any(values[p][r] is not None for p in range(len(names)))]
    providers_kept = [p for p in range(len(names)) if any(values[p][r] is not None for r in rows_kept)]
    if not rows_kept:
        return None
    rows = _Rows(len(rows_kept), len(providers_kept), LABEL_ROOM + SLOT * len(providers_kept) + ROW_PADDING)
    traces = []
    for p in range(len(names)):
        if p not in providers_kept:
            traces.append(_legend_only(names[p], p, nothing_recorded))
            continue
        slot = providers_kept.index(p)
        points = [(index, r) for index, r in enumerate(rows_kept) if values[p][r] is not None]
        trace = {
            "type": "scatter",
            "name": names[p],
            "mode": "markers",
            "x": [values[p][r]["x"] for _, r in points],
            "y": [round(rows.y(index, slot), 4) for index, _ in points],
            "marker": provider_marker(p),
            "customdata": [hover[p][r] for _, r in points],
            "hovertemplate": names[p] + "<br>%{customdata}<extra></extra>",
        }
        whiskers = _whiskers([values[p][r] for _, r in points])
        if whiskers:
            trace["error_x"] = whiskers
        traces.append(trace)
    kept_labels = [labels[r] for r in rows_kept]
    separators = [
        {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "y0": index + 0.5,
            "y1": index + 0.5,
            "line": {"color": GRID, "width": 1},
        }
        for index in range(len(rows_kept) - 1)
    ]
    extra = dict(extra_layout or {})
    shapes = separators + extra.pop("shapes", [])
    annotations = extra.pop("annotations", [])
    drawn = {name: items for name, items in (("shapes", shapes), ("annotations", annotations)) if items}
    foot_units = foot / rows.pitch
    yaxis = {
        "range": [len(rows_kept) - 0.5 + foot_units, -0.5],
        "tickmode": "array",
        "tickvals": [round(rows.centre(index), 4) for index in range(len(rows_kept))],
        "ticktext": [wrap(label, 30) for label in kept_labels],
        "showgrid": False,
        "fixedrange": True,
    }
    narrow_labels = [
        {
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": index - 0.5,
            "yref": "y",
            "yanchor": "top",
            "showarrow": False,
            "text": label,
            "font": {"size": 13, "color": INK},
        }
        for index, label in enumerate(kept_labels)
    ]
    plot_height = rows.pitch * len(rows_kept) + foot
    legend_names = [trace["name"] for trace in traces]
    height = LEGEND_ROOM + AXIS_ROOM + plot_height + LEGEND_LINE * max(0, _phone_legend_lines(legend_names) - 2)
    narrow = {
        "yaxis": {"showticklabels": False},
        "annotations": annotations + narrow_labels,
        "xaxis": narrow_xaxis or {},
        "margin": narrow_margin or {},
    }
    if height > TALL_CHART:
        height += TOP_AXIS_ROOM
        top_axis = _scale_on_top(xaxis, plot_height)
        extra.update(top_axis)
        narrow["xaxis2"] = {key: value for key, value in (narrow_xaxis or {}).items() if key != "range"}
        traces.append(_top_axis_anchor())
    return _figure(
        traces,
        layout(
            height=height,
            hovermode="closest",
            showlegend=True,  # even for one provider: the legend is the key to its marker
            xaxis={**xaxis, "fixedrange": True},
            yaxis=yaxis,
            narrow=narrow,
            **drawn,
            **extra,
        ),
    )


def _phone_legend_lines(names):
    """How many lines of text the legend takes on a phone, its entries placed left to right as plotly.js does:
    a row of entries is as tall as its entry of most lines (an entry's lines are parted by <br>)."""
    rows, used, tallest = 0, 0, 1
    for name in names:
        lines = name.split("<br>")
        width = LEGEND_SYMBOL_WIDTH + LEGEND_CHARACTER_WIDTH * max(len(html.unescape(line)) for line in lines)
        if used and used + width > PHONE_LEGEND_WIDTH:
            rows, used, tallest = rows + tallest, 0, 1
        used += width
        tallest = max(tallest, len(lines))
    return rows + tallest


def _legend_entry(name, nothing_recorded):
    """ "<name> — <nothing_recorded>" on one line where it fits a phone's legend, else broken before what is
    not recorded (and either part at its spaces where still too long)."""
    entry = f"{name} — {nothing_recorded}"
    if len(html.unescape(entry)) <= LEGEND_ENTRY_CHARACTERS:
        return entry
    return "<br>".join(wrap(part, LEGEND_ENTRY_CHARACTERS) for part in (f"{name} —", nothing_recorded))


def _legend_only(name, index, nothing_recorded):
    """A legend entry, and no marker, for a compared provider with no value to plot.

    One blank point: plotly.js leaves a trace with no points at all out of the legend.
    """
    return {
        "type": "scatter",
        "name": _legend_entry(name, nothing_recorded),
        "mode": "markers",
        "x": [None],
        "y": [None],
        "marker": {**provider_marker(index), "opacity": 0.35},
        "hoverinfo": "skip",
    }


def _scale_on_top(xaxis, plot_height):
    """Layout for the scale repeated above the first row: a second x axis over the first, and the legend
    raised above it."""
    return {
        "xaxis2": {
            key: value for key, value in xaxis.items() if key in ("range", "tickmode", "tickvals", "ticktext", "dtick")
        }
        | {
            "ticksuffix": xaxis.get("ticksuffix", ""),
            "overlaying": "x",
            "matches": "x",
            "side": "top",
            "showgrid": False,
            "fixedrange": True,
            "automargin": True,
            "tickfont": {"size": 13},
        },
        "legend": {"y": round(1 + TOP_AXIS_ROOM / plot_height, 4)},
    }


def _top_axis_anchor():
    """An empty trace on the top axis: plotly.js draws an axis only when a trace uses it."""
    return {
        "type": "scatter",
        "mode": "markers",
        "x": [],
        "y": [],
        "xaxis": "x2",
        "showlegend": False,
        "hoverinfo": "skip",
    }


def _whiskers(values):
    plus = [value.get("plus", 0) for value in values]
    minus = [value.get("minus", 0) for value in values]
    if not any(plus) and not any(minus):
        return None
    return {"type": "data", "array": plus, "arrayminus": minus, "color": INK, "thickness": 1.5, "width": 3}


def standards_comparison_chart(names, rows):
    """Each provider's published rating on each standard, placed on the rating scale.

    `names`: provider short names in order; `rows`: StandardRow list. A rating not
    recorded (or a standard outside the provider's framework) has no marker.
    """
    labels = [f"{row.code} {row.name}" for row in rows]
    values, hover = [], []
    for index in range(len(names)):
        ratings = [row.cells[index].rating if row.cells[index] is not None else None for row in rows]
        values.append([{"x": RATING_POSITIONS[rating]} if rating in RATING_POSITIONS else None for rating in ratings])
        hover.append([chart_text(f"{label}: {rating}") for label, rating in zip(labels, ratings, strict=True)])
    ticks = list(RATING_POSITIONS)
    xaxis = {
        "range": [0.5, 4.5],
        "tickmode": "array",
        "tickvals": list(RATING_POSITIONS.values()),
        "ticktext": ticks,
        "showgrid": True,
        "title": {"text": "Published rating"},
    }
    # Smaller, two-line names on a phone, and the scale to the plot's edges, so four bands fit side by side.
    narrow_xaxis = {"ticktext": [wrap(tick, 9) for tick in ticks], "tickfont": {"size": 11}, "range": [0.55, 4.45]}
    return _dot_plot(
        names,
        labels,
        values,
        hover,
        xaxis,
        narrow_xaxis,
        narrow_margin={"l": 4, "r": 4},
        nothing_recorded="no ratings recorded",
    )


def key_questions_comparison_chart(names, rows, thresholds):
    """Each provider's '% yes' per key question with its 95% interval as whiskers, and the band thresholds.

    `rows`: KeyQuestionRow list; `thresholds`: (percent, rating) pairs where bands start.
    """
    labels = [row.code for row in rows]
    values, hover = [], []
    for index in range(len(names)):
        cells = [row.cells[index] for row in rows]
        values.append(
            [
                {
                    "x": cell.percent_yes,
                    "plus": round(cell.interval[1] - cell.percent_yes, 2) if cell.interval else 0,
                    "minus": round(cell.percent_yes - cell.interval[0], 2) if cell.interval else 0,
                }
                if cell is not None and cell.percent_yes is not None
                else None
                for cell in cells
            ]
        )
        hover.append(
            [
                f"{label}: {cell.percent_yes:g}% yes<br>95% interval: "
                + (cell.interval_label or "none: number of cases not published")
                if cell is not None and cell.percent_yes is not None
                else ""
                for label, cell in zip(labels, cells, strict=True)
            ]
        )
    shapes, annotations = band_threshold_lines(thresholds, labels_at_bottom=True)
    return _dot_plot(
        names,
        labels,
        values,
        hover,
        {"range": [0, 100], "title": {"text": "% yes"}, "ticksuffix": "%", "dtick": 25, "showgrid": True},
        foot=FOOT_ROOM,
        extra_layout={"shapes": shapes, "annotations": annotations},
        nothing_recorded="no results recorded",
    )
