"""
The provider areas the maps can draw, read from the prepared geometry file.

`static/geo/providers.json` is built once by `manage.py build_map_geometry`
(dashboard/charts/map_geometry.py) from fixtures/geo/ and served as a static,
compressed, cacheable file: the browser fetches it, the server only reads its
index (which provider has a shape, of which type, built from which Police Force
Areas, and whether that list is confirmed or inferred) to write notes and pick shapes.
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


@functools.lru_cache(maxsize=1)
def provider_areas():
    """{slug: ProviderArea} for every provider with a shape, in the file's order."""
    path = finders.find(GEOMETRY_STATIC_PATH)
    if path is None:
        return {}
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
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
