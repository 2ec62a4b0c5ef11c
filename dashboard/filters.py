"""Filters of the two leagues (CRCs and NPS divisions, 2018-20; the Probation Service since 2022);
their state lives in the query string."""

import django_filters
from django import forms
from django.db.models import Q

from inspections import rating_rules
from inspections.models import Framework, Inspection, InspectionRound, RankingTally
from providers.models import Era, Owner, Provider, ProviderType

from .rounds import LATEST_LABEL


class EraLeagueFilterSet(django_filters.FilterSet):
    """What both leagues share: `?round=…&type=…&rating=…`, among the providers of one era.

    Choices are checked in Python against lists read once, so junk never reaches
    a database lookup. Round and type define the league a row is ranked in;
    the other filters (`NARROWING`) only narrow the rows shown.
    """

    ERA = Era.CRC_NPS
    # The provider types the league ranks.
    LEAGUE_TYPES = Era.CRC_NPS.provider_types
    RANKING_FILTERS = ("type",)
    NARROWING = ("rating",)
    FIELD_ORDER = ("round", "rating")

    round = django_filters.ChoiceFilter(
        label="Inspection round",
        empty_label=LATEST_LABEL,
        method="filter_nothing",  # applied before picking each provider's latest inspection
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
        self.filters = {name: self.filters[name] for name in self.FIELD_ORDER}
        self.filters["round"].extra["choices"] = [
            (inspection_round.slug, inspection_round.name)
            for inspection_round in InspectionRound.objects.filter(era=self.ERA)
        ]

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
        queryset = self.queryset.filter(provider__provider_type__in=self.LEAGUE_TYPES)
        if round_slug:
            return queryset.latest_in_round(round_slug)
        return queryset.latest_rated_per_provider()

    def _apply(self, queryset, names):
        for name in names:
            value = self.form.cleaned_data.get(name)
            if value not in (None, ""):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_queryset(self, queryset):
        return self._apply(self._latest(), [*self.RANKING_FILTERS, *self.NARROWING])

    def ranking_queryset(self):
        """The rows a provider is ranked among: each provider's latest inspection of the round, of the type."""
        return self._apply(self._latest(), self.RANKING_FILTERS)

    def ranking_tallies(self):
        """The `RankingTally` rows that count `ranking_queryset()`'s rows."""
        data = self.form.cleaned_data
        return RankingTally.objects.of_league(
            data.get("round") or None, data.get("type") or None, provider_types=self.LEAGUE_TYPES
        )

    def narrowing_conditions(self, data):
        """{filter name: condition on ranked rows} of the narrowing filters that are set."""
        conditions = {}
        if data.get("rating"):
            conditions["rating"] = Q(overall_rating=rating_rules.rating_from_slug(data["rating"]))
        return conditions

    def narrowing_condition(self):
        """The narrowing filters as one condition on ranked rows (None when none is set).

        They narrow the rows shown, after ranking, so they never change a rank.
        """
        condition = None
        for part in self.narrowing_conditions(self.form.cleaned_data).values():
            condition = part if condition is None else condition & part
        return condition

    # The filters that choose which rows a page shows, named in its summary ("Second round, CRC, Good").
    SUMMARY_FILTERS = ("round", "type", "rating")

    def summary(self):
        """The chosen values of SUMMARY_FILTERS in words, in that order, for the page's heading."""
        parts = []
        for name in self.SUMMARY_FILTERS:
            value = self.form.cleaned_data.get(name)
            if value:
                parts.append(str(dict(self.form.fields[name].choices).get(value, value)))
        return ", ".join(parts)

    def round_name(self):
        """The chosen round's name ("Second round (2019–20)"), or None for each provider's latest."""
        slug = self.form.cleaned_data.get("round")
        return dict(self.form.fields["round"].choices).get(slug, slug) if slug else None

    def error_messages(self):
        """Readable messages for unknown filter values, e.g. "Owner at inspection: 'acme' is not one of the choices"."""
        messages = []
        for name, errors in self.form.errors.items():
            label = self.filters[name].label if name in self.filters else name
            value = str(self.data.get(name, ""))[:60]
            for _error in errors:
                messages.append(f"{label}: there is no choice '{value}'.")
        return messages


class LeagueFilterSet(EraLeagueFilterSet):
    """The league of 2018-20: `?round=2018-19&type=crc&owner=seetec&rating=requires-improvement`."""

    NARROWING = ("owner", "rating")
    FIELD_ORDER = ("round", "type", "owner", "rating")
    SUMMARY_FILTERS = ("round", "type", "owner", "rating")

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

    class Meta:
        model = Inspection
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["owner"].extra["choices"] = [(owner.slug, owner.name) for owner in Owner.objects.all()]

    def narrowing_conditions(self, data):
        conditions = {}
        if data.get("owner"):
            conditions["owner"] = Q(owner_at_inspection__slug=data["owner"])
        return {**conditions, **super().narrowing_conditions(data)}


class ProbationServiceFilterSet(EraLeagueFilterSet):
    """The Probation Service's league: `?round=2023-25&type=pdu&region=kent-surrey-and-sussex-region
    &rating=inadequate&standards=pdu-2023`.

    Regions and PDUs are ranked together (`type` narrows the league ranked, as in the CRC era);
    `region` narrows to a region and its PDUs; `standards` only chooses the framework whose
    standards are shown as columns, so a 2021-model column never stands beside a 2023-model one.
    The national inspection is not a unit of a region and is not ranked among them.
    """

    ERA = Era.PROBATION_SERVICE
    LEAGUE_TYPES = (ProviderType.PDU.value, ProviderType.REGION.value)
    NARROWING = ("region", "rating")
    FIELD_ORDER = ("round", "type", "region", "rating", "standards")
    SUMMARY_FILTERS = ("round", "type", "region", "rating")

    round = django_filters.ChoiceFilter(
        label="Inspection programme",
        empty_label="Each unit's latest rating",
        method="filter_nothing",
    )
    type = django_filters.ChoiceFilter(
        label="Unit type",
        field_name="provider__provider_type",
        choices=[(ProviderType.PDU.value, "PDUs"), (ProviderType.REGION.value, "Regions")],
        empty_label="PDUs and regions",
    )
    region = django_filters.ChoiceFilter(label="Region", empty_label="All regions", method="filter_region")
    standards = django_filters.ChoiceFilter(
        label="Standard columns", empty_label="None: overall ratings only", method="filter_nothing"
    )

    class Meta:
        model = Inspection
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["region"].extra["choices"] = [
            (region.slug, region.short_name)
            for region in Provider.objects.filter(provider_type=ProviderType.REGION).order_by("short_name")
        ]
        self.filters["standards"].extra["choices"] = [
            (framework.slug, framework.name)
            for framework in Framework.objects.filter(provider_type__in=self.LEAGUE_TYPES, standards__isnull=False)
            .distinct()
            .order_by("slug")
        ]

    @staticmethod
    def region_condition(slug):
        return Q(provider__region__slug=slug) | Q(provider__slug=slug)

    def filter_region(self, queryset, name, value):
        return queryset.filter(self.region_condition(value))

    def narrowing_conditions(self, data):
        conditions = {}
        if data.get("region"):
            conditions["region"] = self.region_condition(data["region"])
        return {**conditions, **super().narrowing_conditions(data)}
