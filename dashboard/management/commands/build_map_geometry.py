"""
Build static/geo/providers.json, the map's geometry, from fixtures/geo/ and the regions' police force
areas in fixtures/source/probation_service/units.csv.

    python manage.py build_map_geometry           # write the file
    python manage.py build_map_geometry --check   # fail if the committed file differs from a fresh build

How the shapes are prepared, and why with shapely: dashboard/charts/map_geometry.py.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

BOUNDARIES = Path("fixtures/geo/police_force_areas_dec2020_ew_buc.geojson")
PROVIDER_AREAS = Path("fixtures/geo/provider_areas.csv")
REGION_AREAS = Path("fixtures/source/probation_service/units.csv")
OUTPUT = Path("static/geo/providers.json")


def built_text(base_dir=None):
    """The text a fresh build writes."""
    try:
        from dashboard.charts import map_geometry
    except ImportError as error:  # shapely is a build dependency, installed with the test extra
        raise CommandError(f"Building the map geometry needs shapely ({error}); run `make install`.") from error
    base = Path(base_dir or settings.BASE_DIR)
    with open(base / BOUNDARIES, encoding="utf-8") as handle:
        boundaries = json.load(handle)
    with open(base / PROVIDER_AREAS, encoding="utf-8", newline="") as handle:
        providers = map_geometry.read_provider_areas(handle)
    with open(base / REGION_AREAS, encoding="utf-8", newline="") as handle:
        regions = map_geometry.read_region_areas(handle)
    return map_geometry.dumps(map_geometry.build_geometry(boundaries, providers, regions))


class Command(BaseCommand):
    help = "Merge, simplify and project the provider and region areas into static/geo/providers.json."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only compare the committed file with a fresh build")

    def handle(self, *args, check=False, **options):
        text = built_text()
        output = Path(settings.BASE_DIR) / OUTPUT
        if check:
            if not output.exists() or output.read_text(encoding="utf-8") != text:
                raise CommandError(f"{OUTPUT} is out of date: run `python manage.py build_map_geometry`.")
            self.stdout.write(f"{OUTPUT} is up to date.")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        shapes = json.loads(text)["providers"]
        points = sum(sum(1 for x in shape["x"] if x is not None) for shape in shapes.values())
        self.stdout.write(f"Wrote {OUTPUT}: {len(shapes)} provider shapes, {points} points, {len(text):,} bytes.")
