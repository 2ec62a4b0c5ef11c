"""Writes the built places document (places/directory.py) into the database: police force areas, councils
and the directory's version. Rows are matched by ONS code, so links to them survive a rebuild."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import Council, DirectoryVersion, PoliceForceArea


@transaction.atomic
def store_places(document):
    """Create or update every area and council of `document`; returns (areas, councils) written."""
    areas = {}
    for code, name in document["police_force_areas"]:
        areas[code], _ = PoliceForceArea.objects.update_or_create(code=code, defaults={"name": name})
    for council in document["councils"]:
        Council.objects.update_or_create(
            code=council["code"],
            defaults={
                "name": council["name"],
                "ons_name": council["ons_name"],
                "slug": slugify(council["name"]),
                "country": council["country"],
                "police_force_area": areas.get(council["police_force_area"]),
                "police_force_area_share": council["police_force_area_share"],
                "longitude": council["longitude"],
                "latitude": council["latitude"],
                "postcode_count": council["postcode_count"],
                "name_source": council["name_source"],
            },
        )
    DirectoryVersion.objects.all().delete()
    DirectoryVersion.objects.create(
        postcodes_version=document["postcodes_version"],
        authorities_version=document["authorities_version"],
        postcode_count=document["postcode_count"],
        built_at=timezone.now(),
    )
    return len(areas), len(document["councils"])


def places_are_current(version):
    latest = DirectoryVersion.objects.order_by("-built_at").first()
    return latest is not None and latest.postcodes_version == version and Council.objects.exists()
