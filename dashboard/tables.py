"""The league table's columns, as django-tables2 sorts and pages them, and the HTML of its rows."""

import operator
import re
from typing import NamedTuple

import django_tables2 as tables
from django.core.paginator import EmptyPage
from django.shortcuts import redirect
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django_tables2.data import TableData
from django_tables2.utils import AttributeDict, OrderBy, signature

from .templatetags.dashboard_tags import movement, overall_rating, rating_badge


class LeagueData(TableData):
    """The table's rows as `selectors.league.LeagueRows`: sorted and paged in SQL, not in Python.

    Each column's `order_by` names the league's sort keys (`selectors.league.SORT_KEYS`);
    rows with no value sort last in either direction.
    """

    def __len__(self):
        return len(self.data)

    def order_by(self, aliases):
        keys = []
        for alias in aliases:
            bound_column = self.table.columns[OrderBy(alias).bare]
            # As django-tables2 does: the column's order_by follows its current direction.
            same = alias[0] == bound_column.order_by_alias[0]
            keys += [str(accessor) for accessor in (bound_column.order_by if same else bound_column.order_by.opposite)]
        self.data = self.data.sorted_by(keys)


class Call:
    """A render method or attribute callable, called as django-tables2 calls it.

    It gets the arguments it names, or all of them when it takes **kwargs; its signature is
    read once, not on every call.
    """

    def __init__(self, function):
        self.function = function
        names, catch_all = signature(function)
        self.names = None if catch_all else names

    def __call__(self, arguments):
        if self.names is None:
            return self.function(**arguments)
        return self.function(**{name: arguments[name] for name in self.names})


class ComputedAttrs:
    """HTML attributes, some of them callables of the record and such."""

    def __init__(self, attrs):
        self.attrs = dict(attrs)
        self.callables = {key: Call(value) for key, value in self.attrs.items() if callable(value)}

    def __call__(self, **arguments):
        computed = dict(self.attrs)
        for key, call in self.callables.items():
            computed[key] = call(arguments)
        return computed


class BodyCells:
    """One column's body cells as HTML, with what django-tables2 works out on every cell worked out once.

    Values follow the column's accessor as attributes, and list items where a part of it is a
    number: league rows are plain objects, not models or dicts, so there is no dict key or
    choice's display value to look up.
    """

    def __init__(self, table, bound_column):
        column = bound_column.column
        self.bound_column = bound_column
        self.value_steps = [
            operator.itemgetter(int(bit)) if bit.isdigit() else operator.attrgetter(bit)
            for bit in bound_column.accessor.bits
        ]
        self.empty_values = column.empty_values
        self.default = bound_column.default
        self.render = Call(bound_column.render)
        self.context = {"table": table, "column": column, "bound_column": bound_column}
        # As django-tables2 does: `td` attributes, else the `cell` ones, computed with the record and rendered value.
        self.attrs = ComputedAttrs(column.attrs.get("td", column.attrs.get("cell", {})))
        self.attrs_html = None if self.attrs.callables else bound_column.attrs["td"].as_html()
        # Attributes computed from a record take a handful of values: each is rendered once.
        self.attrs_html_of = {}
        tag = "th" if bound_column.name == table.row_header_column else "td"
        scope = ' scope="row"' if tag == "th" else ""
        label = conditional_escape(bound_column.header)
        self.before_attrs = f"<{tag}{scope} "
        self.before_content = f' data-label="{label}"><span class="cell-value">'
        self.after_content = f"</span></{tag}>"

    def html(self, record):
        """The cell's HTML (to be marked safe); content not already safe is escaped, as a template would."""
        value = record
        try:
            for step in self.value_steps:
                value = step(value)
                if value is None:
                    break
        except (AttributeError, IndexError):  # as django-tables2 does: a value out of reach is an empty one
            value = None
        if value in self.empty_values:
            content = self.default
        else:
            content = self.render({**self.context, "value": value, "record": record})
        attrs_html = self.attrs_html if self.attrs_html is not None else self._computed_attrs_html(record, content)
        return f"{self.before_attrs}{attrs_html}{self.before_content}{conditional_escape(content)}{self.after_content}"

    def _computed_attrs_html(self, record, content):
        attrs = self.attrs(**self.context, record=record, value=content)
        key = tuple(attrs.items())
        if key not in self.attrs_html_of:
            attrs["class"] = self.bound_column.get_td_class(attrs)
            self.attrs_html_of[key] = AttributeDict(attrs).as_html()
        return self.attrs_html_of[key]


