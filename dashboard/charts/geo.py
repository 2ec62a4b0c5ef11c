"""
The provider areas the maps can draw, read from the prepared geometry file.

`static/geo/providers.json` is built once by `manage.py build_map_geometry`
(dashboard/charts/map_geometry.py) from fixtures/geo/ and served as a static,
compressed, cacheable file. The server reads its index (which provider has a
shape, of which type, built from which Police Force Areas, and whether that list
is confirmed or inferred) to write notes and pick shapes, and its outlines as SVG
paths for the map page, which is drawn in the page itself; the locator maps'
script fetches the file instead.
"""

import functools
import json
from dataclasses import dataclass

from django.contrib.staticfiles import finders

GEOMETRY_STATIC_PATH = "geo/providers.json"

# Exactly as fixtures/geo/SOURCE.md asks every map drawn from the ONS boundaries to say.
ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2020."
)


@dataclass(frozen=True)
class ProviderArea:
    slug: str
    short_name: str
    provider_type: str
    police_force_areas: tuple[str, ...]
    partial: bool  # a source confirms only part of the list (five NPS divisions)
    inferred: bool = False  # no source states the list: worked out from the units inside it (regions)

    @property
    def areas_label(self):
        """'Kent, Surrey and Sussex'."""
        names = list(self.police_force_areas)
        if len(names) < 2:
            return "".join(names)
        return f"{', '.join(names[:-1])} and {names[-1]}"


# SVG user units per degree of the file's coordinates: 0.005°, about 500 m, a unit; a map a few hundred pixels
# wide draws well under a pixel a unit, so whole units lose nothing one can see and keep the paths short.
SVG_UNITS_PER_DEGREE = 200


@dataclass(frozen=True)
class Outlines:
    """Every provider's outline as SVG path data, in one coordinate system: x east, y south, from 0."""

    width: int
    height: int
    paths: dict  # {slug: "M… l… z"}

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"


@functools.lru_cache(maxsize=1)
def _document():
    path = finders.find(GEOMETRY_STATIC_PATH)
    if path is None:
        return None
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _rings(xs, ys):
    """The rings of a shape: the file separates them with nulls, as plotly.js draws them."""
    ring = []
    for x, y in zip(xs, ys, strict=True):
        if x is None:
            if ring:
                yield ring
            ring = []
        else:
            ring.append((x, y))
    if ring:
        yield ring


def _path_data(rings, left, top):
    """Rings as compact path data: an absolute move, then whole-unit relative lines, repeated points dropped."""
    parts = []
    for ring in rings:
        points = [(round((x - left) * SVG_UNITS_PER_DEGREE), round((top - y) * SVG_UNITS_PER_DEGREE)) for x, y in ring]
        (start_x, start_y), previous = points[0], points[0]
        steps = []
        for point in points[1:]:
            if point != previous:
                steps.append(f"{point[0] - previous[0]} {point[1] - previous[1]}")
                previous = point
        if len(steps) >= 2:
            parts.append(f"M{start_x} {start_y}l{' '.join(steps)}z")
    return "".join(parts).replace(" -", "-")


@functools.lru_cache(maxsize=1)
def outlines():
    """Outlines of every provider with a shape, for an SVG whose viewBox is the file's bounds; None without it."""
    document = _document()
    if document is None:
        return None
    left, bottom, right, top = document["bounds"]
    return Outlines(
        width=round((right - left) * SVG_UNITS_PER_DEGREE),
        height=round((top - bottom) * SVG_UNITS_PER_DEGREE),
        paths={
            slug: _path_data(_rings(shape["x"], shape["y"]), left, top) for slug, shape in document["providers"].items()
        },
    )


@functools.lru_cache(maxsize=1)
def provider_areas():
    """{slug: ProviderArea} for every provider with a shape, in the file's order."""
    document = _document()
    if document is None:
        return {}
    return {
        slug: ProviderArea(
            slug=slug,
            short_name=shape["name"],
            provider_type=shape["type"],
            police_force_areas=tuple(shape["areas"]),
            partial=shape["partial"],
            inferred=shape.get("inferred", False),
        )
        for slug, shape in document["providers"].items()
    }
