import functools
import re
from urllib.parse import urlsplit

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from inspections import rating_rules

from .. import glossary
from ..cache import current_generation, safe_get, safe_set
from ..charts import inspection as inspection_charts

register = template.Library()


@register.filter
def rating_slug(rating):
    """CSS and URL slug of a rating: 'Requires improvement' -> 'requires-improvement'."""
    return rating_rules.RATING_SLUGS.get(rating, "not-recorded")


@register.filter
def lower_first(text):
    """A name set inside a sentence: its first letter lower-cased, the rest as written ("Second round (2019–20),
    stopped by COVID-19 in March 2020" -> "second round (2019–20), stopped by COVID-19 in March 2020"); a name
    that opens with an abbreviation ("NPS …") is left as it is."""
    text = str(text)
    first_word = text.split(" ", 1)[0]
    if len(first_word) > 1 and first_word[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def rating_definition_url(rating):
    """The address of a rating's definition in the glossary ("Not recorded" when blank), or None."""
    slug = glossary.RATING_DEFINITION_SLUGS.get(rating or glossary.NOT_RECORDED)
    return f"{reverse('dashboard:glossary')}#rating-{slug}" if slug else None


@register.simple_tag
# typed: a label marked safe and a plain one with the same text are escaped differently.
@functools.lru_cache(maxsize=1024, typed=True)
def rating_badge(rating, context_label="", linked=True):
    """A rating as a coloured badge, "Not recorded" when blank; `context_label` is read out before it.

    The badge links to the rating's definition (one link, named "Good — what this rating means"),
    unless `linked` is false: inside another link, or on the page of definitions itself.
    Python rather than a template, and each (rating, label) pair rendered once: the league
    shows hundreds of these a page, from a few dozen pairs.
    """
    label = format_html('<span class="visually-hidden">{}: </span>', context_label) if context_label else ""
    badge = format_html(
        '<span class="rating rating--{}">{}{}</span>', rating_slug(rating), label, rating or glossary.NOT_RECORDED
    )
    url = rating_definition_url(rating) if linked else None
    if url is None:
        return badge
    # The link's name in an attribute, so the page's text stays the badge's own.
    name = f"{context_label}: " if context_label else ""
    return format_html(
        '<a class="rating-link" href="{}" aria-label="{}{} — what this rating means">{}</a>',
        url,
        name,
        rating or glossary.NOT_RECORDED,
        badge,
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


def _glossary_entry(word):
    """The glossary term an abbreviation names ("CRC", or its plural "CRCs"), or None."""
    terms = glossary.TERMS_BY_ABBREVIATION
    return terms.get(word) or (terms.get(word[:-1]) if word.endswith("s") else None)


@register.filter
def glossary_abbr(word, style="linked"):
    """A known abbreviation spelled out in <abbr title="…">, linked to its glossary entry; "plain" for
    no link (inside another link). Any other word is returned as it is, escaped."""
    term = _glossary_entry(str(word))
    if term is None:
        return conditional_escape(word)
    abbr = format_html('<abbr title="{}">{}</abbr>', term.expansion, word)
    if style == "plain":
        return abbr
    return format_html('<a class="glossary-link" href="{}#{}">{}</a>', reverse("dashboard:glossary"), term.anchor, abbr)


@register.filter
def short_name_abbr(provider):
    """A provider's short name with its abbreviations spelled out in <abbr> (no link, so it may sit inside
    one): "KSS CRC" reads as Kent, Surrey and Sussex Community Rehabilitation Company on hover."""
    acronym = glossary.provider_acronym(provider.short_name, provider.name)
    parts = []
    for word in provider.short_name.split(" "):
        if acronym is not None and word == acronym.acronym:
            parts.append(format_html('<abbr title="{}">{}</abbr>', acronym.expansion, word))
        else:
            parts.append(glossary_abbr(word, "plain"))
    return mark_safe(" ".join(parts))


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        output = self.nodelist.render(context)
        context[self.name] = output
        return output


@register.tag
def capture(parser, token):
    """{% capture name %}…{% endcapture %}: writes what it encloses and keeps it as `name` for later in the
    page, so base.html can name the page's title and address twice while each page sets them once."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("capture takes one name: {% capture name %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


_SITE_NAME_SUFFIX = re.compile(r"\s+[—–-]\s+Probation inspection league(?: table)? \(unofficial\)\s*$")


@register.filter
def without_site_name(title):
    """A page's title without the site's name after it: "KSS CRC: inspection ratings"."""
    text = " ".join(str(title).split())
    return _SITE_NAME_SUFFIX.sub("", text) or text


@register.filter
def local_address(url):
    """An absolute address of this site as its path and query ("/providers/kss-crc/")."""
    parts = urlsplit(str(url).strip())
    return f"{parts.path or '/'}{'?' + parts.query if parts.query else ''}"


_LAST_CHANGED_KEY = "data-last-changed:{}"
# Kept a day: a generation usually outlives it, and any page showing the date puts it back.
_LAST_CHANGED_SECONDS = 24 * 60 * 60


@register.simple_tag(takes_context=True)
def data_last_changed(context):
    """When the published data last changed, for the citation of any page, at no query's cost.

    A page that shows the date (its view's `last_changed`) gives it and leaves it in the cache for its data
    generation; a page that does not reads it from there. None when no page of this generation has been
    shown yet: the citation then points to the list of changes instead of querying.
    """
    generation = current_generation()
    known = context.get("last_changed")
    key = _LAST_CHANGED_KEY.format(generation)
    if known:
        if generation is not None and safe_get(key) != known:
            safe_set(key, known, timeout=_LAST_CHANGED_SECONDS)
        return known
    return safe_get(key) if generation is not None else None
