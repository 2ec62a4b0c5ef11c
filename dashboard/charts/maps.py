"""
Map builders: pure functions from selector output to Plotly figure dicts, plain dicts as in inspection.py
(whose docstring says where they are checked against the plotly.js schema).

Why filled polygons on plain axes, not a Plotly `geo` trace. A `choropleth` or
`scattergeo` trace needs plotly.js's geo bundle, and its base map (the world
outline and coastlines) comes as topojson that plotly.js fetches from a CDN
unless the page is configured to serve it too. Our shapes already are the
whole map, so we draw them as `scatter` traces with `fill: "toself"` on hidden
axes held at a 1:1 scale ratio (the geometry is projected for that: see
dashboard/charts/map_geometry.py). That needs only the basic bundle the other charts
use, and the page requests nothing from any other host.

A figure carries no coordinates. Each trace names the provider shapes it draws
in `meta.shapes`; static/js/map.js fetches the static, cacheable geometry file
(static/geo/providers.json) once and fills in x and y before drawing. Colours,
hover text and links are all decided here, from the server's data.
"""

from inspections import rating_rules

from . import geo
from .theme import INK, RATING_COLOURS, chart_text, layout

BORDER = "#ffffff"
NOT_RECORDED_FILL = "#f4f4f2"
NOT_RECORDED_LINE = "#595959"
LOCATOR_BACKGROUND = "#dcdcd8"
LOCATOR_HIGHLIGHT = "#1a4f9c"


def _map_layout(**overrides):
    axis = {"visible": False, "fixedrange": True, "constrain": "domain"}
    return layout(
        **{
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "xaxis": axis,
            "yaxis": {**axis, "scaleanchor": "x", "scaleratio": 1},
            "showlegend": False,
            "hovermode": "closest",
            "dragmode": False,
            **overrides,
        }
    )


def _shape_trace(slugs, url=None, **style):
    """A filled trace for the named shapes; map.js supplies x and y from the geometry file."""
    meta = {"shapes": list(slugs), **({"url": url} if url else {})}
    return {"type": "scatter", "x": [], "y": [], "mode": "lines", "fill": "toself", "meta": meta, **style}


def hover_text(row, measure_label):
    """'KSS CRC<br>Overall rating: Requires improvement<br>Published June 2019'."""
    # Line breaks only: plotly.js would draw <b> as a style attribute, which the Content-Security-Policy refuses.
    name = chart_text(row.provider.short_name)
    if row.inspection_id is None:
        return f"{name}<br>No inspection recorded"
    # Without an ISO date the label is "Date not recorded", which reads on its own.
    published = f"Published {row.published_label}" if row.published_iso else row.published_label
    if row.rating == rating_rules.NOT_RATED:
        outcome = "Not rated: no overall rating published"
        return f"{name}<br>{outcome}<br>{published}"
    return f"{name}<br>{chart_text(measure_label)}: {row.category}<br>{published}"


def choropleth(rows, measure_label):
    """One shape per provider, filled with the colour of its rating on the measure.

    `rows`: MapRow list from `map_page`. "Not recorded" is hatched with a dashed
    outline, so it never reads as a fifth band; those shapes are drawn last so
    their outlines stay whole. Each trace's `meta.url` is where a click goes.
    """
    recorded = [row for row in rows if row.rating]
    unrecorded = [row for row in rows if not row.rating]
    traces = []
    for row in recorded + unrecorded:
        if row.area is None:
            continue
        if row.rating == rating_rules.NOT_RATED:
            # An outcome, unlike "not recorded": solid grey, cross-hatched, solid outline.
            style = {
                "fillcolor": RATING_COLOURS[row.rating],
                "fillpattern": {"shape": "x", "bgcolor": "#e6e6e3", "fgcolor": "#595959", "size": 8, "solidity": 0.2},
                "line": {"color": INK, "width": 1},
            }
        elif row.rating:
            style = {"fillcolor": RATING_COLOURS[row.rating], "line": {"color": BORDER, "width": 1}}
        else:
            style = {
                "fillcolor": NOT_RECORDED_FILL,
                "fillpattern": {
                    "shape": "/",
                    "bgcolor": NOT_RECORDED_FILL,
                    "fgcolor": "#8c8c8c",
                    "size": 8,
                    "solidity": 0.15,
                },
                "line": {"color": NOT_RECORDED_LINE, "width": 1, "dash": "dot"},
            }
        traces.append(
            _shape_trace(
                [row.slug],
                url=row.provider.get_absolute_url(),
                name=chart_text(row.provider.short_name),
                hoveron="fills",
                hoverinfo="text",
                text=hover_text(row, measure_label),
                **style,
            )
        )
    return {"data": traces, "layout": _map_layout()}


def locator_map(providers, areas=None, fills=None):
    """A small map of England and Wales with the areas of `providers` highlighted; None if none has a shape.

    The other areas are drawn from the same kind of provider (CRCs when the
    highlighted providers are of both kinds, as their areas are the finer), and
    larger areas first so a CRC inside a highlighted NPS division stays visible.
    `areas`: {slug: ProviderArea}, by default the geometry file's. `fills`: one
    style per provider, as `comparison.provider_style` gives them
    ({"color": …, "pattern": {"shape": …}}), to tell several apart; without it
    every highlighted area is LOCATOR_HIGHLIGHT.
    """
    areas = geo.provider_areas() if areas is None else areas
    shown = [
        (provider, fills[index] if fills else None)
        for index, provider in enumerate(providers)
        if provider.slug in areas
    ]
    if not shown:
        return None
    types = {areas[provider.slug].provider_type for provider, _ in shown}
    background_type = types.pop() if len(types) == 1 else "crc"
    background = [slug for slug, area in areas.items() if area.provider_type == background_type]
    traces = [
        _shape_trace(
            background,
            name="England and Wales",
            fillcolor=LOCATOR_BACKGROUND,
            line={"color": BORDER, "width": 0.75},
            hoverinfo="skip",
        )
    ]
    # Larger kinds of area first, so a CRC inside a highlighted division or region stays visible.
    for provider, fill in sorted(shown, key=lambda pair: areas[pair[0].slug].provider_type not in ("nps", "region")):
        style = {"fillcolor": LOCATOR_HIGHLIGHT}
        if fill:
            style = {"fillcolor": fill["color"]}
            pattern = fill.get("pattern") or {}
            if pattern.get("shape"):
                style["fillpattern"] = {
                    "shape": pattern["shape"],
                    "bgcolor": fill["color"],
                    "fgcolor": pattern.get("fgcolor", INK),
                    "size": 6,
                }
        traces.append(
            _shape_trace(
                [provider.slug],
                name=chart_text(provider.short_name),
                line={"color": INK, "width": 1},
                hoverinfo="skip",
                **style,
            )
        )
    return {"data": traces, "layout": _map_layout()}
