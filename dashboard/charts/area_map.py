"""The locator map of a council's area page: the smallest provider area that contains the council, highlighted,
with a dot where the council lies (the mean position of its postcodes). The map's boundaries are police force
areas, not councils, so the dot marks a position, never an outline."""

import math

from . import maps
from .theme import INK

# The projection of the geometry file (dashboard/charts/map_geometry.py, REFERENCE_LATITUDE): x = longitude ×
# cos(52.8°), y = latitude, on axes held at 1:1.
REFERENCE_LATITUDE = 52.8
MARKER_RADIUS = 0.11  # degrees of latitude: a dot a few pixels across on a locator map


def council_point(longitude, latitude):
    """The council's position in the geometry file's coordinates."""
    return longitude * math.cos(math.radians(REFERENCE_LATITUDE)), latitude


def area_locator_map(provider, council):
    """`maps.locator_map` of `provider`, with a dot at `council`'s position where it is known; None when the
    provider has no shape."""
    figure = maps.locator_map([provider]) if provider is not None else None
    if figure is None or council.longitude is None or council.latitude is None:
        return figure
    x, y = council_point(council.longitude, council.latitude)
    # A layout shape rather than a trace: static/js/charts.js fills every trace from the geometry file.
    figure["layout"]["shapes"] = [
        {
            "type": "circle",
            "xref": "x",
            "yref": "y",
            "x0": round(x - MARKER_RADIUS, 4),
            "x1": round(x + MARKER_RADIUS, 4),
            "y0": round(y - MARKER_RADIUS, 4),
            "y1": round(y + MARKER_RADIUS, 4),
            "fillcolor": "#f2b632",
            "line": {"color": INK, "width": 1.5},
        }
    ]
    return figure
