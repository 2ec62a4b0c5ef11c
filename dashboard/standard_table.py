"""The standard page's table of providers' ratings, one page at a time."""

import django_tables2 as tables
from django.core.paginator import Paginator

# Every provider of today's data on one page, with room to spare.
PER_PAGE = 50


class CountedPaginator(Paginator):
    """A paginator given its count, already known from the page's aggregate, rather than counting again."""

    def __init__(self, object_list, per_page, *args, count, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count = count


class StandardRatingsTable(tables.Table):
    """Inspections in the order of `StandardPage.inspections`; dashboard/standard.html draws the rows."""

    provider = tables.Column(accessor="provider__short_name")

    class Meta:
        orderable = False
