"""Every public page type fits every screen from 320 px up, and passes axe (WCAG 2.2 AA and best practice)."""

import pytest

from inspections.models import Inspection

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


def overflow(page):
    """How far the document is wider than the viewport, and the widest element that sticks out."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            let widest = null;
            for (const element of document.querySelectorAll("body *")) {
                const right = element.getBoundingClientRect().right;
                if (right > width + 1 && (!widest || right > widest.right)) {
                    widest = {right, name: element.tagName + "." + element.className};
                }
            }
            return {by: document.documentElement.scrollWidth - width, widest};
        }"""
    )


def test_no_page_is_wider_than_its_screen(page, real_data):
    too_wide = []
    for name, path in public_pages().items():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path, wait_until="load")
            found = overflow(page)
            if found["by"] > 0:
                too_wide.append(f"{name} ({path}) at {width} px: {found['by']} px too wide; {found['widest']}")
    assert not too_wide, "\n".join(too_wide)


@pytest.mark.parametrize("width", PHONE_AND_DESKTOP)
def test_axe_finds_nothing_on_any_page_type(page, real_data, axe_check, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in public_pages().values():
        page.goto(path, wait_until="load")
        axe_check(page, best_practice=True)
