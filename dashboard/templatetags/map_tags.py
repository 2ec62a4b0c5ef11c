from django import template

from ..charts import geo

register = template.Library()


@register.simple_tag
def map_attribution():
    """The boundary attribution every map drawn from the ONS file must show (fixtures/geo/SOURCE.md)."""
    return geo.ATTRIBUTION