class BodyRow(NamedTuple):
    attrs: str
    cells: str


class AccessibleTable(tables.Table):
    """A table for templates/django_tables2/accessible_table.html, which renders its body from `body_rows`.

    The body's HTML is built here rather than cell by cell in the template: django-tables2
    inspects each render method's signature and recomputes each column's attributes for
    every cell, which at a page of fifty rows cost most of the page's time.
    """

    row_header_column = None

    class Meta:
        template_name = "django_tables2/accessible_table.html"

    def body_rows(self):
        """The shown rows' attributes and cells, as HTML: `<tr {{ row.attrs }}>{{ row.cells }}</tr>`."""
        columns = [BodyCells(self, bound_column) for bound_column in self.columns]
        row_attrs = ComputedAttrs(self.row_attrs)
        rows = []
        for index, record in enumerate(self.paginated_rows.data):
            attrs = row_attrs(table=self, record=record)
            # As django-tables2 does: "even" and "odd" classes, from the first row's "even".
            parity = "odd" if index % 2 else "even"
            attrs["class"] = f"{attrs['class']} {parity}" if attrs.get("class") else parity
            cells = mark_safe("".join(column.html(record) for column in columns))
            rows.append(BodyRow(AttributeDict(attrs).as_html(), cells))
        return rows


class StandardColumn(tables.Column):
    """One standard's published rating, sorted by its points; 'not recorded' sorts last."""

    def __init__(self, position, header, **kwargs):
        self.position = position
        super().__init__(
            accessor=f"standards__{position - 1}",
            verbose_name=header,
            order_by=(f"standard{position}", "rank"),
            empty_values=(),
            attrs={
                "th": {"class": "col-standard"},
                "td": {
                    "class": lambda record: "col-standard" + (" is-not-recorded" if self.is_missing(record) else "")
                },
            },
            **kwargs,
        )

    def is_missing(self, record):
        return record.standards[self.position - 1].rating is None

    def render(self, value, record):
        cell = value
        return rating_badge(cell.rating, context_label=f"{cell.code} {cell.name}")


class CompareColumn(tables.Column):
    """A checkbox per row for the comparison form around the table: `providers=<slug>` to /compare/."""

    def __init__(self, **kwargs):
        super().__init__(
            verbose_name="Compare",
            accessor="provider__slug",
            orderable=False,
            empty_values=(),
            attrs={"th": {"class": "col-compare"}, "td": {"class": "col-compare"}},
            **kwargs,
        )

    def render(self, value, record):
        return format_html(
            '<input type="checkbox" name="providers" value="{}" id="compare-{}" form="compare-form">'
            '<label for="compare-{}" class="visually-hidden">Compare {}</label>',
            value,
            value,
            value,
            record.provider.short_name,
        )


