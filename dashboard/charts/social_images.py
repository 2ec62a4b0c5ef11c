"""
Images drawn by the server: social-preview PNGs (1200×630) of provider and comparison pages, and SVG badges.

The PNGs use Pillow's bundled font (`ImageFont.load_default`), so they look the
same on every machine; their bytes are cached under the data generation, so an
editor's save redraws them. Ratings are always written, never shown by colour alone.
"""

import functools
import hashlib
import io
import threading

from django.core.cache import cache
from django.utils.html import escape
from django.utils.text import capfirst
from PIL import Image, ImageDraw, ImageFont

from inspections import rating_rules

from ..cache import current_generation, safe_get, safe_set
from ..selectors.distributions import NOT_RECORDED
from .comparison import PROVIDER_COLOURS
from .theme import INK, MUTED, RATING_COLOURS

WIDTH, HEIGHT = 1200, 630
MARGIN = 60
HEADER = "#20262d"
PAPER = "#ffffff"
TINT = "#f4f4f2"
CACHE_SECONDS = 24 * 60 * 60
# Comparisons are countless (two to six of 28 providers, in any order). Only the first
# COMPARISON_PREVIEWS_PER_GENERATION distinct ones asked for since the last edit get their own
# image; any further one gets the general comparison image, so a crawler of made-up lists can
# neither keep the server drawing nor fill the cache. One image is drawn at a time per process.
COMPARISON_PREVIEWS_PER_GENERATION = 200
_drawing = threading.Lock()

# Text on each rating colour, as the stylesheet sets it (WCAG AA contrast).
RATING_TEXT = {
    rating_rules.OUTSTANDING: "#ffffff",
    rating_rules.GOOD: "#ffffff",
    rating_rules.REQUIRES_IMPROVEMENT: INK,
    rating_rules.INADEQUATE: "#ffffff",
    NOT_RECORDED: MUTED,
}
SHORT_RATINGS = {
    rating_rules.OUTSTANDING: "Outst.",
    rating_rules.GOOD: "Good",
    rating_rules.REQUIRES_IMPROVEMENT: "Req. imp.",
    rating_rules.INADEQUATE: "Inad.",
    None: "n/r",
}


def _font(size):
    return ImageFont.load_default(size=size)


def _wrap(text, font, width, max_lines):
    """Words of `text` in lines no wider than `width`; None when they need more than `max_lines`."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    if len(lines) > max_lines or any(font.getlength(text_line) > width for text_line in lines):
        return None
    return lines


def _fit(text, width, sizes, max_lines):
    """(font, lines) at the largest of `sizes` that fits; the smallest, cut short with an ellipsis, otherwise."""
    for size in sizes:
        font = _font(size)
        lines = _wrap(text, font, width, max_lines)
        if lines is not None:
            return font, lines
    font = _font(sizes[-1])
    words, kept = text.split(), []
    for word in words:
        if font.getlength(" ".join([*kept, word, "…"])) > width * max_lines * 0.9:
            break
        kept.append(word)
    return font, _wrap(" ".join(kept) + "…", font, width, max_lines) or [" ".join(kept)[:20] + "…"]


def _draw_lines(draw, position, lines, font, fill, spacing=1.18):
    x, y = position
    step = round(font.size * spacing)
    for line in lines:
        draw.text((x, y), line, font=font, fill=fill)
        y += step
    return y


def _badge(draw, position, rating, width, sizes=(40, 34, 28, 24, 20)):
    """A rating pill: the rating's colour with its name written on it; returns its bottom edge."""
    label = rating or NOT_RECORDED
    font, lines = _fit(label, width - 32, sizes, 2)
    line_height = round(font.size * 1.18)
    height = line_height * len(lines) + 24
    x, y = position
    colour = RATING_COLOURS.get(label, RATING_COLOURS[NOT_RECORDED])
    outline = MUTED if label == NOT_RECORDED else colour
    draw.rounded_rectangle((x, y, x + width, y + height), radius=10, fill=colour, outline=outline, width=2)
    _draw_lines(draw, (x + 16, y + 12), lines, font, RATING_TEXT.get(label, INK))
    return y + height


