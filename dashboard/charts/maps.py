"""
Map builders, pure functions from selector output: the map page's choropleth, drawn by the server as SVG, and
the locator maps of provider, comparison and area pages, Plotly figure dicts drawn by static/js/charts.js.

The choropleth is SVG in the page itself: its 21 to 40 shapes are a few KB of path data (dashboard/charts/geo.py
outlines), so the page needs no plotly.js, shows its map without JavaScript, and every shape is a link with a name
of its own. Each area carries the slug of its fill (the rating's, as the badges and the legend's swatches use), so
site.css colours the map, the badges and the legend alike; the patterns that tell "Not rated" and "Not recorded"
apart without colour are the SVG patterns of templates/partials/map_svg.html. static/js/map.js only adds the
hover, focus and first-tap labels.

The locator maps are filled polygons (`scatter` traces with `fill: "toself"`) on hidden axes held at a 1:1
scale ratio, not Plotly `geo` traces, which need plotly.js's geo bundle and fetch a base map from a CDN. Such a
figure carries no coordinates: each trace names the provider shapes it draws in `meta.shapes`, and charts.js
fills in x and y from the static, cacheable geometry file (static/geo/providers.json). They are plain dicts, as
in inspection.py (whose docstring says where they are checked against the plotly.js schema).
"""

from dataclasses import dataclass

from inspections import rating_rules

from . import geo
from .theme import INK, chart_text, layout

BORDER = "#ffffff"
LOCATOR_BACKGROUND = "#dcdcd8"
LOCATOR_HIGHLIGHT = "#1a4f9c"
NOT_RECORDED_SLUG = "not-recorded"


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
    """A filled trace for the named shapes; charts.js supplies x and y from the geometry file."""
    meta = {"shapes": list(slugs), **({"url": url} if url else {})}
    return {"type": "scatter", "x": [], "y": [], "mode": "lines", "fill": "toself", "meta": meta, **style}


@dataclass(frozen=True)
class MapArea:
    """One provider's shape on the choropleth: where it leads, how it is filled and what it says."""

    slug: str
    name: str
    url: str
    fill: str  # the rating's slug ("requires-improvement"), or "not-recorded"
    outline: str  # SVG path data
    outcome: str  # "Overall rating: Requires improvement"
    published: str  # "Published 19 June 2019", "Date not recorded", or "" without an inspection
    areas_label: str  # the police force areas it covers

    @property
    def label(self):
        """The shape's accessible name: 'KSS CRC (Kent, Surrey and Sussex). Overall rating: Good. Published …'."""
        where = f" ({self.areas_label})" if self.areas_label and self.areas_label != self.name else ""
        return ". ".join(part for part in (f"{self.name}{where}", self.outcome, self.published) if part) + "."


@dataclass(frozen=True)
class Choropleth:
    view_box: str
    width: int
    height: int
    areas: list[MapArea]


def area_texts(row, measure_label, in_round=False):
    """(outcome, published) of a map row: ('Overall rating: Requires improvement', 'Published June 2019').

    `in_round`: the map is of one round, so a provider without an inspection was not inspected in it, as the
    table says."""
    if row.inspection_id is None:
        return ("Not inspected in this round" if in_round else "No inspection recorded"), ""
    # Without an ISO date the label is "Date not recorded", which reads on its own.
    published = f"Published {row.published_label}" if row.published_iso else row.published_label
    if row.rating == rating_rules.NOT_RATED:
        return "Not rated: no overall rating published", published
    return f"{measure_label}: {row.category}", published


def choropleth(rows, measure_label, in_round=False, outlines=None):
    """One shape per provider with an outline, filled by its rating on the measure; None without the geometry.

    `rows`: MapRow list from `map_page`, best rating first, which is the order a keyboard reaches the shapes in.
    "Not recorded" shapes are drawn last, so their dotted outlines stay whole. `in_round`: the map is of one round.
    """
    outlines = geo.outlines() if outlines is None else outlines
    if outlines is None:
        return None
    areas = []
    for row in sorted(rows, key=lambda row: not row.rating):
        outline = outlines.paths.get(row.slug)
        if row.area is None or not outline:
            continue
        outcome, published = area_texts(row, measure_label, in_round)
        areas.append(
            MapArea(
                slug=row.slug,
                name=row.provider.short_name,
                url=row.provider.get_absolute_url(),
                fill=rating_rules.RATING_SLUGS.get(row.rating, NOT_RECORDED_SLUG),
                outline=outline,
                outcome=outcome,
                published=published,
                areas_label=row.area.areas_label,
            )
        )
    return Choropleth(view_box=outlines.view_box, width=outlines.width, height=outlines.height, areas=areas)


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
