"""
Images drawn by the server: social-preview PNGs (1200×630) of provider and comparison pages, and SVG badges.

The PNGs use Pillow's bundled font (`ImageFont.load_default`), so they look the
same on every machine; their bytes are cached under the data generation, so an
editor's save redraws them. Ratings are always written, never shown by colour alone.
"""

import contextlib
import functools
import hashlib
import io
import threading
import unicodedata
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.html import escape
from django.utils.text import capfirst
from PIL import Image, ImageDraw, ImageFont

from inspections import rating_rules
from providers.models import ProviderType

from ..cache import current_generation, safe_get, safe_set
from ..selectors.distributions import NOT_RECORDED
from ..selectors.league import not_rated_kind
from .comparison import PROVIDER_COLOURS
from .theme import INK, MUTED, RATING_COLOURS

WIDTH, HEIGHT = 1200, 630
MARGIN = 60
HEADER = "#20262d"
PAPER = "#ffffff"
TINT = "#f4f4f2"
CACHE_SECONDS = 24 * 60 * 60
# Comparisons are countless (two to six of the providers). Only the first
# COMPARISON_PREVIEWS_PER_GENERATION distinct ones drawn since the last edit get their own image
# (a comparison's image is drawn in one order of its providers, whatever order its address gives);
# any further one gets the general comparison image, so a crawler of made-up lists can neither
# keep the server drawing nor fill the cache.
COMPARISON_PREVIEWS_PER_GENERATION = 200
# Drawing an image takes a core for a fraction of a second. A process draws PREVIEW_RENDERERS at
# once; a request that cannot have a renderer within RENDERER_WAIT_SECONDS is answered at once
# without an image (RenderersBusy), so previews never hold the workers that pages need.
PREVIEW_RENDERERS = 1
RENDERER_WAIT_SECONDS = 1.0
_renderers = threading.BoundedSemaphore(PREVIEW_RENDERERS)


class RenderersBusy(Exception):
    """Every renderer of this process stayed busy for RENDERER_WAIT_SECONDS: nothing was drawn."""


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


# The bundled font has no dashes but the hyphen, and no accented letters.
_DASHES = str.maketrans({"–": "-", "—": "-"})


def _plain(text):
    """`text` in characters the bundled font draws: dashes as hyphens, accents left off their letters."""
    decomposed = unicodedata.normalize("NFD", text.translate(_DASHES))
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def _text(draw, position, text, font, fill):
    draw.text(position, _plain(text), font=font, fill=fill)


def _wrap(text, font, width, max_lines):
    """Words of `text` in lines no wider than `width`; None when they need more than `max_lines`."""
    text = _plain(text)
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
    lines = _wrap(" ".join(kept) + "…", font, width, max_lines)
    while lines is None and len(kept) > 1:
        kept.pop()
        lines = _wrap(" ".join(kept) + "…", font, width, max_lines)
    if lines is None:  # a single word wider than the line: cut it letter by letter
        line = _plain(" ".join(kept) or text)
        while line and font.getlength(line + "…") > width:
            line = line[:-1]
        lines = [line.rstrip(" ,") + "…"]
    return font, lines


def _draw_lines(draw, position, lines, font, fill, spacing=1.18):
    x, y = position
    step = round(font.size * spacing)
    for line in lines:
        _text(draw, (x, y), line, font, fill)
        y += step
    return y


def _badge(draw, position, rating, width, sizes=(40, 34, 28, 24, 20), mark=""):
    """A rating pill: the rating's colour with its name (and `mark`, for a derived one) written on it; returns
    its bottom edge."""
    label = rating or NOT_RECORDED
    one_line = next((size for size in sizes if _wrap(label + mark, _font(size), width - 32, 1)), None)
    font, lines = _fit(label + mark, width - 32, (one_line,) if one_line else sizes, 2)
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
    _text(draw, (MARGIN, 24), "Probation inspection league", _font(34), "#ffffff")
    tag_font = _font(22)
    tag = "UNOFFICIAL"
    tag_width = tag_font.getlength(tag) + 24
    draw.rounded_rectangle((WIDTH - MARGIN - tag_width, 24, WIDTH - MARGIN, 62), radius=4, outline="#ffffff", width=2)
    _text(draw, (WIDTH - MARGIN - tag_width + 12, 31), tag, tag_font, "#ffffff")
    draw.rectangle((0, HEIGHT - 64, WIDTH, HEIGHT), fill=TINT)
    footer = _font(22)
    _text(draw, (MARGIN, HEIGHT - 46), "Ratings: HM Inspectorate of Probation", footer, INK)
    address = host_path if footer.getlength(host_path) < 560 else host_path[:44] + "…"
    _text(draw, (WIDTH - MARGIN - footer.getlength(address), HEIGHT - 46), address, footer, INK)
    return image, draw


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@contextlib.contextmanager
def renderer():
    """One of this process's renderers while the block runs; RenderersBusy after RENDERER_WAIT_SECONDS."""
    if not _renderers.acquire(timeout=RENDERER_WAIT_SECONDS):
        raise RenderersBusy
    try:
        yield
    finally:
        _renderers.release()


