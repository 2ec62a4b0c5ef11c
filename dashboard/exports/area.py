"""A council's area page twins: /areas/<slug>.json and .csv, holding what its page shows."""

from places import directory

from . import safe_csv
from .documents import csv_value, envelope, iso
from .responses import csv_response

AREA_CSV_HEADER = [
    "council_code",
    "council",
    "published",
    "published_derived",
    "era",
    "provider_slug",
    "provider",
    "provider_type",
    "link_basis",
    "overall_rating",
    "overall_rating_derived",
    "not_rated_kind",
    "inspection_url",
    "provider_url",
]


def _latest(request, inspection):
    if inspection is None:
        return None
    return {
        "overall_rating": inspection.overall_rating or None,
        "overall_rating_derived": inspection.overall_rating_derived,
        "published": inspection.published_iso or None,
        "published_derived": inspection.published_on_derived,
        "url": request.build_absolute_uri(inspection.get_absolute_url()),
    }


def _provider(request, link):
    provider = link.provider
    return {
        "name": provider.name,
        "short_name": provider.short_name,
        "slug": provider.slug,
        "type": provider.provider_type,
        "url": request.build_absolute_uri(provider.get_absolute_url()),
        "basis": link.basis,
        "basis_words": link.basis_words,
        "latest": _latest(request, link.latest),
        "later_not_rated": [
            {**_latest(request, later.inspection), "not_rated_kind": later.not_rated_kind}
            for later in link.later_not_rated
        ],
    }


def _crc_era_provider(request, link):
    return {**_provider(request, link), "police_force_area_basis": link.area_list_basis or None}


def _entry(request, entry):
    inspection = entry.inspection
    return {
        "id": inspection.id,
        "url": request.build_absolute_uri(inspection.get_absolute_url()),
        "published": inspection.published_iso or None,
        "published_derived": inspection.published_on_derived,
        "era": entry.era,
        "provider": {
            "short_name": entry.provider.short_name,
            "slug": entry.provider.slug,
            "type": entry.provider.provider_type,
            "url": request.build_absolute_uri(entry.provider.get_absolute_url()),
        },
        "link_basis": entry.link.basis,
        "framework": inspection.framework.slug,
        "programme": inspection.inspection_round.slug if inspection.inspection_round else None,
        "overall_rating": inspection.overall_rating or None,
        "overall_rating_derived": inspection.overall_rating_derived,
        "not_rated_kind": entry.not_rated_kind or None,
    }


def area_document(request, page):
    """Version 1 of `probation-league/area`; see docs/open-data.md."""
    council = page.council
    area = council.police_force_area
    version = page.directory
    return envelope(
        "area",
        request,
        council.get_absolute_url(),
        last_changed=iso(page.last_changed),
        council={
            "code": council.code,
            "name": council.name,
            "ons_name": council.ons_name,
            "slug": council.slug,
            "country": council.country,
            "longitude": council.longitude,
            "latitude": council.latitude,
        },
        police_force_area=(
            {"code": area.code, "name": area.name, "share_of_postcodes": council.police_force_area_share}
            if area
            else None
        ),
        split_between_pdus=page.is_split,
        pdus=[_provider(request, link) for link in page.pdus],
        regions=[_provider(request, link) for link in page.regions],
        crc_era=[_crc_era_provider(request, link) for link in page.crc_era],
        timeline=[_entry(request, entry) for entry in page.timeline],
        places_source={
            "postcodes_package": f"{directory.POSTCODES_PACKAGE} {version.postcodes_version}" if version else None,
            "authorities_package": f"{directory.AUTHORITIES_PACKAGE} {version.authorities_version}"
            if version
            else None,
            "attribution": directory.ATTRIBUTION,
            "licence": directory.LICENCE,
        },
    )


def area_csv_response(request, page):
    """One row an inspection of the timeline, newest first, with how its provider is linked to the council."""
    council = page.council
    response = csv_response(f"{council.slug}.csv")
    writer = safe_csv.writer(response)
    writer.writerow(AREA_CSV_HEADER)
    for entry in page.timeline:
        inspection = entry.inspection
        cells = [
            council.code,
            council.name,
            inspection.published_iso or None,
            "true" if inspection.published_on_derived else "false",
            entry.era,
            entry.provider.slug,
            entry.provider.short_name,
            entry.provider.provider_type,
            entry.link.basis,
            inspection.overall_rating or None,
            "true" if inspection.overall_rating_derived else "false",
            entry.not_rated_kind or None,
            request.build_absolute_uri(inspection.get_absolute_url()),
            request.build_absolute_uri(entry.provider.get_absolute_url()),
        ]
        writer.writerow([csv_value(cell) for cell in cells])
    return response
