"""
Prepares the map geometry once: one shape per provider, merged from its Police Force Areas.

`build_geometry` turns the ONS Police Force Area boundaries and the provider-to-area
list of fixtures/geo/ (the CRCs and NPS divisions), with the 12 Probation Service
regions of fixtures/source/probation_service/units.csv, into the document
`manage.py build_map_geometry` writes to static/geo/providers.json:

1. Project to plain x/y: x = longitude × cos(reference latitude), y = latitude,
   the reference being the middle of England and Wales (52.8°N). Drawn on plain
   axes with a 1:1 scale ratio, shapes keep their proportions to within a few
   per cent from Cornwall to Northumberland, which is all a choropleth needs.
2. Repair and clean the 43 areas as one coverage (`make_valid`, `coverage_clean`):
   the ONS file's neighbours do not share identical vertices everywhere (one
   ring of Hampshire touches itself), so snapping makes every shared border a
   single line first.
3. Simplify the coverage (`coverage_simplify`, Visvalingam–Whyatt): each shared
   border is simplified once, so neighbouring providers stay gap-free and a CRC,
   the NPS division and the region containing it keep identical edges.
4. Merge each provider's areas (`coverage_union_all`), drop islands smaller than
   MIN_PART_KM2 and slivers left inside, and round coordinates to 3 decimals
   (about 110 m, a fraction of a pixel at the sizes the site draws).

Why shapely (GEOS) rather than a function of our own: a Douglas–Peucker of a
dozen lines simplifies one ring, but not a coverage, and merging areas whose
borders do not match vertex for vertex is a polygon union with all its
robustness problems. GEOS does coverage cleaning, coverage simplification and
union, and is the most used geometry engine there is. Only this build needs it
(it is a test-and-build dependency): the committed output is a static file, so
the site itself never imports shapely.
"""

import csv
import json
import math

import shapely
from django.utils.text import slugify

from inspections.importers.probation_service import region_short_name
from providers.models import ProviderType
from providers.services import provider_slug

from .geo import ATTRIBUTION

SOURCE = "ONS Police Force Areas (December 2020) EW BUC"
REFERENCE_LATITUDE = 52.8
TOLERANCE = 0.02  # coverage_simplify's tolerance: the square root of the triangle areas removed, ~2 km
MIN_PART_KM2 = 2.0  # islands smaller than this are left out
DECIMALS = 3
KM_PER_DEGREE = 111.2

# How the site writes the few ONS names that are inverted for sorting.
DISPLAY_NAMES = {"London, City of": "City of London"}
PROVIDER_TYPES = {"CRC": ProviderType.CRC.value, "NPS division": ProviderType.NPS.value}
UNITS_SEPARATOR = " ; "
# fixtures/source/probation_service/SOURCES.md, "Regions → police force areas": only the North East's
# grouping is stated by a source; the others are inferred from each region's PDUs and their councils.
REGIONS_STATED = {"North East"}


def read_provider_areas(lines):
    """Providers of provider_areas.csv in file order: [{slug, name, type, partial, codes, areas}]."""
    providers = {}
    for row in csv.DictReader(lines):
        slug = provider_slug(row["provider_short_name"])
        provider = providers.setdefault(
            slug,
            {
                "slug": slug,
                "name": row["provider_short_name"],
                "type": PROVIDER_TYPES[row["provider_type"]],
                "partial": False,
                "codes": [],
                "areas": [],
            },
        )
        provider["codes"].append(row["pfa_code"])
        provider["areas"].append(DISPLAY_NAMES.get(row["pfa_name"], row["pfa_name"]))
        provider["partial"] = provider["partial"] or row["confidence"] != "confirmed"
    return list(providers.values())


def read_region_areas(lines):
    """The regions of units.csv (rows of unit_type "region") in file order, as `read_provider_areas` gives
    providers; `inferred` is true where no source states the region's police force areas."""
    regions = []
    for row in csv.DictReader(lines):
        if row["unit_type"] != ProviderType.REGION.value:
            continue
        short_name = region_short_name(row["region"])
        names = [name.strip() for name in row["police_force_areas"].split(UNITS_SEPARATOR)]
        codes = [code.strip() for code in row["pfa_codes"].split(UNITS_SEPARATOR)]
        if len(names) != len(codes):
            raise ValueError(f"units.csv, {row['region']}: {len(names)} police force areas but {len(codes)} codes.")
        regions.append(
            {
                "slug": slugify(short_name),
                "name": short_name,
                "type": ProviderType.REGION.value,
                "partial": False,
                "inferred": row["region"] not in REGIONS_STATED,
                "codes": codes,
                "areas": [DISPLAY_NAMES.get(name, name) for name in names],
            }
        )
    return regions


