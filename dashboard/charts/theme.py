"""
The look every chart and map shares: one Plotly template, the colour palettes and the narrow-screen form.

Every builder (inspection.py, comparison.py, maps.py) starts its layout
from `layout()`, so fonts, colours, margins and hover labels are set here once.

Figures are built on the server, before anyone knows the width they will be
drawn at. So a figure can carry a second, narrow form as layout overrides in
`layout.meta.narrow`; static/js/charts.js applies them when the chart's box is
narrower than NARROW_WIDTH pixels (a phone), merging objects key by key and
replacing lists. A figure's height is the same in both forms, so the page can
reserve it before plotly.js arrives.
"""

import html

from inspections import rating_rules

from ..selectors.distributions import NOT_RECORDED

# Kept in step with static/js/charts.js.
NARROW_WIDTH = 560

INK = "#1d1d1f"
MUTED = "#595959"
GRID = "#e3e3e0"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

# The rating colours of static/css/site.css, so badges, tables, charts and maps agree.
RATING_COLOURS = {
    rating_rules.OUTSTANDING: "#0b5d54",
    rating_rules.GOOD: "#2e7031",
    rating_rules.REQUIRES_IMPROVEMENT: "#f2b632",
    rating_rules.INADEQUATE: "#a4221b",
    rating_rules.NOT_RATED: "#8c8c8c",
    NOT_RECORDED: "#d9d9d6",
}

# Compared providers are told apart by an identity colour, a marker shape and a
# fill pattern, never by colour alone. The colours are blue, magenta, cyan,
# purple, brown and dark slate: each at least 35 CIELAB units (ΔE*76) from every
# rating colour, so a provider never reads as a rating, and at least 34 from
# each other. The same index gives a provider the same look on the whole page
# (charts, table keys in site.css's .provider-key--N, the locator map).
IDENTITY_COLOURS = ("#2166c4", "#d1348f", "#42bfe8", "#7a3fb0", "#8b5a2b", "#222a5c")
IDENTITY_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "triangle-down", "star")
IDENTITY_PATTERNS = ("", "/", ".", "x", "\\", "+")
# Pattern lines in ink, except on the dark slate where ink would vanish.
IDENTITY_PATTERN_INK = (INK, INK, INK, "#ffffff", "#ffffff", "#ffffff")

# Every figure carries this very dict, uncopied, so nothing may change it in place.
TEMPLATE = {
    "layout": {
        "font": {"family": FONT, "size": 14, "color": INK},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        # Small fixed margins; axes grow them to fit their labels (automargin).
        "margin": {"l": 8, "r": 16, "t": 36, "b": 8, "pad": 0},
        "hoverlabel": {"font": {"family": FONT, "size": 13, "color": INK}, "bgcolor": "#ffffff", "bordercolor": INK},
        # Above the plot, so it never collides with the x-axis title.
        "legend": {"orientation": "h", "y": 1.0, "x": 0, "yanchor": "bottom", "traceorder": "normal"},
        "xaxis": {
            "automargin": True,
            "gridcolor": GRID,
            "zeroline": False,
            "linecolor": MUTED,
            "tickfont": {"size": 13},
            "title": {"font": {"size": 13}, "standoff": 8},
        },
        "yaxis": {
            "automargin": True,
            "ticklabelstandoff": 6,
            "gridcolor": GRID,
            "zeroline": False,
            "tickfont": {"size": 13},
            "title": {"font": {"size": 13}, "standoff": 8},
        },
    }
}


def layout(narrow=None, **overrides):
    """The site template with this chart's settings; `narrow`: overrides for a phone-width box."""
    built = {"template": TEMPLATE, **overrides}
    if narrow:
        built["meta"] = {"narrow": narrow}
    return built


def labels_above(positions, texts, offset, anchor="bottom"):
    """Category labels written above their rows, for a narrow box where labels beside the rows leave no room.

    `positions`: each row's place on the y axis (a category's index on a category
    axis); `offset`: axis units from there to the top edge of what the row draws
    (negative on the reversed axes of our horizontal charts, where rows run down).
    `anchor`: "bottom" writes the label above that point, "top" below it (for a
    label written in the top of its own row, from the row's edge at offset -0.5).
    """
    return [
        {
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": position + offset,
            "yref": "y",
            "yanchor": anchor,
            "showarrow": False,
            "align": "left",
            "text": text,
            "font": {"size": 13, "color": INK},
        }
        for position, text in zip(positions, texts, strict=True)
    ]


def wrap(text, width):
    """Break `text` into lines of at most about `width` characters, joined by <br> for Plotly."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def chart_text(value):
    """Data text as plotly.js should show it: literally.

    plotly.js reads names, labels and hover text as markup (`<a href>` becomes a link, `<b>` bold)
    and decodes entities, so escaping &, < and > shows the text as it is, markup and all.
    """
    return html.escape(str(value), quote=False)