def _canvas(host_path):
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 84), fill=HEADER)
    draw.text((MARGIN, 24), "Probation inspection league", font=_font(34), fill="#ffffff")
    tag_font = _font(22)
    tag = "UNOFFICIAL"
    tag_width = tag_font.getlength(tag) + 24
    draw.rounded_rectangle((WIDTH - MARGIN - tag_width, 24, WIDTH - MARGIN, 62), radius=4, outline="#ffffff", width=2)
    draw.text((WIDTH - MARGIN - tag_width + 12, 31), tag, font=tag_font, fill="#ffffff")
    draw.rectangle((0, HEIGHT - 64, WIDTH, HEIGHT), fill=TINT)
    footer = _font(22)
    draw.text((MARGIN, HEIGHT - 46), "Ratings: HM Inspectorate of Probation", font=footer, fill=INK)
    address = host_path if footer.getlength(host_path) < 560 else host_path[:44] + "…"
    draw.text((WIDTH - MARGIN - footer.getlength(address), HEIGHT - 46), address, font=footer, fill=INK)
    return image, draw


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _draw(draw_function):
    with _drawing:
        return draw_function()


def _cached(key, draw_function, fallback=None):
    """The image under `key` for this generation, drawn once. With a `fallback`, the image counts
    against the comparison budget, and once that is spent (or the cache is down) the fallback is
    returned instead of drawing."""
    generation = current_generation()
    if generation is None:  # the cache is down: draw uncached, as pages render
        return fallback() if fallback else _draw(draw_function)
    key = f"social:{generation}:{hashlib.sha256(key.encode()).hexdigest()}"
    png = safe_get(key)
    if png is None:
        if fallback and not _within_comparison_budget(generation):
            return fallback()
        png = _draw(draw_function)
        safe_set(key, png, CACHE_SECONDS)
    return png


def _within_comparison_budget(generation):
    """Count one more distinct comparison image for this generation; False once over the budget."""
    count_key = f"social-comparisons:{generation}"
    try:
        cache.add(count_key, 0, CACHE_SECONDS)
        return cache.incr(count_key) <= COMPARISON_PREVIEWS_PER_GENERATION
    except Exception:
        return False


@functools.lru_cache(maxsize=16)
def general_comparison_png(host_path):
    """The one image for comparisons over the budget: what the page is, not whom it compares."""
    image, draw = _canvas(host_path)
    _draw_lines(draw, (MARGIN, 150), ["Compare probation providers"], _font(64), INK)
    lines = ["Inspection ratings of CRCs and NPS divisions side by side,", "standard by standard"]
    _draw_lines(draw, (MARGIN, 260), lines, _font(34), MUTED)
    return _png(image)


def provider_preview_png(slug, host_path, load_page):
    """The preview image of a provider page; `load_page()` gives its `ProviderPage` when it must be drawn."""
    return _cached(f"provider:{slug}:{host_path}", lambda: _png(_draw_provider(load_page(), host_path)))


def _draw_provider(page, host_path):
    image, draw = _canvas(host_path)
    provider, latest = page.provider, page.latest
    name_font, name_lines = _fit(provider.short_name, WIDTH - 2 * MARGIN, (72, 60, 48), 1)
    y = _draw_lines(draw, (MARGIN, 112), name_lines, name_font, INK)
    full_font, full_lines = _fit(provider.name, WIDTH - 2 * MARGIN, (28, 24), 2)
    y = _draw_lines(draw, (MARGIN, y + 4), full_lines, full_font, MUTED) + 18
    if latest is None:
        draw.text((MARGIN, y), "No inspection recorded yet", font=_font(40), fill=INK)
        return image
    inspection = latest.inspection
    draw.text((MARGIN, y), "Overall rating", font=_font(24), fill=MUTED)
    _badge(draw, (MARGIN, y + 34), inspection.overall_rating or None, 470)
    facts = [capfirst(inspection.published_phrase)]
    if provider.is_probation_service:
        # No published scoring rule: the points a source states, and where the unit sits, instead of a score.
        facts.append(
            f"{provider.type_label} · {provider.region.short_name}" if provider.region else provider.type_label
        )
        if inspection.points_stated:
            facts.append(f"{inspection.points_stated} inspection points (as stated)")
    facts.append(
        f"Score {latest.score} of {latest.max_score}"
        if latest.score is not None
        else f"{latest.rated_count} of {latest.standard_count} standards recorded"
    )
    if page.league_row and page.league_row.rank:
        facts.append(f"{page.league_row.rank_label} of {page.league_size} in the 2018-20 league")
    if provider.ceased and provider.ceased_on:
        facts.append(f"No longer exists (since {provider.ceased_label})")
    if any(standard.derived for standard in latest.standards):
        facts.append("* derived from wording, not published")
    fact_font = _font(30)
    for index, fact in enumerate(facts):
        draw.text((MARGIN + 510, y + 8 + index * 42), fact, font=fact_font, fill=INK)
    if latest.rated_count or not provider.is_probation_service:
        _standards_strip(draw, latest.standards, top=HEIGHT - 64 - 112)
    return image


