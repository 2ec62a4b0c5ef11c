"""The standard page's table of providers' ratings, one page at a time."""

import django_tables2 as tables
from django.core.paginator import Paginator
from django_tables2.data import TableData

# Every provider of today's data on one page, with room to spare.
PER_PAGE = 50


class CountedPaginator(Paginator):
    """A paginator given its count, already known from the page's aggregate, rather than counting again."""

    def __init__(self, object_list, per_page, *args, count, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count = count


class InspectionsData(TableData):
    """`StandardPage.inspections` as they are, sliced a page at a time, rather than read whole into a list."""

    def __len__(self):
        return len(self.data)


class StandardRatingsTable(tables.Table):
    """Inspections in the order of `StandardPage.inspections`; dashboard/standard.html draws the rows."""

    provider = tables.Column(accessor="provider__short_name")

    def __init__(self, inspections, **kwargs):
        super().__init__(InspectionsData(inspections), **kwargs)

    class Meta:
        orderable = False
