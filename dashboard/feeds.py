"""An Atom feed of inspections, newest entered first: one entry per inspection, updated when it is edited."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from inspections.models import Inspection
from providers.models import ProviderType

from .context_processors import SITE_DESCRIPTION, SITE_NAME
from .selectors.dataset import derived_lines
from .selectors.league import not_rated_kind

DERIVED_RATING = " (derived from a source's wording, not quoted)"
DERIVED_DATE = " (date derived from other facts, not stated)"


class InspectionsFeed(Feed):
    feed_type = Atom1Feed
    title = "Probation inspection league (unofficial): inspections"
    subtitle = SITE_DESCRIPTION + " Each entry is one inspection, as it is added or changed."
    author_name = SITE_NAME
    feed_copyright = "Contains public sector information licensed under the Open Government Licence v3.0."

    def link(self):
        return reverse("dashboard:league")

    def feed_url(self):
        return reverse("dashboard:feed")

    def items(self):
        # By when each was entered, never by publication: undated inspections keep their place. One query.
        return (
            Inspection.objects.with_page_relations()
            .select_related("provider__region")
            .with_standards_recorded()
            .order_by("-created_at", "-id")
        )

    def item_title(self, item):
        provider = item.provider
        name = provider.short_name
        if provider.provider_type == ProviderType.PDU and provider.region:
            name += f" ({provider.region.short_name})"
        if provider.is_probation_service:
            outcome = _unit_outcome(item)
        else:
            outcome = item.overall_rating or "overall rating not recorded"
        if item.overall_rating_derived:
            outcome += ", derived from wording"
        when = item.published_phrase + (", date derived" if item.published_on_derived else "")
        return f"{name}: {outcome} ({when})"

    def item_description(self, item):
        # Atom sends this as <summary type="html">: readers render it as HTML, so names are escaped.
        if item.provider.is_probation_service:
            return _unit_description(item)
        return _crc_era_description(item)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        provider = item.provider
        region = [provider.region.short_name] if provider.region else []
        return [provider.type_label, *region, *([item.overall_rating] if item.overall_rating else [])]


def _crc_era_description(item):
    owner_at_inspection = item.owner_at_inspection
    owner = format_html(" Owner at inspection: {}.", owner_at_inspection.name) if owner_at_inspection else ""
    round_name = format_html(" {}.", item.inspection_round.name) if item.inspection_round else ""
    if item.is_not_rated:
        rating = "published without an overall rating (Not rated)"
    elif item.overall_rating:
        rating = f"rated {item.overall_rating}"
        if item.overall_rating_derived:
            rating += DERIVED_RATING
    else:
        rating = "overall rating not recorded"
    notes = format_html(" Note: {}", item.notes) if item.notes else ""
    return format_html(
        "HM Inspectorate of Probation's inspection of {}, {}, {}.{}{}{}",
        item.provider.name,
        rating,
        item.published_phrase,
        round_name,
        owner,
        notes,
    )


def _unit_outcome(item):
    """'Inadequate', 'dynamic inspection of public protection, not rated', 'overall rating not recorded'."""
    if item.is_not_rated:
        return not_rated_kind(item.provider.provider_type, item.framework.slug)
    return item.overall_rating or "overall rating not recorded"


UNIT_PLACES = {
    ProviderType.PDU: "A Probation Delivery Unit",
    ProviderType.REGION: "A region of the Probation Service",
    ProviderType.NATIONAL: "The Probation Service as a whole, in England and Wales",
}


def _unit_place(provider):
    """'A Probation Delivery Unit of the Wales region', 'A region of the Probation Service'."""
    place = UNIT_PLACES[provider.provider_type]
    if provider.provider_type == ProviderType.PDU and provider.region:
        return format_html("{} of the {}", place, provider.region.short_name)
    return place


def _unit_description(item):
    provider = item.provider
    outcome = capfirst(_unit_outcome(item)) if item.is_not_rated else f"Overall rating: {_unit_outcome(item)}"
    if item.overall_rating_derived:
        outcome += DERIVED_RATING
    programme = item.inspection_round.name if item.inspection_round else "In no inspection programme"
    points = (
        format_html(
            " Inspection points, as stated: {} (no rule from points to a rating is published).", item.points_stated
        )
        if item.points_stated
        else ""
    )
    standards = (
        format_html(" Standards rated: {} of {}.", item.standards_recorded, item.standards_in_framework)
        if item.standards_in_framework
        else ""
    )
    lines = derived_lines(item)
    derived = (
        format_html(
            " Derived, not quoted:<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((line,) for line in lines))
        )
        if lines
        else ""
    )
    notes = format_html(" Note: {}", item.notes) if item.notes else ""
    return format_html(
        "HM Inspectorate of Probation's inspection of {}. {}{}. {}. {}{}. {}; framework: {}.{}{}{}{}",
        provider.name,
        _unit_place(provider),
        " (no longer exists)" if provider.ceased else "",
        outcome,
        capfirst(item.published_phrase),
        DERIVED_DATE if item.published_on_derived else "",
        programme,
        item.framework.name,
        points,
        standards,
        notes,
        derived,
    )