def _standards_strip(draw, standards, top):
    count = len(standards) or 1
    gap = 8
    cell = (WIDTH - 2 * MARGIN - gap * (count - 1)) / count
    code_font, label_font = _font(20), _font(20)
    for index, standard in enumerate(standards):
        x = MARGIN + index * (cell + gap)
        rating = standard.rating
        colour = RATING_COLOURS.get(rating or NOT_RECORDED)
        # An unnumbered standard is labelled by its name, as small as it takes to fit its box.
        font, lines = (code_font, [standard.code]) if standard.code else _fit(standard.name, cell - 8, (20, 16, 14), 1)
        draw.text((x + 6, top), lines[0], font=font, fill=INK)
        box = (x, top + 28, x + cell, top + 84)
        if rating:
            draw.rectangle(box, fill=colour)
        else:
            draw.rectangle(box, fill=PAPER, outline=MUTED, width=2)
        label = SHORT_RATINGS.get(rating, "n/r") + ("*" if standard.derived else "")
        text_x = x + (cell - label_font.getlength(label)) / 2
        draw.text((text_x, top + 44), label, font=label_font, fill=RATING_TEXT.get(rating or NOT_RECORDED, INK))


def comparison_preview_png(slugs, host_path, load_result):
    """The preview image of a comparison page; `load_result()` gives its `Comparison` when it must be drawn."""
    return _cached(
        f"compare:{','.join(slugs)}:{host_path}",
        lambda: _png(_draw_comparison(load_result(), host_path)),
        fallback=lambda: general_comparison_png(host_path.split("/", 1)[0] + "/compare/"),
    )


def _common_size(texts, width, sizes, max_lines):
    """The largest of `sizes` at which every one of `texts` fits in `max_lines` lines of `width`."""
    for size in sizes:
        font = _font(size)
        if all(_wrap(text, font, width, max_lines) is not None for text in texts):
            return size
    return sizes[-1]


def _draw_comparison(result, host_path):
    image, draw = _canvas(host_path)
    title_font, title_lines = _fit(f"Compare {result.title}", WIDTH - 2 * MARGIN, (48, 40, 34, 28), 2)
    y = _draw_lines(draw, (MARGIN, 104), title_lines, title_font, INK) + 16
    count = len(result.compared)
    gap = 20
    column = (WIDTH - 2 * MARGIN - gap * (count - 1)) / count
    name_lines = 2 if count <= 3 else 3
    names = [entry.provider.short_name for entry in result.compared]
    name_size = _common_size(names, column, (40, 34, 30, 26, 22, 20), name_lines)
    ratings = [
        (entry.latest.inspection.overall_rating or NOT_RECORDED) if entry.latest else NOT_RECORDED
        for entry in result.compared
    ]
    badge_size = _common_size(ratings, column - 32, (36, 30, 26, 22, 20), 2)
    detail_size = 26 if count <= 3 else 22
    name_font = _font(name_size)
    names_bottom = (
        y + 20 + max(len(_fit(name, column, (name_size,), name_lines)[1]) for name in names) * round(name_size * 1.18)
    )
    bottom = 0
    for index, entry in enumerate(result.compared):
        x = MARGIN + index * (column + gap)
        draw.rectangle((x, y, x + column, y + 8), fill=PROVIDER_COLOURS[index % len(PROVIDER_COLOURS)])
        _font_unused, lines = _fit(entry.provider.short_name, column, (name_size,), name_lines)
        _draw_lines(draw, (x, y + 20), lines, name_font, INK)
        latest = entry.latest
        rating = (latest.inspection.overall_rating or None) if latest else None
        top = _badge(draw, (x, names_bottom + 8), rating, column, sizes=(badge_size,)) + 14
        if latest:
            details = [capfirst(latest.inspection.published_phrase)]
            details.append(
                f"Score {latest.score} of {latest.max_score}"
                if latest.score is not None
                else f"{latest.rated_count} of {latest.standard_count} rated"
            )
        else:
            details = ["No inspection recorded"]
        for detail in details:
            font, lines = _fit(detail, column, (detail_size, detail_size - 4, 18), 2)
            top = _draw_lines(draw, (x, top), lines, font, INK)
        bottom = max(bottom, top)
    differing = len(result.differing_standards)
    if result.frameworks_differ:
        summary = "Different frameworks: their standards are not like for like"
    elif differing:
        summary = f"Published ratings differ on {differing} of {len(result.standard_rows)} standards"
    else:
        summary = "No recorded standard ratings differ"
    draw.text((MARGIN, min(max(bottom + 16, HEIGHT - 130), HEIGHT - 104)), summary, font=_font(26), fill=MUTED)
    return image