class LeagueTable(AccessibleTable):
    row_header_column = "provider"
    caption = ""

    rank = tables.Column(
        verbose_name="Rank",
        accessor="rank_label",
        order_by=("rank", "provider"),
        empty_values=(),
        attrs={"td": {"class": "col-rank"}},
    )
    provider = tables.Column(
        verbose_name="Provider",
        accessor="provider__short_name",
        order_by=("provider",),
        attrs={"th": {"scope": "col"}, "td": {"class": "col-provider"}},
    )
    type = tables.Column(
        verbose_name="Type",
        accessor="provider_type_label",
        order_by=("type", "rank"),
        attrs={"td": {"class": "col-meta"}},
    )
    owner = tables.Column(
        verbose_name="Owner at inspection",
        accessor="owner_name",
        order_by=("owner", "rank"),
        default="Not recorded",
        attrs={"td": {"class": "col-meta"}},
    )
    published = tables.Column(
        verbose_name="Published",
        accessor="published_label",
        order_by=("published", "rank"),
        attrs={"td": {"class": "col-meta"}},
    )
    overall = tables.Column(
        verbose_name="Overall rating",
        accessor="overall_rating",
        order_by=("overall", "rank"),
        empty_values=(),
    )
    movement = tables.Column(
        verbose_name="Since previous inspection",
        accessor="movement_order",
        order_by=("movement", "rank"),
        empty_values=(),
        attrs={"td": {"class": "col-movement"}},
    )
    score = tables.Column(
        verbose_name="Score (of 30)",
        accessor="score",
        order_by=("score", "rank"),
        empty_values=(),
        attrs={"td": {"class": lambda record: "col-score" + (" is-not-recorded" if record.score is None else "")}},
    )
    completeness = tables.Column(
        verbose_name="Standards recorded",
        accessor="completeness_label",
        order_by=("completeness", "rank"),
        attrs={"td": {"class": "col-completeness"}},
    )

    class Meta(AccessibleTable.Meta):
        orderable = True
        attrs = {"class": "league-table", "id": "league-table"}
        row_attrs = {"data-provider": lambda record: record.provider.slug}

    def __init__(self, data, *, standard_headers, compare=False, **kwargs):
        extra_columns = [
            (f"standard{position}", StandardColumn(position, header)) for position, header in standard_headers.items()
        ]
        if compare:
            extra_columns.append(("compare", CompareColumn()))
        # Standards sit between the overall result and completeness.
        super().__init__(
            LeagueData(data),
            extra_columns=extra_columns,
            sequence=[
                *(["compare"] if compare else []),
                "rank",
                "provider",
                "type",
                "owner",
                "published",
                "overall",
                "movement",
                "score",
                "...",
                "completeness",
            ],
            **kwargs,
        )

    @property
    def order_by(self):
        return tables.Table.order_by.fget(self)

    @order_by.setter
    def order_by(self, value):
        # RequestConfig passes the query's values as a list: `sort=owner,-rank` is one value of two keys.
        if value and not isinstance(value, str):
            value = ",".join(value)
        tables.Table.order_by.fset(self, value)

    def render_provider(self, value, record):
        return format_html('<a href="{}">{}</a>', record.provider.get_absolute_url(), value)

    def render_owner(self, value, record):
        # Plain text: one link per row (the provider) keeps the table quick to tab through;
        # owners have their pages through the provider pages and the owner filter.
        return value

    def render_completeness(self, value, record):
        missing = record.standard_count - record.rated_count
        if not missing:
            return format_html("All {}", record.standard_count)
        return format_html(
            '{} of {}<span class="card-only">; {} not recorded</span>',
            record.rated_count,
            record.standard_count,
            missing,
        )

    def render_rank(self, value, record):
        if record.is_not_rated:
            return mark_safe('<span class="muted">Not ranked: no overall rating published</span>')
        if not value:
            return mark_safe('<span class="muted">Not ranked: overall rating not recorded</span>')
        if record.rank_is_joint:
            return format_html('<span title="Joint {}">{}</span>', value.lstrip("="), value)
        return value

    def render_overall(self, value, record):
        return overall_rating(value, record.overall_rating_derived, record.notes)

    def render_movement(self, value, record):
        return movement(record)

    def render_score(self, value, record):
        if value is None:
            return format_html('<span class="muted">Not all {} standards recorded</span>', record.standard_count)
        return format_html('<strong>{}</strong><span class="visually-hidden"> of {}</span>', value, record.max_score)


STANDARD_COLUMN = re.compile(r"standard\d{1,2}")


def _sort_query(value, known):
    """`value` as a `sort` of up to three columns all `known`, each once (the first mention counts), or ""."""
    keys = list({key.removeprefix("-"): key for key in reversed(value.split(","))}.values())[::-1]
    names = [key.removeprefix("-") for key in keys]
    return ",".join(keys) if len(names) <= 3 and all(known(name) for name in names) else ""


def league_sort(value):
    """`sort` as the league understands it (`-score`, `owner,rank`), or "" for the default order.

    Column names come from the table itself, standards' columns (`standard3`) from their pattern; which
    standards a table shows is known once it is built (`sorted_as_asked`).
    """
    return _sort_query(value, lambda name: name in LeagueTable.base_columns or STANDARD_COLUMN.fullmatch(name))


def sorted_as_asked(request, table):
    """None when `table` sorts as the query's `sort` says; else a redirect to the address with the sort the table
    applies, without the columns it does not show, so each rendering of a table has one address (and cache key)."""
    asked = request.GET.get("sort", "")
    applied = ",".join(table.order_by) if asked else ""
    if applied == asked:
        return None
    query = request.GET.copy()
    if applied:
        query["sort"] = applied
    else:
        del query["sort"]
    return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)


# Rows on a page of a league table: all of today's 28 providers on the first.
ROWS_PER_PAGE = 50
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,6}")


def page_number(value):
    """A `page` query value as a page number: anything but a whole number from 1 is the first page."""
    return int(value) if PAGE_NUMBER.fullmatch(value or "") else 1


def page_query(value):
    """`page` as the cache key keeps it: "" for the first page (the default), else the number."""
    number = page_number(value)
    return "" if number == 1 else str(number)


