from django import template

from inspections import rating_rules

register = template.Library()


@register.filter
def rating_slug(rating):
    """CSS and URL slug of a rating: 'Requires improvement' -> 'requires-improvement'."""
    return rating_rules.RATING_SLUGS.get(rating, "not-recorded")
