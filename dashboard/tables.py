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

from inspections import rating_rules

from .selectors.league import counted
from .templatetags.dashboard_tags import movement, overall_rating, rating_badge, short_name_abbr


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
            declared = bound_column.column.order_by or (str(bound_column.accessor),)
            first, *tie_breaks = (str(key) for key in declared)
            # The column's own key follows the direction asked for; its tie-breaks keep theirs, so rows that share
            # a value (or have none) stay in rank order, best first, whichever way the column is sorted.
            descending = OrderBy(alias).is_descending != OrderBy(first).is_descending
            keys += [f"-{OrderBy(first).bare}" if descending else OrderBy(first).bare, *tie_breaks]
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


class BodyGroup(NamedTuple):
    """A `<tbody>` of rows, with the HTML of its heading row's cell ("" for none)."""

    header: str
    rows: list


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
        return [row for _, row in self._records_and_rows()]

    def _records_and_rows(self):
        columns = [BodyCells(self, bound_column) for bound_column in self.columns]
        row_attrs = ComputedAttrs(self.row_attrs)
        rows = []
        for index, record in enumerate(self.paginated_rows.data):
            attrs = row_attrs(table=self, record=record)
            # As django-tables2 does: "even" and "odd" classes, from the first row's "even".
            parity = "odd" if index % 2 else "even"
            attrs["class"] = f"{attrs['class']} {parity}" if attrs.get("class") else parity
            cells = mark_safe("".join(column.html(record) for column in columns))
            rows.append((record, BodyRow(AttributeDict(attrs).as_html(), cells)))
        return rows

    def body_groups(self):
        """The shown rows as `<tbody>` groups: here one, without a heading row."""
        rows = self.body_rows()
        return [BodyGroup("", rows)] if rows else []


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


