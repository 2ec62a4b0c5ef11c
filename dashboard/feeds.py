"""An Atom feed of inspections, newest entered first: one entry per inspection, updated when it is edited."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from inspections.models import Inspection

from .context_processors import SITE_DESCRIPTION, SITE_NAME


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
        return Inspection.objects.with_page_relations().order_by("-created_at", "-id")

    def item_title(self, item):
        rating = item.overall_rating or "overall rating not recorded"
        return f"{item.provider.short_name}: {rating} ({item.published_phrase})"

    def item_description(self, item):
        # Atom sends this as <summary type="html">: readers render it as HTML, so names are escaped.
        owner_at_inspection = item.owner_at_inspection
        owner = format_html(" Owner at inspection: {}.", owner_at_inspection.name) if owner_at_inspection else ""
        round_name = format_html(" {}.", item.inspection_round.name) if item.inspection_round else ""
        if item.is_not_rated:
            rating = "published without an overall rating (Not rated)"
        elif item.overall_rating:
            rating = f"rated {item.overall_rating}"
            if item.overall_rating_derived:
                rating += " (derived from a source's wording, not quoted)"
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

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.provider.type_label, *([item.overall_rating] if item.overall_rating else [])]
