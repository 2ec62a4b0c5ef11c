"""The prepared map geometry, static/geo/providers.json: reproducible, complete, and drawn from the right areas."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
import shapely
from django.core.management import CommandError, call_command
from django.utils.text import slugify

from dashboard.charts import geo
from dashboard.management.commands.build_map_geometry import BOUNDARIES, OUTPUT, REGION_AREAS, built_text
from providers.models import Provider

ROOT = Path(__file__).resolve().parents[3]
GEOMETRY = ROOT / OUTPUT


@pytest.fixture(scope="module")
def document():
    return json.loads(GEOMETRY.read_text(encoding="utf-8"))


def rings(shape):
    """The shape's rings as lists of (x, y)."""
    ring, found = [], []
    for x, y in zip(shape["x"], shape["y"], strict=True):
        if x is None:
            found.append(ring)
            ring = []
        else:
            ring.append((x, y))
    return [*found, ring]


def area(shape):
    """Shoelace area of a shape's rings, in squared projected degrees."""
    total = 0.0
    for ring in rings(shape):
        total += abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
    return total


def test_committed_file_is_what_the_command_builds():
    assert GEOMETRY.read_text(encoding="utf-8") == built_text(ROOT)
    call_command("build_map_geometry", "--check", stdout=io.StringIO())


def test_check_fails_on_a_stale_file(tmp_path, settings):
    (tmp_path / "static" / "geo").mkdir(parents=True)
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures", target_is_directory=True)
    (tmp_path / OUTPUT).write_text("{}\n", encoding="utf-8")
    settings.BASE_DIR = tmp_path
    with pytest.raises(CommandError, match="out of date"):
        call_command("build_map_geometry", "--check")


@pytest.mark.django_db
def test_every_provider_of_the_data_has_a_shape_of_its_type(document):
    call_command("load_real_data_if_empty", stdout=io.StringIO())
    mapped = Provider.objects.filter(provider_type__in=["crc", "nps", "region"])
    providers = {provider.slug: provider.provider_type for provider in mapped}
    shapes = {slug: shape["type"] for slug, shape in document["providers"].items()}
    assert shapes == providers
    assert sum(1 for kind in shapes.values() if kind == "crc") == 21
    assert sum(1 for kind in shapes.values() if kind == "nps") == 7
    assert sum(1 for kind in shapes.values() if kind == "region") == 12
    assert document["providers"]["kent-surrey-and-sussex-region"]["name"] == "Kent, Surrey and Sussex region"
    # PDUs have no boundary of their own to draw.
    assert not Provider.objects.filter(slug__in=list(shapes), provider_type="pdu").exists()


def units_regions():
    """{region slug: (PFA names, PFA codes)} as fixtures/source/probation_service/units.csv lists them."""
    with open(ROOT / REGION_AREAS, encoding="utf-8", newline="") as handle:
        return {
            slugify(f"{row['region']} region"): (row["police_force_areas"].split(" ; "), row["pfa_codes"].split(" ; "))
            for row in csv.DictReader(handle)
            if row["unit_type"] == "region"
        }


def polygon(shape):
    return shapely.union_all([shapely.Polygon(ring) for ring in rings(shape)])


@pytest.fixture(scope="module")
def police_force_areas():
    """{PFA code: its boundary}, projected as the geometry is, unsimplified."""
    from dashboard.charts import map_geometry

    boundaries = json.loads((ROOT / BOUNDARIES).read_text(encoding="utf-8"))
    return map_geometry._projected(boundaries)


def test_the_twelve_regions_have_shapes_named_by_their_police_force_areas(document):
    regions = units_regions()
    assert len(regions) == 12
    shapes = {slug: shape for slug, shape in document["providers"].items() if shape["type"] == "region"}
    assert list(shapes) == list(regions)
    for slug, (names, _codes) in regions.items():
        assert shapes[slug]["areas"] == [("City of London" if name == "London, City of" else name) for name in names]
    assert shapes["london-region"]["areas"] == ["Metropolitan Police", "City of London"]
    # Only the North East's police force areas are stated by a source (probation_service/SOURCES.md).
    assert sorted(slug for slug, shape in shapes.items() if not shape.get("inferred")) == ["north-east-region"]
    assert not any(shape["partial"] for shape in shapes.values())