def _cached(key, load, draw, fallback=None):
    """The image under `key` for this generation, drawn once: `draw(load())`, the data read before
    a renderer is taken. With a `fallback`, the image counts against the comparison budget, and once
    that is spent (or the cache is down) the fallback is returned instead of drawing."""
    generation = current_generation()
    if generation is None:  # the cache is down: draw uncached, as pages render
        if fallback:
            return fallback()
        data = load()
        with renderer():
            return draw(data)
    key = f"social:{generation}:{hashlib.sha256(key.encode()).hexdigest()}"
    png = safe_get(key)
    if png is not None:
        return png
    data = load()
    with renderer():
        png = safe_get(key)  # drawn by another request while this one waited
        if png is None:
            if fallback and not _within_comparison_budget(generation):
                return fallback()
            png = draw(data)
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
    lines = ["Inspection ratings side by side: the CRCs and NPS divisions", "of 2018–20, and today's regions and PDUs"]
    _draw_lines(draw, (MARGIN, 260), lines, _font(34), MUTED)
    return _png(image)


def provider_preview_png(slug, host_path, load_page):
    """The preview image of a provider page; `load_page()` gives its `selectors.share.PreviewData` when it must
    be drawn."""
    return _cached(
        f"provider:{slug}:{host_path}", load_page, lambda data: _png(_draw_provider(provider_preview(data), host_path))
    )


@dataclass
class ProviderPreview:
    """What a provider's preview image writes, of either era."""

    name: str
    full_name: str
    rating_heading: str = "Overall rating"
    inspected: bool = True
    rating: str | None = None
    rating_derived: bool = False
    date_derived: bool = False
    facts: list = field(default_factory=list)
    standards: list = field(default_factory=list)  # [(label, rating, derived)]; empty: no strip is drawn
    unit_ratings: object = None  # selectors.share.UnitRatings of a region's PDUs
    notes: list = field(default_factory=list)  # what came after: later inspections that carry no rating

    @property
    def any_derived(self):
        return self.rating_derived or self.date_derived or any(derived for _, _, derived in self.standards)


DERIVED_MARK = "*"
DERIVED_NOTE = f"{DERIVED_MARK} Derived from a source's wording, not quoted"


def _previous_fact(previous_rating, previous_label, current):
    """'Previously Good (December 2022): declined', or '' with no movement to tell."""
    moved = rating_rules.movement(previous_rating, current)
    return f"Previously {previous_rating} ({previous_label}): {moved}" if moved else ""


def _later_note(kind, published_label):
    return f"Since then: {kind} ({published_label})"


def provider_preview(data):
    """The `ProviderPreview` of `data` (a `selectors.share.PreviewData`)."""
    page = data.page
    provider = page.provider
    preview = ProviderPreview(name=provider.short_name, full_name=provider.name, inspected=page.latest is not None)
    if provider.is_probation_service:
        return _unit_preview(preview, page, data.unit_ratings)
    return _crc_era_preview(preview, page)


def _crc_era_preview(preview, page):
    provider, latest = page.provider, page.latest
    preview.rating_heading = "Overall rating, 2018–20"
    if latest is None:
        return preview
    inspection = latest.inspection
    preview.rating = inspection.overall_rating or None
    preview.rating_derived = inspection.overall_rating_derived
    row = page.league_row
    preview.facts = [
        capfirst(inspection.published_phrase),
        f"Score {latest.score} of {latest.max_score}"
        if latest.score is not None
        else f"{latest.rated_count} of {latest.standard_count} standards recorded",
    ]
    if row and row.rank:
        preview.facts.append(f"{row.rank_label} of {page.league_size} in the 2018–20 league")
    if row and row.previous:
        preview.facts.append(
            _previous_fact(row.previous.overall_rating, row.previous.published_label, row.overall_rating)
        )
    if provider.ceased:
        preview.facts.append(
            f"No longer exists (since {provider.ceased_label})" if provider.ceased_on else "No longer exists"
        )
    preview.standards = [(standard.code, standard.rating, standard.derived) for standard in latest.standards]
    kind = not_rated_kind(provider.provider_type, "")
    preview.notes = [_later_note(kind, later.inspection.published_label) for later in page.later_not_rated]
    preview.facts = [fact for fact in preview.facts if fact]
    return preview