# The league's two views: the columns people read first, and the standards behind the overall ratings.
OVERVIEW = "overview"
STANDARDS = "standards"
VIEWS = {OVERVIEW: "Overview", STANDARDS: "Standards"}


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
        attrs={"th": {"class": "col-provider"}, "td": {"class": "col-provider"}},
    )
    type = tables.Column(
        verbose_name="Type",
        accessor="provider_type_label",
        order_by=("type", "rank"),
        attrs={"td": {"class": "col-meta col-type"}},
    )
    owner = tables.Column(
        verbose_name="Owner at inspection",
        accessor="owner_name",
        order_by=("owner", "rank"),
        default="Not recorded",
        attrs={"td": {"class": "col-meta col-owner"}},
    )
    published = tables.Column(
        verbose_name="Published",
        accessor="published_label",
        order_by=("published", "rank"),
        attrs={"td": {"class": "col-meta col-published"}},
    )
    overall = tables.Column(
        verbose_name="Overall rating",
        accessor="overall_rating",
        order_by=("overall", "rank"),
        empty_values=(),
        attrs={"td": {"class": "col-overall"}},
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
        attrs={"th": {"class": "col-completeness"}, "td": {"class": "col-completeness"}},
    )

    class Meta(AccessibleTable.Meta):
        orderable = True
        attrs = {"class": "league-table", "id": "league-table"}
        row_attrs = {"data-provider": lambda record: record.provider.slug}

    # What a row is, in the sentences about the rows ("8 providers").
    row_noun = "provider"
    view = OVERVIEW
    # The columns the standards view leaves out, to make room for the standards.
    DETAIL_COLUMNS = ("type", "owner", "published", "movement")

    def __init__(self, data, *, standard_headers, compare=False, view=OVERVIEW, **kwargs):
        self.view = view  # None: every column, as the downloads sort by any
        if view == OVERVIEW:
            standard_headers = {}
        elif view == STANDARDS:
            kwargs["exclude"] = (*kwargs.get("exclude", ()), *self.DETAIL_COLUMNS)
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
        if self.view == STANDARDS:
            self.attrs = {**self.attrs, "class": f"{self.attrs['class']} league-table--standards"}

    @property
    def order_by(self):
        return tables.Table.order_by.fget(self)

    @order_by.setter
    def order_by(self, value):
        # RequestConfig passes the query's values as a list: `sort=owner,-rank` is one value of two keys.
        if value and not isinstance(value, str):
            value = ",".join(value)
        tables.Table.order_by.fset(self, value)

    def before_render(self, request):
        # Grouped under their bands, the rows need no column of ranks: the band headings carry them.
        if "rank" in self.columns.names():
            if self.is_grouped:
                self.columns.hide("rank")
            else:
                self.columns.show("rank")

    @property
    def is_grouped(self):
        """Whether the rows run band by band (rank or overall rating order), so each band can head its rows."""
        order_by = tables.Table.order_by.fget(self)
        return not order_by or order_by[0].bare in ("rank", "overall")

    def body_groups(self):
        """In rank order, a `<tbody>` per overall band headed "Good — 8 providers"; otherwise one, unheaded."""
        if not self.is_grouped:
            return super().body_groups()
        bands = self.data.data.band_counts
        columns = len(self.columns)
        groups = []
        for record, row in self._records_and_rows():
            band = record.overall_rating
            if not groups or groups[-1][0] != band:
                groups.append((band, []))
            groups[-1][1].append((record, row))
        return [
            BodyGroup(self._band_header(band, bands.get(band, len(members)), members, columns), [r for _, r in members])
            for band, members in groups
        ]

    def _band_header(self, band, rows, members, columns):
        """The heading cell of a band's rows: its badge, how many rows it holds and, where they share one, the rank."""
        ranks = {(record.rank, record.rank_is_joint) for record, _ in members}
        rank = ""
        if len(ranks) == 1 and (shared := members[0][0].rank_spoken):
            rank = f", {shared[0].lower()}{shared[1:]}"
        if band in rating_rules.RATINGS:
            label = rating_badge(band)
        elif band == rating_rules.NOT_RATED:
            label = mark_safe("Not rated, so not ranked")
        else:
            label = mark_safe("Overall rating not recorded, so not ranked")
        return format_html(
            '<th colspan="{}" scope="rowgroup" class="band-heading">{} <span class="band-count">— {}{}</span></th>',
            columns,
            label,
            counted(rows, self.row_noun),
            rank,
        )

    def sort_note(self):
        """What the rows are sorted by, in words, and how many have a value to sort by; None in rank order."""
        order_by = tables.Table.order_by.fget(self)
        if not order_by or order_by[0].bare == "rank" and not order_by[0].is_descending:
            return None
        first = order_by[0]
        column = self.columns[first.bare]
        rows = self.data.data
        words = SORT_WORDS.get(first.bare) or SORT_WORDS["standard"]
        with_value = rows.count_with_value(first.bare) if words.sparse else rows.count
        return SortNote(
            column=str(column.header),
            direction=words.descending if first.is_descending else words.ascending,
            has_value=words.has_value.format(column=column.header),
            with_value=with_value,
            row_count=len(rows),
            noun=self.row_noun,
        )

    def render_provider(self, value, record):
        link = format_html('<a href="{}">{}</a>', record.provider.get_absolute_url(), self._name(value, record))
        return format_html("{}{}", link, self._spoken_rank(record))

    @staticmethod
    def _name(value, record):
        """The short name with its abbreviations spelled out on hover ("KSS CRC"), as the glossary gives them."""
        return short_name_abbr(record.provider) if value == record.provider.short_name else value

    def _spoken_rank(self, record):
        """The row's rank for assistive technology where the rank column gives way to band headings."""
        if not self.is_grouped or not record.rank_spoken:
            return ""
        return format_html('<span class="visually-hidden">, ranked {}</span>', record.rank_spoken.lower())

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
            # "=1st" is read aloud as "equals first": a screen reader hears "Joint 1st".
            return format_html(
                '<span aria-hidden="true" title="{}">{}</span><span class="visually-hidden">{}</span>',
                record.rank_spoken,
                value,
                record.rank_spoken,
            )
        return value

    def render_overall(self, value, record):
        return overall_rating(value, record.overall_rating_derived, record.notes)

    def render_movement(self, value, record):
        return movement(record)

    def render_score(self, value, record):
        if value is None:
            missing = '<span class="visually-hidden">: not all {} standards recorded</span>'
            return format_html(f'<span class="muted">No score{missing}</span>', record.standard_count)
        return format_html('<strong>{}</strong><span class="visually-hidden"> of {}</span>', value, record.max_score)


