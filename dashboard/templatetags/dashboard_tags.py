import functools

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from inspections import rating_rules

from ..charts import inspection as inspection_charts

register = template.Library()


@register.filter
def rating_slug(rating):
    """CSS and URL slug of a rating: 'Requires improvement' -> 'requires-improvement'."""
    return rating_rules.RATING_SLUGS.get(rating, "not-recorded")


@register.simple_tag
# typed: a label marked safe and a plain one with the same text are escaped differently.
@functools.lru_cache(maxsize=1024, typed=True)
def rating_badge(rating, context_label=""):
    """A rating as a coloured badge, "Not recorded" when blank; `context_label` is read out before it.

    Python rather than a template, and each (rating, label) pair rendered once: the league
    shows hundreds of these a page, from a few dozen pairs.
    """
    label = format_html('<span class="visually-hidden">{}: </span>', context_label) if context_label else ""
    return format_html(
        '<span class="rating rating--{}">{}{}</span>', rating_slug(rating), label, rating or "Not recorded"
    )


@register.simple_tag
def overall_rating(rating, derived=False, notes=""):
    """An overall rating with what a reader needs to weigh it: a derived one says so, "Not rated" gives its reason."""
    html = rating_badge(rating, context_label="Overall rating")
    if derived:
        html += format_html(' <span class="value-flag" title="{}">Derived, not quoted</span>', notes)
    if rating == rating_rules.NOT_RATED and notes:
        html += format_html('<span class="value-note">{}</span>', notes)
    return html


@register.simple_tag
def movement(row):
    """How a league row's overall rating moved since the previous rated inspection; later unrated ones noted."""
    previous = row.previous
    if row.movement:
        html = format_html(
            '<span class="movement movement--{}"><span aria-hidden="true">{}</span> {}</span>'
            '<span class="movement-from"> from {} ({})</span>',
            row.movement,
            row.movement_symbol,
            capfirst(row.movement),
            previous.overall_rating,
            previous.published_label,
        )
    elif previous:
        html = format_html(
            '<span class="muted">Previously {} ({})</span>', previous.overall_rating, previous.published_label
        )
    else:
        html = mark_safe('<span class="muted">No earlier inspection</span>')
    for later in row.later_not_rated:
        html += format_html(
            '<span class="value-note">Later: {}<span class="visually-hidden"> ({})</span>.</span>',
            later.short_summary,
            later.summary,
        )
    return html


@register.filter
def fact_label(metric):
    """A contextual fact's name, saying so where a lower figure is the better one."""
    return inspection_charts.fact_label(metric)


@register.filter
def fact_value(value, unit):
    """A contextual figure as the report prints it: '82%', '8,652'; 'Not recorded' when blank."""
    if value is None or value == "":
        return "Not recorded"
    number = float(value)
    text = f"{number:,.0f}" if number == int(number) else f"{number:,.1f}"
    return f"{text}%" if unit == "percent" else text


@register.filter
def source_label(url):
    """A readable label for a source link: its site and path, without the scheme."""
    text = str(url)
    for prefix in ("https://", "http://", "www."):
        text = text.removeprefix(prefix)
    return text.rstrip("/")


@register.filter
def get_count(counts, key):
    """counts[key], or 0: for Counters of ratings in templates."""
    return counts.get(key, 0)


@register.filter
def without(comparison, entry):
    """The address of `comparison` with one compared provider removed."""
    return comparison.without(entry)


@register.filter
def with_added(comparison, provider):
    """The address of `comparison` with `provider` added at the end."""
    return comparison.with_added(provider)


@register.filter
def paired(cells, compared):
    """(compared provider, cell) pairs of a comparison row, so each cell can name its provider."""
    return list(zip(compared, cells, strict=True))