def _unit_place(provider):
    """'PDU · North East region', 'Probation Service region'."""
    if provider.provider_type == ProviderType.PDU:
        place = f"PDU · {provider.region.short_name}" if provider.region else "PDU"
    else:
        place = ProviderType(provider.provider_type).label
    if provider.ceased:
        place += " · no longer exists"
    return place


def _unit_preview(preview, page, unit_ratings):
    provider, latest = page.provider, page.latest
    preview.unit_ratings = unit_ratings
    preview.facts = [_unit_place(provider)]
    if latest is None:
        return preview
    inspection = latest.inspection
    preview.rating = inspection.overall_rating or None
    preview.rating_derived = inspection.overall_rating_derived
    preview.date_derived = inspection.published_on_derived
    preview.facts.append(capfirst(inspection.published_phrase) + (DERIVED_MARK if preview.date_derived else ""))
    programme = inspection.inspection_round.name if inspection.inspection_round else latest.framework.name
    preview.facts.append(programme)
    if inspection.points_stated:
        # Only as a source states them: no rule from points to a rating is published.
        preview.facts.append(f"{inspection.points_stated} inspection points, as stated")
    if latest.previous_rated:
        previous = latest.previous_rated
        preview.facts.append(
            _previous_fact(previous.overall_rating, previous.published_label, inspection.overall_rating)
        )
    if page.league_row and page.league_row.rank:
        preview.facts.append(f"{page.league_row.rank_label} of {page.ranked_count} in today's league")
    if latest.standards and not latest.rated_count:
        preview.facts.append(f"No standard ratings recorded (of {len(latest.standards)})")
    preview.facts = [fact for fact in preview.facts if fact]
    if latest.rated_count:
        preview.standards = [(standard.name, standard.rating, standard.derived) for standard in latest.standards]
    preview.notes = [
        _later_note(not_rated_kind(provider.provider_type, later.framework.slug), later.inspection.published_label)
        for later in page.later_not_rated
    ]
    return preview


STRIP_HEIGHT = 104
FOOTER_TOP = HEIGHT - 64


def _draw_provider(preview, host_path):
    image, draw = _canvas(host_path)
    name_font, name_lines = _fit(preview.name, WIDTH - 2 * MARGIN, (68, 60, 48), 1)
    y = _draw_lines(draw, (MARGIN, 104), name_lines, name_font, INK)
    full_font, full_lines = _fit(preview.full_name, WIDTH - 2 * MARGIN, (26, 22), 1)
    top = _draw_lines(draw, (MARGIN, y + 2), full_lines, full_font, MUTED) + 14
    bottom = FOOTER_TOP - 14
    if preview.standards:
        bottom -= STRIP_HEIGHT
        _standards_strip(draw, preview.standards, top=bottom + 8)
    # The facts, then what came after, then the key to the derived mark, in the right-hand column.
    lines = [(fact, INK) for fact in preview.facts] + [(note, INK) for note in preview.notes]
    if preview.any_derived:
        lines.append((DERIVED_NOTE, MUTED))
    column = (MARGIN + 450, top + 4, WIDTH - MARGIN, bottom - 8)
    if preview.inspected:
        _text(draw, (MARGIN, top), preview.rating_heading, _font(24), MUTED)
        mark = DERIVED_MARK if preview.rating_derived else ""
        badge_bottom = _badge(draw, (MARGIN, top + 34), preview.rating, 420, sizes=(40, 34, 28), mark=mark)
    else:
        _text(draw, (MARGIN, top + 8), "No inspection recorded yet", _font(34), INK)
        badge_bottom = top + 60
    if preview.unit_ratings is not None:
        _unit_ratings(draw, preview.unit_ratings, (MARGIN, badge_bottom + 14, MARGIN + 420, bottom - 8))
    _facts_column(draw, lines, column)
    return image