# --- Badges -------------------------------------------------------------------------------

BADGE_WIDTH, BADGE_HEIGHT = 320, 96


def _fits(text, size, width):
    """Rough width check for SVG text in a sans-serif face: 0.6 em per character."""
    return len(text) * size * 0.6 <= width


def badge_svg(provider, inspection, address):
    """A small SVG badge: the provider, its latest overall rating and date, and our address for it."""
    rating = (inspection.overall_rating or None) if inspection else None
    label = rating or ("No overall rating" if inspection else "Not inspected yet")
    colour = RATING_COLOURS.get(rating or NOT_RECORDED)
    text_colour = RATING_TEXT.get(rating or NOT_RECORDED)
    published = f"HMI Probation, {inspection.published_phrase}" if inspection else "HMI Probation"
    if provider.ceased:
        published = f"{capfirst(inspection.published_phrase)} · no longer exists" if inspection else "No longer exists"
    title = f"{provider.short_name}: {label}. {published}. Unofficial league: {address}"
    name_size = 15 if _fits(provider.short_name, 15, BADGE_WIDTH - 20) else 12
    name_fit = (
        ""
        if _fits(provider.short_name, name_size, BADGE_WIDTH - 20)
        else (f' textLength="{BADGE_WIDTH - 20}" lengthAdjust="spacingAndGlyphs"')
    )
    footer = f"Unofficial league · {address}"
    address_fit = (
        ""
        if _fits(footer, 10, BADGE_WIDTH - 20)
        else (f' textLength="{BADGE_WIDTH - 20}" lengthAdjust="spacingAndGlyphs"')
    )
    outline = f' stroke="{MUTED}" stroke-dasharray="4 3"' if rating is None else ""
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="{BADGE_WIDTH}" height="{BADGE_HEIGHT}" \
viewBox="0 0 {BADGE_WIDTH} {BADGE_HEIGHT}" role="img" aria-labelledby="badge-title">
<title id="badge-title">{escape(title)}</title>
<rect width="{BADGE_WIDTH}" height="{BADGE_HEIGHT}" rx="6" fill="{PAPER}" stroke="{HEADER}" stroke-width="2"/>
<path d="M0 6a6 6 0 0 1 6-6h{BADGE_WIDTH - 12}a6 6 0 0 1 6 6v22h-{BADGE_WIDTH}z" fill="{HEADER}"/>
<g font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif">
<text x="10" y="20" font-size="{name_size}" font-weight="700" fill="#ffffff"{name_fit}>\
{escape(provider.short_name)}</text>
<rect x="10" y="34" width="{BADGE_WIDTH - 20}" height="26" rx="3" fill="{colour}"{outline}/>
<text x="18" y="52" font-size="15" font-weight="600" fill="{text_colour}">{escape(label)}</text>
<text x="10" y="75" font-size="11" fill="{INK}">{escape(published)}</text>
<text x="10" y="89" font-size="10" fill="{MUTED}"{address_fit}>{escape(footer)}</text>
</g>
</svg>
"""