def test_each_region_is_the_union_of_its_police_force_areas(document, police_force_areas):
    shapes = document["providers"]
    regions = units_regions()
    drawn = {slug: polygon(shapes[slug]) for slug in regions}
    for slug, (_names, codes) in regions.items():
        union = shapely.union_all([police_force_areas[code] for code in codes])
        assert drawn[slug].area == pytest.approx(union.area, rel=0.015), slug
        # A point inside each police force area lies in its own region's shape and in no other.
        for code in codes:
            point = police_force_areas[code].point_on_surface()
            assert [other for other, shape in drawn.items() if shape.contains(point)] == [slug], code
    # Built from the same simplified coverage as the CRCs: where the areas are the same, so is every point.
    for crc, region in (("kss-crc", "kent-surrey-and-sussex-region"), ("wales-crc", "wales-region")):
        assert (shapes[region]["x"], shapes[region]["y"]) == (shapes[crc]["x"], shapes[crc]["y"])
    assert (shapes["london-region"]["x"], shapes["london-region"]["y"]) == (
        shapes["london-crc"]["x"],
        shapes["london-crc"]["y"],
    )
    # The regions cover England and Wales once, as the CRCs do.
    crcs = sum(area(shape) for shape in shapes.values() if shape["type"] == "crc")
    assert sum(area(shapes[slug]) for slug in regions) == pytest.approx(crcs, rel=0.005)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda regions: regions[0]["codes"].pop(), "in none: E23000013"),
        (lambda regions: regions[1]["codes"].append("E23000007"), "in more than one: E23000007"),
        (lambda regions: regions[0]["codes"].append("E99999999"), "units.csv names areas the boundaries lack"),
    ],
)
def test_regions_that_do_not_partition_the_police_force_areas_are_refused(change, message):
    from dashboard.charts import map_geometry

    boundaries = json.loads((ROOT / BOUNDARIES).read_text(encoding="utf-8"))
    with open(ROOT / REGION_AREAS, encoding="utf-8", newline="") as handle:
        regions = map_geometry.read_region_areas(handle)
    change(regions)
    with pytest.raises(ValueError, match=message):
        map_geometry.build_geometry(boundaries, [], regions)


def test_shapes_are_rounded_closed_rings_inside_england_and_wales(document):
    west, south, east, north = document["bounds"]
    assert -4 < west < -3.5 and 49.8 < south < 50 and 1 < east < 1.1 and 55.7 < north < 55.9
    for slug, shape in document["providers"].items():
        assert shape["x"] and len(shape["x"]) == len(shape["y"]), slug
        for ring in rings(shape):
            assert len(ring) >= 4 and ring[0] == ring[-1], slug
            for x, y in ring:
                assert west <= x <= east and south <= y <= north
                assert round(x, 3) == x and round(y, 3) == y


def test_merged_shapes_keep_their_areas(document):
    shapes = document["providers"]
    # An NPS division is the union of the CRC areas its police force areas make up.
    south_east = sum(area(shapes[slug]) for slug in ("bench-crc", "norfolk-suffolk-crc", "essex-crc", "kss-crc"))
    assert area(shapes["nps-south-east-eastern"]) == pytest.approx(south_east, rel=0.01)
    assert area(shapes["nps-wales"]) == pytest.approx(area(shapes["wales-crc"]), rel=0.001)
    # Both kinds cover England and Wales once: no gaps or overlaps between neighbours.
    crcs = sum(area(shape) for shape in shapes.values() if shape["type"] == "crc")
    divisions = sum(area(shape) for shape in shapes.values() if shape["type"] == "nps")
    assert divisions == pytest.approx(crcs, rel=0.005)
    # England and Wales is about 151,000 km²: x is longitude scaled to latitude degrees of ~111.2 km.
    assert crcs * 111.2**2 == pytest.approx(151_000, rel=0.03)


def test_the_regions_shapes_keep_the_file_small():
    # Drawn on the map page's first screen: the file stays a few tens of kB (about 12 kB compressed).
    assert GEOMETRY.stat().st_size < 80_000


def test_partial_mappings_are_the_five_nps_divisions(document):
    partial = sorted(slug for slug, shape in document["providers"].items() if shape["partial"])
    assert partial == [
        "nps-midlands",
        "nps-north-east",
        "nps-north-west",
        "nps-south-east-eastern",
        "nps-south-west-south-central",
    ]
    assert document["providers"]["kss-crc"]["areas"] == ["Kent", "Surrey", "Sussex"]


def test_attribution_is_the_one_source_md_asks_for(document):
    source = (ROOT / "fixtures" / "geo" / "SOURCE.md").read_text(encoding="utf-8")
    quoted = " ".join(line.removeprefix("> ").strip() for line in source.splitlines() if line.startswith("> "))
    assert geo.ATTRIBUTION == quoted
    assert document["attribution"] == quoted


def test_the_boundaries_are_the_documented_file():
    import hashlib

    source = (ROOT / "fixtures" / "geo" / "SOURCE.md").read_text(encoding="utf-8")
    documented = re.search(r"sha256 \| `([0-9a-f]{64})`", source).group(1)
    data = (ROOT / "fixtures" / "geo" / "police_force_areas_dec2020_ew_buc.geojson").read_bytes()
    assert hashlib.sha256(data).hexdigest() == documented
