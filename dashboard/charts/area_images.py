"""The social-preview PNG (1200×630) of a council's area page: today's PDU and region beside the CRC and NPS
division of 2018–20, each with its latest rating written on its colour. Drawn, cached and limited as a
provider's preview is (dashboard/charts/social_images.py)."""

from django.utils.text import capfirst

from .social_images import (
    DERIVED_MARK,
    DERIVED_NOTE,
    FOOTER_TOP,
    MARGIN,
    WIDTH,
    _badge,
    _cached,
    _canvas,
    _draw_lines,
    _fit,
    _font,
    _png,
    _text,
)
from .theme import INK, MUTED

COLUMN_GAP = 40
ENTRIES_PER_COLUMN = 3
BADGE_WIDTH = 300


def area_preview_png(slug, host_path, load_page):
    """The preview image of a council's area page; `load_page()` gives its `selectors.areas.AreaPage` when it
    must be drawn."""
    return _cached(f"area:{slug}:{host_path}", load_page, lambda page: _png(_draw_area(page, host_path)))


def _date_text(inspection):
    if inspection is None:
        return ""
    return capfirst(inspection.published_phrase) + (DERIVED_MARK if inspection.published_on_derived else "")


def _column(draw, heading, links, box):
    """`heading` over up to ENTRIES_PER_COLUMN providers, each its name, then its latest rating and date (smaller
    when there are three); returns whether any value drawn is derived."""
    left, top, right, bottom = box
    width = right - left
    _text(draw, (left, top), heading, _font(24), MUTED)
    y = top + 34
    derived = False
    shown = links[:ENTRIES_PER_COLUMN]
    compact = len(shown) > 2
    name_sizes, badge_size, gap = ((24, 22, 20), 20, 10) if compact else ((28, 24, 22), 24, 16)
    for link in shown:
        name_font, name_lines = _fit(f"{link.provider.short_name} ({link.type_label})", width, name_sizes, 1)
        y = _draw_lines(draw, (left, y), name_lines, name_font, INK) + 2
        latest = link.latest
        if latest is None:
            _text(draw, (left, y + 8), "No inspection recorded", _font(badge_size), MUTED)
            y += round(badge_size * 1.18) + 24 + gap
            continue
        mark = DERIVED_MARK if latest.overall_rating_derived else ""
        derived = derived or bool(mark) or latest.published_on_derived
        rating = latest.overall_rating or None
        badge_bottom = _badge(draw, (left, y), rating, BADGE_WIDTH, sizes=(badge_size,), mark=mark)
        date_font, date_lines = _fit(_date_text(latest), width - BADGE_WIDTH - 16, (badge_size - 2, 18, 16), 2)
        _draw_lines(draw, (left + BADGE_WIDTH + 16, y + 2), date_lines, date_font, INK)
        y = badge_bottom + gap
    if len(links) > len(shown) and y + 24 <= bottom:
        _text(draw, (left, y), f"and {len(links) - len(shown)} more", _font(22), MUTED)
    return derived


def _draw_area(page, host_path):
    image, draw = _canvas(host_path)
    title_font, title_lines = _fit(f"Probation in {page.council.name}", WIDTH - 2 * MARGIN, (60, 52, 44, 38), 1)
    y = _draw_lines(draw, (MARGIN, 104), title_lines, title_font, INK)
    if page.is_split:
        lede = "Split between PDUs along lines no source publishes"
    else:
        lede = "Who supervises people on probation here, and how they were rated"
    lede_font, lede_lines = _fit(lede, WIDTH - 2 * MARGIN, (26, 22), 1)
    top = _draw_lines(draw, (MARGIN, y + 2), lede_lines, lede_font, MUTED) + 14
    bottom = FOOTER_TOP - 36
    half = (WIDTH - 2 * MARGIN - COLUMN_GAP) // 2
    derived = _column(draw, "Today: the Probation Service", page.today, (MARGIN, top, MARGIN + half, bottom))
    derived |= _column(
        draw, "2018–20: by police force area", page.crc_era, (MARGIN + half + COLUMN_GAP, top, WIDTH - MARGIN, bottom)
    )
    if derived:
        _text(draw, (MARGIN, FOOTER_TOP - 30), DERIVED_NOTE, _font(20), MUTED)
    return image
