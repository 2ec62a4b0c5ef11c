"""Filters of the league table; their state lives in the query string."""

import django_filters
from django import forms
from django.db.models import Q

from inspections import rating_rules
from inspections.models import Inspection, InspectionRound, RankingTally
from providers.models import Owner, ProviderType

from .rounds import LATEST_LABEL


class LeagueFilterSet(django_filters.FilterSet):
    """`?round=2018-19&type=crc&owner=seetec&rating=requires-improvement`.

    Choices are checked in Python against lists read once, so junk never reaches
    a database lookup. Round and type define the league a row is ranked in;
    owner and rating only narrow the rows shown.
    """

    RANKING_FILTERS = ("type",)

    round = django_filters.ChoiceFilter(
        label="Inspection round",
        empty_label=LATEST_LABEL,
        method="filter_nothing",  # applied before picking each provider's latest inspection
    )
    type = django_filters.ChoiceFilter(
        label="Provider type",
        field_name="provider__provider_type",
        choices=[(ProviderType.CRC.value, "CRCs"), (ProviderType.NPS.value, "NPS divisions")],
        empty_label="All providers",
    )
    owner = django_filters.ChoiceFilter(
        label="Owner at inspection",
        field_name="owner_at_inspection__slug",
        empty_label="All owners",
    )
    rating = django_filters.ChoiceFilter(
        label="Overall rating",
        field_name="overall_rating",
        choices=[(slug, rating) for rating, slug in rating_rules.RATING_SLUGS.items()],
        empty_label="All ratings",
        method="filter_rating",
    )

    class Meta:
        model = Inspection
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, queryset=Inspection.objects.all(), **kwargs)
        self.filters["round"].extra["choices"] = [
            (inspection_round.slug, inspection_round.name) for inspection_round in InspectionRound.objects.all()
        ]
        self.filters["owner"].extra["choices"] = [(owner.slug, owner.name) for owner in Owner.objects.all()]

    @property
    def form(self):
        form = super().form
        for bound_field in form:
            bound_field.field.widget.attrs.setdefault("class", "filter-select")
            if isinstance(bound_field.field.widget, forms.Select):
                bound_field.field.widget.attrs["aria-describedby"] = "filters-help"
        return form

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_rating(self, queryset, name, value):
        return queryset.filter(overall_rating=rating_rules.rating_from_slug(value))

    def _latest(self):
        """Within a round, each provider's latest inspection of it; otherwise each one's latest rated inspection."""
        round_slug = self.form.cleaned_data.get("round")
        if round_slug:
            return self.queryset.latest_in_round(round_slug)
        return self.queryset.latest_rated_per_provider()

    def _apply(self, queryset, names):
        for name in names:
            value = self.form.cleaned_data.get(name)
            if value not in (None, ""):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_queryset(self, queryset):
        return self._apply(self._latest(), ["type", "owner", "rating"])

    def ranking_queryset(self):
        """The rows a provider is ranked among: each provider's latest inspection of the round, of the type."""
        return self._apply(self._latest(), self.RANKING_FILTERS)

    def ranking_tallies(self):
        """The `RankingTally` rows that count `ranking_queryset()`'s rows."""
        data = self.form.cleaned_data
        return RankingTally.objects.of_league(data.get("round") or None, data.get("type") or None)

    def narrowing_condition(self):
        """The owner and rating filters as one condition on ranked rows (None when neither is set).

        They narrow the rows shown, after ranking, so they never change a rank.
        """
        data = self.form.cleaned_data
        condition = None
        if data.get("owner"):
            condition = Q(owner_at_inspection__slug=data["owner"])
        if data.get("rating"):
            rating = Q(overall_rating=rating_rules.rating_from_slug(data["rating"]))
            condition = rating if condition is None else condition & rating
        return condition

    def error_messages(self):
        """Readable messages for unknown filter values, e.g. "Owner at inspection: 'acme' is not one of the choices"."""
        messages = []
        for name, errors in self.form.errors.items():
            label = self.filters[name].label if name in self.filters else name
            value = str(self.data.get(name, ""))[:60]
            for _error in errors:
                messages.append(f"{label}: there is no choice '{value}'.")
        return messages
