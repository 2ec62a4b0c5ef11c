"""The league table's columns, as django-tables2 renders and sorts them."""

import re

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_tables2.data import TableListData
from django_tables2.utils import OrderBy


def rating_badge(rating, context_label=""):
    return render_to_string("partials/rating_badge.html", {"rating": rating, "context_label": context_label})


class MissingLastData(TableListData):
    """Rows sorted as the column says, but with the rows that have no value last in either direction.

    A sort key alone cannot do it: sorting descending reverses the key, so "not
    recorded" would come first. Python's sort is stable, so a second pass on
    "has no value" keeps the column's order among the rest.
    """

    def order_by(self, aliases):
        super().order_by(aliases)
        if not aliases:
            return
        column = self.table.columns[OrderBy(aliases[0]).bare].column
        is_missing = getattr(column, "is_missing", None)
        if is_missing is not None:
            self.data.sort(key=is_missing)


class StandardColumn(tables.Column):
    """One standard's published rating, sorted by its points; 'not recorded' sorts last."""

    def __init__(self, position, header, **kwargs):
        self.position = position
        super().__init__(
            accessor=f"standards__{position - 1}",
            verbose_name=header,
            order_by=(f"standards__{position - 1}__points", "rank_sort"),
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


class MissingLastColumn(tables.Column):
    """A column whose rows without a value (`missing(record)` true) sort last in both directions."""

    def __init__(self, *args, missing, **kwargs):
        self.is_missing = missing
        super().__init__(*args, **kwargs)


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


class LeagueTable(tables.Table):
    row_header_column = "provider"
    caption = ""

    rank = MissingLastColumn(
        missing=lambda record: record.rank is None,
        verbose_name="Rank",
        accessor="rank_label",
        order_by=("rank_sort", "provider__short_name"),
        empty_values=(),
        attrs={"td": {"class": "col-rank"}},
    )
    provider = tables.Column(
        verbose_name="Provider",
        accessor="provider__short_name",
        order_by=("provider__short_name",),
        attrs={"th": {"scope": "col"}, "td": {"class": "col-provider"}},
    )
    type = tables.Column(
        verbose_name="Type",
        accessor="provider_type_label",
        order_by=("provider_type_label", "rank_sort"),
        attrs={"td": {"class": "col-meta"}},
    )
    owner = MissingLastColumn(
        missing=lambda record: not record.owner_name,
        verbose_name="Owner at inspection",
        accessor="owner_name",
        order_by=("owner_name", "rank_sort"),
        default="Not recorded",
        attrs={"td": {"class": "col-meta"}},
    )
    published = tables.Column(
        verbose_name="Published",
        accessor="published_label",
        order_by=("published_on", "rank_sort"),
        attrs={"td": {"class": "col-meta"}},
    )
    overall = MissingLastColumn(
        missing=lambda record: record.rank is None,
        verbose_name="Overall rating",
        accessor="overall_rating",
        order_by=("overall_order", "rank_sort"),
        empty_values=(),
    )
    movement = MissingLastColumn(
        missing=lambda record: record.movement is None,
        verbose_name="Since previous inspection",
        accessor="movement_order",
        order_by=("movement_order", "rank_sort"),
        empty_values=(),
        attrs={"td": {"class": "col-movement"}},
    )
    score = MissingLastColumn(
        missing=lambda record: record.score is None,
        verbose_name="Score (of 30)",
        accessor="score",
        order_by=("score", "rank_sort"),
        empty_values=(),
        attrs={"td": {"class": lambda record: "col-score" + (" is-not-recorded" if record.score is None else "")}},
    )
    completeness = tables.Column(
        verbose_name="Standards recorded",
        accessor="completeness_label",
        order_by=("rated_count", "rank_sort"),
        attrs={"td": {"class": "col-completeness"}},
    )

    class Meta:
        template_name = "django_tables2/accessible_table.html"
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
            data,
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
        self.data = MissingLastData(self.data.data)
        self.data.set_table(self)

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
        return render_to_string(
            "partials/overall_rating.html",
            {"rating": value, "derived": record.overall_rating_derived, "notes": record.notes},
        )

    def render_movement(self, value, record):
        return render_to_string("partials/movement.html", {"row": record})

    def render_score(self, value, record):
        if value is None:
            return format_html('<span class="muted">Not all {} standards recorded</span>', record.standard_count)
        return format_html('<strong>{}</strong><span class="visually-hidden"> of {}</span>', value, record.max_score)


STANDARD_COLUMN = re.compile(r"standard\d{1,2}")


def league_sort(value):
    """`sort` as the league understands it (`-score`, `owner,rank`), or "" for the default order.

    Column names come from the table itself, standards' columns (`standard3`) from their pattern.
    """
    names = [key.removeprefix("-") for key in value.split(",")]
    known = all(name in LeagueTable.base_columns or STANDARD_COLUMN.fullmatch(name) for name in names)
    return value if len(names) <= 3 and known else ""