def listed_page_number(value):
    """A `page` value of the lists that answer 404 to anything but one of their pages (changes, a region's PDUs):
    the number as the site writes it ("2", never "02", "+2" or "٢"), or None. One address a page, so one key."""
    return int(value) if PAGE_NUMBER.fullmatch(value) else None


def paginate(table, page):
    """Show page `page` (a query-string value) of `table`; False when the table has no such page."""
    try:
        table.paginate(per_page=ROWS_PER_PAGE, page=page_number(page))
    except EmptyPage:
        return False
    return True


class FrameworkStandardColumn(StandardColumn):
    """One standard of the framework a Probation Service league shows; rows of another framework have no cell
    for it, never another framework's standard of the same place."""

    def __init__(self, position, header, framework_slug, **kwargs):
        self.framework_slug = framework_slug
        super().__init__(position, header, **kwargs)

    def is_missing(self, record):
        return record.framework_slug != self.framework_slug or super().is_missing(record)

    def render(self, value, record):
        if record.framework_slug != self.framework_slug:
            return mark_safe('<span class="muted">Not in this framework</span>')
        badge = rating_badge(value.rating, context_label=value.label)
        if value.derived and value.rating:
            return format_html('{} <span class="value-flag">Derived, not quoted</span>', badge)
        return badge


class ProbationServiceTable(LeagueTable):
    """The Probation Service's league: each PDU's or region's latest rated inspection, ranked by band alone
    (no framework of the era has a published scoring rule), with points only as a source states them."""

    region = tables.Column(
        verbose_name="Region",
        accessor="region__short_name",
        order_by=("region", "rank"),
        default="—",
        attrs={"td": {"class": "col-meta"}},
    )
    programme = tables.Column(
        verbose_name="Programme",
        accessor="round_name",
        orderable=False,
        default="Not recorded",
        attrs={"td": {"class": "col-meta"}},
    )
    points = tables.Column(
        verbose_name="Points as stated",
        accessor="points_stated",
        orderable=False,
        empty_values=(),
        attrs={"td": {"class": lambda record: "col-score" + ("" if record.points_stated else " is-not-recorded")}},
    )

    class Meta(LeagueTable.Meta):
        attrs = {"class": "league-table league-table--units", "id": "league-table"}

    def __init__(self, data, *, standards_framework=None, standard_headers=None, compare=False, **kwargs):
        extra_columns = [
            (f"standard{position}", FrameworkStandardColumn(position, header, standards_framework.slug))
            for position, header in (standard_headers or {}).items()
        ]
        if compare:
            extra_columns.append(("compare", CompareColumn()))
        AccessibleTable.__init__(
            self,
            LeagueData(data),
            extra_columns=extra_columns,
            exclude=("owner", "score"),
            sequence=[
                *(["compare"] if compare else []),
                "rank",
                "provider",
                "type",
                "region",
                "published",
                "overall",
                "movement",
                "points",
                "...",
                "completeness",
                "programme",
            ],
            **kwargs,
        )

    def render_provider(self, value, record):
        link = format_html('<a href="{}">{}</a>', record.provider.get_absolute_url(), value)
        if record.provider.ceased:
            return format_html('{} <span class="muted">(no longer exists)</span>', link)
        return link

    def render_region(self, value, record):
        if record.region is None:
            return value
        return format_html('<a href="{}">{}</a>', record.region.get_absolute_url(), value)

    def render_points(self, value, record):
        if not value:
            if record.framework_states_points:
                return mark_safe('<span class="muted">Not stated</span>')
            return mark_safe('<span class="muted">—</span>')
        return format_html('<strong>{}</strong><span class="visually-hidden"> points, as stated</span>', value)

    def render_published(self, value, record):
        if not record.is_dated:
            return mark_safe('<span class="muted">Date not recorded</span>')
        if record.published_derived:
            return format_html('{} <span class="value-flag">Derived, not quoted</span>', value)
        return value

    def render_completeness(self, value, record):
        if not record.standard_count:
            return mark_safe('<span class="muted">No standards rated in this framework</span>')
        return super().render_completeness(value, record)


def unit_sort(value):
    """`sort` as the Probation Service league understands it, or "" for the default order."""
    return _sort_query(
        value,
        lambda name: (
            name in ProbationServiceTable.base_columns
            and name not in ("owner", "score")
            or STANDARD_COLUMN.fullmatch(name)
        ),
    )