STANDARD_COLUMN = re.compile(r"standard\d{1,2}")


def view_query(value):
    """`view` as the cache key keeps it: "" for the overview (the default), else the value, junk included, so
    the page can answer it with a 400."""
    return "" if value == OVERVIEW else value


def view_errors(value):
    """Messages for a `view` the league does not have, in the words of the filters' own ([] when fine)."""
    if value in ("", *VIEWS):
        return []
    return [f"Columns shown: there is no choice '{value[:60]}'."]


def league_view(view, sort):
    """The view a league page shows: the one asked for, else the standards where `sort` names a standard
    column, so an address sorted by a standard keeps its meaning."""
    if view in VIEWS:
        return view
    names = [key.removeprefix("-") for key in (sort or "").split(",")]
    return STANDARDS if any(STANDARD_COLUMN.fullmatch(name) for name in names) else OVERVIEW


class SortWords(NamedTuple):
    ascending: str
    descending: str
    has_value: str = ""  # what a row with a value has, where some rows have none ("a score")
    sparse: bool = True  # whether some rows may have no value (they sort last either way)


SORT_WORDS = {
    "rank": SortWords("best first", "worst first", "a rank"),
    "provider": SortWords("A to Z", "Z to A", sparse=False),
    "type": SortWords("A to Z", "Z to A", sparse=False),
    "region": SortWords("A to Z", "Z to A", "a region"),
    "owner": SortWords("A to Z", "Z to A", "an owner recorded"),
    "published": SortWords("oldest first", "newest first", "a publication date recorded"),
    "overall": SortWords("lowest first", "highest first", "an overall rating"),
    "movement": SortWords("improved first", "declined first", "an earlier rated inspection to compare with"),
    "score": SortWords("lowest first", "highest first", "a score"),
    "completeness": SortWords("fewest first", "most first", sparse=False),
    "standard": SortWords("lowest first", "highest first", "a rating recorded on {column}"),
}


class SortNote(NamedTuple):
    """'Sorted by score, highest first. Only 1 of 28 providers has a score. It comes first; the other 27 follow in
    rank order, best first.'"""

    column: str
    direction: str
    has_value: str
    with_value: int
    row_count: int
    noun: str

    @property
    def sorted_by(self):
        return f"Sorted by {self.column[:1].lower()}{self.column[1:]}, {self.direction}."

    @property
    def sparse(self):
        """'Only 1 of 28 providers has a score. It comes first; …', or '' when every row has a value."""
        return " ".join(part for part in (self.sparse_count, self.sparse_order) if part)

    @property
    def sparse_count(self):
        """'Only 1 of 28 providers has a score.', or '' when every row has a value."""
        if self.with_value >= self.row_count:
            return ""
        if not self.with_value:
            return f"No {self.noun} has {self.has_value}."
        has = "has" if self.with_value == 1 else "have"
        return f"Only {self.with_value} of {counted(self.row_count, self.noun)} {has} {self.has_value}."

    @property
    def sparse_order(self):
        """'It comes first; the other 27 follow in rank order, best first.': how rows without a value are ordered."""
        if self.with_value >= self.row_count:
            return ""
        if not self.with_value:
            return "All follow in rank order, best first."
        rest = self.row_count - self.with_value
        return (
            f"{'It comes' if self.with_value == 1 else 'They come'} first; the other {rest} follow "
            "in rank order, best first."
        )


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
        attrs={"td": {"class": "col-meta col-region"}},
    )
    programme = tables.Column(
        verbose_name="Programme",
        accessor="round_name",
        orderable=False,
        default="Not recorded",
        attrs={"td": {"class": "col-meta col-programme"}},
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

    row_noun = "unit"

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
        link = format_html('<a href="{}">{}</a>', record.provider.get_absolute_url(), self._name(value, record))
        if record.provider.ceased:
            link = format_html('{} <span class="muted">(no longer exists)</span>', link)
        return format_html("{}{}", link, self._spoken_rank(record))

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
