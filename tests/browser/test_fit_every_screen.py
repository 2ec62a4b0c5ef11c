"""Every public page type fits every screen from 320 px up, and passes axe (WCAG 2.2 AA and best practice)."""

import pytest

from inspections.models import Inspection

from .layout import overflow

pytestmark = pytest.mark.browser

WIDTHS = (320, 375, 768, 1366, 1920)
PHONE_AND_DESKTOP = (375, 1366)


def public_pages():
    kss = Inspection.objects.get(provider__slug="kss-crc", inspection_round__slug="2018-19")
    return {
        "league": "/",
        "filtered league": "/?round=2019-20&type=crc&sort=-overall",
        "provider CRC": "/providers/kss-crc/",
        "provider NPS": "/providers/nps-london/",
        "provider across rounds": "/providers/hiow-crc/",
        "owner": "/owners/seetec/",
        "standard": "/standards/2.3/",
        "inspection": f"/inspections/{kss.pk}/",
        "methodology": "/methodology/",
        "compare 2": "/compare/kss-crc,bgsw-crc/",
        "compare 6": "/compare/kss-crc,bgsw-crc,nps-london,hiow-crc,dtv-crc,thames-valley-crc/",
        "map overall": "/map/",
        "map by standard": "/map/?type=nps&standard=2.3&round=2018-19",
        "data": "/data/",
        "embed help": "/embed/",
        "embedded league": "/embed/league/",
        "changes": "/changes/",
        "not found": "/providers/no-such-provider/",
    }


# The places pages, which need the councils: a council's page (one PDU, and one split between PDUs), the
# councils A–Z, and the search's answers.
PLACES_PAGES = {
    "area": "/areas/brighton-and-hove/",
    "split area": "/areas/birmingham/",
    "areas": "/areas/",
    "find": "/find/",
    "find results": "/find/?q=Brighton",
    "find district": "/find/?q=BN1",
    "find elsewhere": "/find/?q=EH1+1AA",
    "find unknown": "/find/?q=ZZ99+9ZZ",
    "find malformed": "/find/?q=BN1+1A",
}


def too_wide_pages(page, pages):
    """Each of `pages` ({name: path}) that is wider than its screen at one of WIDTHS, described."""
    too_wide = []
    for name, path in pages.items():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path, wait_until="load")
            found = overflow(page)
            if found["by"] > 0:
                too_wide.append(f"{name} ({path}) at {width} px: {found['by']} px too wide; {found['widest']}")
    return too_wide


def test_no_page_is_wider_than_its_screen(page, real_data):
    too_wide = too_wide_pages(page, public_pages())
    assert not too_wide, "\n".join(too_wide)


def test_no_places_page_is_wider_than_its_screen(page, places_and_both_eras):
    too_wide = too_wide_pages(page, PLACES_PAGES)
    assert not too_wide, "\n".join(too_wide)


@pytest.mark.parametrize("width", PHONE_AND_DESKTOP)
def test_axe_finds_nothing_on_any_page_type(page, real_data, axe_check, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in public_pages().values():
        page.goto(path, wait_until="load")
        axe_check(page, best_practice=True)


@pytest.mark.parametrize("width", PHONE_AND_DESKTOP)
def test_axe_finds_nothing_on_any_places_page(page, places_and_both_eras, axe_check, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in PLACES_PAGES.values():
        page.goto(path, wait_until="load")
        axe_check(page, best_practice=True)