def _facts_column(draw, facts, box):
    """`facts` ((text, colour) pairs) in `box`, one a line at the largest size at which all fit; else two lines
    each where needed, else cut short."""
    left, top, right, bottom = box
    width, height, gap = right - left, bottom - top, 6

    def laid_out(size, max_lines):
        font = _font(size)
        lines = [_wrap(text, font, width, max_lines) for text, _ in facts]
        step = round(size * 1.25)
        fits = all(lines) and sum(len(each) for each in lines) * step + gap * len(facts) <= height
        return (font, lines, step) if fits else None

    attempts = [(size, 1) for size in (30, 27, 24, 22)] + [(size, 2) for size in (27, 24, 22, 20, 18)]
    layout = next((laid for size, lines in attempts if (laid := laid_out(size, lines))), None)
    if layout is None:
        font, step = _font(18), round(18 * 1.25)
        layout = (font, [_fit(text, width, (18,), 1)[1] for text, _ in facts], step)
    font, lines, step = layout
    y = top
    for fact_lines, (_, colour) in zip(lines, facts, strict=True):
        y = _draw_lines(draw, (left, y), fact_lines, font, colour, spacing=step / font.size) + gap


def _unit_ratings(draw, unit_ratings, box):
    """A region's PDUs by latest rating, in `box`: each count on its rating's colour, its name written."""
    left, top, right, bottom = box
    noun = "PDU" if unit_ratings.units == 1 else "PDUs"
    _text(draw, (left, top), f"Its {unit_ratings.units} {noun}' latest ratings", _font(20), MUTED)
    chips = [(rating, f"{count} {rating}") for rating, count in unit_ratings.counts]
    if unit_ratings.not_recorded:
        chips.append((NOT_RECORDED, f"{unit_ratings.not_recorded} not recorded"))
    if unit_ratings.not_inspected:
        chips.append((None, f"{unit_ratings.not_inspected} not inspected here"))
    font, height = _font(20), 34
    x, y = left, top + 28
    for rating, text in chips:
        width = font.getlength(text) + 20
        if x + width > right and x > left:
            x, y = left, y + height + 6
        if y + height > bottom:
            break
        if rating is None:
            draw.rounded_rectangle((x, y, x + width, y + height), radius=8, fill=PAPER, outline=MUTED, width=2)
        else:
            draw.rounded_rectangle((x, y, x + width, y + height), radius=8, fill=RATING_COLOURS[rating])
        _text(draw, (x + 10, y + 7), text, font, RATING_TEXT.get(rating, INK))
        x += width + 8


def _standards_strip(draw, standards, top):
    """One box a standard, its rating's short name written on its colour; labelled by number, or by name where
    the framework numbers none."""
    count = len(standards) or 1
    gap = 8
    cell = (WIDTH - 2 * MARGIN - gap * (count - 1)) / count
    label_font = _font(20)
    for index, (label, rating, derived) in enumerate(standards):
        x = MARGIN + index * (cell + gap)
        font, lines = _fit(label, cell - 4, (20, 18, 16, 15, 14), 2)
        line_top = top + 40 - round(font.size * 1.15) * len(lines)
        _draw_lines(draw, (x + 2, line_top), lines, font, INK, spacing=1.15)
        box = (x, top + 44, x + cell, top + 96)
        if rating:
            draw.rectangle(box, fill=RATING_COLOURS.get(rating, RATING_COLOURS[NOT_RECORDED]))
        else:
            draw.rectangle(box, fill=PAPER, outline=MUTED, width=2)
        text = SHORT_RATINGS.get(rating, "n/r") + (DERIVED_MARK if derived else "")
        text_x = x + (cell - label_font.getlength(text)) / 2
        _text(draw, (text_x, top + 58), text, label_font, RATING_TEXT.get(rating or NOT_RECORDED, INK))


def comparison_preview_png(slugs, host_path, load_result):
    """The preview image of a comparison page; `load_result()` gives its `Comparison` when it must be drawn."""
    return _cached(
        f"compare:{','.join(slugs)}:{host_path}",
        load_result,
        lambda result: _png(_draw_comparison(result, host_path)),
        fallback=lambda: general_comparison_png(host_path.split("/", 1)[0] + "/compare/"),
    )


