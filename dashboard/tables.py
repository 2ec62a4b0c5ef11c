"""The league table's columns, as django-tables2 renders and sorts them."""

import re

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def rating_badge(rating, context_label=""):
    return render_to_string("partials/rating_badge.html", {"rating": rating, "context_label": context_label})


class StandardColumn(tables.Column):
    """One standard's published rating, sorted by its points; 'not recorded' sorts lowest."""

    def __init__(self, position, header, **kwargs):
        self.position = position
        super().__init__(
            accessor=f"standards__{position - 1}",
            verbose_name=header,
            order_by=(f"standards__{position - 1}__points", "rank_sort"),
            empty_values=(),
            attrs={"th": {"class": "col-standard"}, "td": {"class": "col-standard"}},
            **kwargs,
        )

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


LEAGUE_SORT_KEY = re.compile(r"-?(rank|provider|type|owner|published|overall|score|completeness|standard\d{1,2})")


def league_sort(value):
    """`sort` as the league understands it (`-score`, `owner,rank`), or "" for the default order."""
    keys = value.split(",")
    return value if len(keys) <= 3 and all(LEAGUE_SORT_KEY.fullmatch(key) for key in keys) else ""


class LeagueTable(tables.Table):
    row_header_column = "provider"
    caption = ""

    rank = tables.Column(
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
        verbose_name="Type", accessor="provider_type_label", order_by=("provider_type_label", "rank_sort")
    )
    owner = tables.Column(
        verbose_name="Owner at inspection",
        accessor="owner_name",
        order_by=("owner_name", "rank_sort"),
        default="Not recorded",
    )
    published = tables.Column(
        verbose_name="Published", accessor="published_label", order_by=("published_on", "rank_sort")
    )
    overall = tables.Column(
        verbose_name="Overall rating",
        accessor="overall_rating",
        order_by=("overall_order", "rank_sort"),
        empty_values=(),
    )
    movement = tables.Column(
        verbose_name="Since previous inspection",
        accessor="movement_order",
        order_by=("movement_order", "rank_sort"),
        empty_values=(),
        attrs={"td": {"class": "col-movement"}},
    )
    score = tables.Column(
        verbose_name="Score (of 30)", accessor="score", order_by=("score", "rank_sort"), empty_values=()
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

    def render_provider(self, value, record):
        return format_html('<a href="{}">{}</a>', record.provider.get_absolute_url(), value)

    def render_owner(self, value, record):
        return format_html('<a href="{}">{}</a>', reverse("dashboard:owner", args=[record.owner_slug]), value)

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