def _check_partition(regions, codes):
    """The regions must use every police force area exactly once, or the map would show gaps or overlaps."""
    used = [code for region in regions for code in region["codes"]]
    twice = sorted({code for code in used if used.count(code) > 1})
    left_out = sorted(set(codes) - set(used))
    if twice or left_out:
        raise ValueError(
            "The regions of units.csv must cover each police force area once: "
            f"in more than one: {', '.join(twice) or 'none'}; in none: {', '.join(left_out) or 'none'}."
        )


def _projected(feature_collection):
    scale = math.cos(math.radians(REFERENCE_LATITUDE))
    areas = {}
    for feature in feature_collection["features"]:
        geometry = shapely.geometry.shape(feature["geometry"])
        geometry = shapely.transform(geometry, lambda coords: coords * [scale, 1.0])
        areas[feature["properties"]["PFA20CD"]] = shapely.make_valid(geometry)
    return areas


def _parts(geometry, min_area):
    """Polygons of `geometry` at least `min_area` in size, without their inner slivers."""
    kept = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.area < min_area:
            continue
        for hole in polygon.interiors:
            if shapely.Polygon(hole).area >= min_area:
                raise ValueError(f"A shape has a hole of {shapely.Polygon(hole).area:.4f} square units to draw.")
        kept.append(polygon)
    return kept


def _ring_coordinates(ring):
    points = []
    for x, y in ring.coords:
        point = (round(x, DECIMALS), round(y, DECIMALS))
        if not points or points[-1] != point:
            points.append(point)
    return points


def build_geometry(feature_collection, providers, regions=()):
    """The geometry document: attribution, projection, bounds and each provider's shape as x/y lists.

    `providers` comes from `read_provider_areas`, `regions` from `read_region_areas`;
    both are merged from the same simplified coverage. Rings are separated by None,
    as Plotly's filled scatter traces take them.
    """
    areas = _projected(feature_collection)
    codes = list(areas)
    for name, units in (("provider_areas.csv", providers), ("units.csv", regions)):
        missing = sorted({code for unit in units for code in unit["codes"]} - set(codes))
        if missing:
            raise ValueError(f"{name} names areas the boundaries lack: {', '.join(missing)}")
    if regions:
        _check_partition(regions, codes)
    cleaned = shapely.coverage_clean(list(areas.values()))
    simplified = dict(zip(codes, shapely.coverage_simplify(cleaned, TOLERANCE), strict=True))
    min_area = MIN_PART_KM2 / KM_PER_DEGREE**2

    shapes = {}
    bounds = [math.inf, math.inf, -math.inf, -math.inf]
    for provider in [*providers, *regions]:
        merged = shapely.coverage_union_all([simplified[code] for code in provider["codes"]])
        xs, ys = [], []
        for polygon in _parts(merged, min_area):
            if xs:
                xs.append(None)
                ys.append(None)
            for x, y in _ring_coordinates(polygon.exterior):
                xs.append(x)
                ys.append(y)
                bounds = [min(bounds[0], x), min(bounds[1], y), max(bounds[2], x), max(bounds[3], y)]
        shapes[provider["slug"]] = {
            "name": provider["name"],
            "type": provider["type"],
            "partial": provider["partial"],
            **({"inferred": True} if provider.get("inferred") else {}),
            "areas": provider["areas"],
            "x": xs,
            "y": ys,
        }
    return {
        "source": SOURCE,
        "attribution": ATTRIBUTION,
        "projection": f"x = longitude × cos({REFERENCE_LATITUDE}°), y = latitude; degrees, {DECIMALS} decimals",
        "bounds": bounds,
        "providers": shapes,
    }


def dumps(document):
    """The file's exact text: compact, key order kept, one trailing newline."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