def _common_size(texts, width, sizes, max_lines):
    """The largest of `sizes` at which every one of `texts` fits in `max_lines` lines of `width`."""
    for size in sizes:
        font = _font(size)
        if all(_wrap(text, font, width, max_lines) is not None for text in texts):
            return size
    return sizes[-1]


def _compared_details(entry):
    """The lines under a compared provider's rating: its date as recorded, then its score (2018–20) or what is
    stated and recorded (today, with no published scoring rule), and what became of a 2018–20 provider."""
    latest, provider = entry.latest, entry.provider
    if latest is None:
        return ["No inspection recorded"]
    inspection = latest.inspection
    details = [capfirst(inspection.published_phrase)]
    if latest.score is not None:
        details.append(f"Score {latest.score} of {latest.max_score}")
    elif inspection.points_stated:
        details.append(f"{inspection.points_stated} points, as stated")
    elif latest.standard_count:
        details.append(f"{latest.rated_count} of {latest.standard_count} standards rated")
    if not provider.is_probation_service:
        details.append("2018–20 · no longer exists" if provider.ceased else "2018–20")
    elif provider.region:
        details.append(provider.region.short_name)
    return details


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
    name_font = _font(name_size)
    names_bottom = (
        y + 20 + max(len(_fit(name, column, (name_size,), name_lines)[1]) for name in names) * round(name_size * 1.18)
    )
    details = [_compared_details(entry) for entry in result.compared]
    summary_top = FOOTER_TOP - 40
    badge_lines = max(len(_fit(rating, column - 32, (badge_size,), 2)[1]) for rating in ratings)
    details_top = names_bottom + 8 + round(badge_size * 1.18) * badge_lines + 24 + 14
    # The details' size: the largest at which every column's lines end above the summary.
    for detail_size in (26, 24, 22, 20, 18):
        detail_font = _font(detail_size)
        tallest = max(
            sum(len(_fit(line, column, (detail_size,), 2)[1]) for line in lines) for lines in details
        ) * round(detail_size * 1.18)
        if details_top + tallest <= summary_top - 8:
            break
    for index, entry in enumerate(result.compared):
        x = MARGIN + index * (column + gap)
        draw.rectangle((x, y, x + column, y + 8), fill=PROVIDER_COLOURS[index % len(PROVIDER_COLOURS)])
        _font_unused, lines = _fit(entry.provider.short_name, column, (name_size,), name_lines)
        _draw_lines(draw, (x, y + 20), lines, name_font, INK)
        latest = entry.latest
        rating = (latest.inspection.overall_rating or None) if latest else None
        mark = DERIVED_MARK if latest and latest.inspection.overall_rating_derived else ""
        top = _badge(draw, (x, names_bottom + 8), rating, column, sizes=(badge_size,), mark=mark) + 14
        for detail in details[index]:
            _font_unused, lines = _fit(detail, column, (detail_size,), 2)
            top = _draw_lines(draw, (x, top), lines, detail_font, INK)
    if result.frameworks_differ:
        # Standards of different frameworks share names, not definitions: no count of differences between them.
        summary = "Different frameworks: standards not like for like"
    elif result.differing_standards:
        summary = (
            f"Published ratings differ on {len(result.differing_standards)} of {len(result.standard_rows)} standards"
        )
    else:
        summary = "No recorded standard ratings differ"
    if any(entry.latest and entry.latest.inspection.overall_rating_derived for entry in result.compared):
        summary += f" · {DERIVED_MARK} derived, not quoted"
    _text(draw, (MARGIN, summary_top), summary, _font(26), MUTED)
    return image


# --- Badges -------------------------------------------------------------------------------

BADGE_WIDTH, BADGE_HEIGHT = 320, 96


def _fits(text, size, width):
    """Rough width check for SVG text in a sans-serif face: 0.6 em per character."""
    return len(text) * size * 0.6 <= width


def _squeezed(text, size, width):
    """The attributes that squeeze an SVG text into `width` when it would not fit at `size`."""
    return "" if _fits(text, size, width) else f' textLength="{width}" lengthAdjust="spacingAndGlyphs"'


def _badge_context(provider):
    """What the badge says of the provider beyond its name, longest first: the era of a 2018–20 rating and that
    the provider is gone, or where today's unit sits."""
    if not provider.is_probation_service:
        if provider.ceased:
            return ["2018–20 rating · no longer exists", "2018–20 · no longer exists"]
        return ["2018–20 rating"]
    gone = " · no longer exists" if provider.ceased else ""
    if provider.provider_type == ProviderType.PDU and provider.region:
        return [f"PDU, {provider.region.short_name}{gone}", f"PDU{gone}"]
    if provider.provider_type == ProviderType.REGION:
        return [f"Probation Service region{gone}", f"Region{gone}"]
    return [f"National inspection{gone}"]


def _badge_line(contexts, derived):
    """The badge's third line: the source, the derived mark's key and the context, as much as fits."""
    flag = f"{DERIVED_MARK} derived, not quoted · " if derived else ""
    candidates = [f"HMI Probation · {flag}{context}" for context in contexts] + [flag + context for context in contexts]
    return next((line for line in candidates if _fits(line, 11, BADGE_WIDTH - 20)), candidates[-1])


def badge_svg(provider, inspection, address):
    """A small SVG badge: the provider, the overall rating and date of the inspection the leagues rank it by, the
    era or place it belongs to, and our address for it."""
    rating = (inspection.overall_rating or None) if inspection else None
    label = rating or ("No overall rating" if inspection else "Not inspected yet")
    rating_derived = bool(inspection and inspection.overall_rating_derived)
    date_derived = bool(inspection and inspection.published_on_derived)
    derived = rating_derived or date_derived
    label += DERIVED_MARK * rating_derived
    colour = RATING_COLOURS.get(rating or NOT_RECORDED, RATING_COLOURS[NOT_RECORDED])
    text_colour = RATING_TEXT.get(rating or NOT_RECORDED, INK)
    date = inspection.published_label + DERIVED_MARK * date_derived if inspection else ""
    contexts = _badge_context(provider)
    line = _badge_line(contexts, derived)
    rating_words = label.removesuffix(DERIVED_MARK) + (" (derived from wording, not quoted)" if rating_derived else "")
    when = (
        f", {inspection.published_phrase}" + (" (date derived, not quoted)" if date_derived else "")
        if inspection
        else ""
    )
    title = (
        f"{provider.short_name}: {rating_words}{when}. {contexts[0]}. "
        f"HM Inspectorate of Probation ratings, unofficial league: {address}"
    )
    name_size = 15 if _fits(provider.short_name, 15, BADGE_WIDTH - 20) else 12
    footer = f"Unofficial league · {address}"
    outline = f' stroke="{MUTED}" stroke-dasharray="4 3"' if rating is None else ""
    # The rating and its date share the pill; a long pair takes a smaller size, then is squeezed.
    label_room = round(BADGE_WIDTH - 36 - (len(date) * 12 * 0.6 + 10 if date else 0))
    label_size = 15 if _fits(label, 15, label_room) else 13
    date_text = (
        f'<text x="{BADGE_WIDTH - 18}" y="51" font-size="12" text-anchor="end" fill="{text_colour}">'
        f"{escape(date)}</text>"
        if date
        else ""
    )
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="{BADGE_WIDTH}" height="{BADGE_HEIGHT}" \
viewBox="0 0 {BADGE_WIDTH} {BADGE_HEIGHT}" role="img" aria-labelledby="badge-title">
<title id="badge-title">{escape(title)}</title>
<rect width="{BADGE_WIDTH}" height="{BADGE_HEIGHT}" rx="6" fill="{PAPER}" stroke="{HEADER}" stroke-width="2"/>
<path d="M0 6a6 6 0 0 1 6-6h{BADGE_WIDTH - 12}a6 6 0 0 1 6 6v22h-{BADGE_WIDTH}z" fill="{HEADER}"/>
<g font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif">
<text x="10" y="20" font-size="{name_size}" font-weight="700" fill="#ffffff"\
{_squeezed(provider.short_name, name_size, BADGE_WIDTH - 20)}>{escape(provider.short_name)}</text>
<rect x="10" y="34" width="{BADGE_WIDTH - 20}" height="26" rx="3" fill="{colour}"{outline}/>
<text x="18" y="52" font-size="{label_size}" font-weight="600" fill="{text_colour}"\
{_squeezed(label, label_size, label_room)}>{escape(label)}</text>
{date_text}
<text x="10" y="75" font-size="11" fill="{INK}"{_squeezed(line, 11, BADGE_WIDTH - 20)}>{escape(line)}</text>
<text x="10" y="89" font-size="10" fill="{MUTED}"{_squeezed(footer, 10, BADGE_WIDTH - 20)}>{escape(footer)}</text>
</g>
</svg>
"""
