"""Owners, probation providers (of both eras), who owned which provider when, and which took over whose area."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from .eras import ERA_OF_TYPE, Era, ProviderType
from .partial_dates import DatePrecision, format_partial_date, iso_partial_date

__all__ = [
    "AreaLinkBasis",
    "Era",
    "Owner",
    "OwnershipPeriod",
    "Provider",
    "ProviderAlias",
    "ProviderPoliceForceArea",
    "ProviderType",
    "Succession",
    "UnitCouncil",
]


class Owner(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    is_public_sector = models.BooleanField(default=False, help_text="True for the National Probation Service itself.")
    notes = models.TextField(blank=True, help_text="What the sources say of this owner.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("dashboard:owner", kwargs={"slug": self.slug})


class ProviderQuerySet(models.QuerySet):
    def of_type(self, provider_type):
        return self.filter(provider_type=provider_type)

    def of_era(self, era):
        return self.filter(provider_type__in=Era(era).provider_types)


class Provider(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    provider_type = models.CharField(max_length=8, choices=ProviderType.choices)
    area = models.CharField(max_length=200, blank=True, help_text="The area it covers, as a source words it.")
    region = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        limit_choices_to={"provider_type": ProviderType.REGION},
        help_text="For a Probation Delivery Unit: the Probation Service region it belongs to.",
    )
    ceased = models.BooleanField(
        default=False,
        help_text="It no longer exists: a CRC or NPS division after June 2021, or a unit merged into others.",
    )
    ceased_on = models.DateField(null=True, blank=True, help_text="When it ceased, where a source states it.")
    ceased_on_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    ceased_note = models.CharField(
        max_length=400, blank=True, help_text="What became of it, as the sources say (shown on its page)."
    )

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("dashboard:provider", kwargs={"slug": self.slug})

    @property
    def type_label(self):
        return ProviderType(self.provider_type).short_label

    @property
    def era(self):
        return ERA_OF_TYPE[self.provider_type]

    @property
    def is_probation_service(self):
        return self.era == Era.PROBATION_SERVICE

    @property
    def ceased_label(self):
        """'26 June 2021', or '' when it has not ceased or no source dates it."""
        return format_partial_date(self.ceased_on, self.ceased_on_precision)


class ProviderAlias(models.Model):
    """Another name the inspectorate or the press used for a provider ("South Tyneside and Gateshead")."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["provider_id", "name"]
        constraints = [models.UniqueConstraint(fields=["provider", "name"], name="provider_alias_unique_name")]

    def __str__(self):
        return self.name


class SuccessionBasis(models.TextChoices):
    BY_AREA = "by area", "By area"
    STATED = "stated", "Stated by a source"


class Succession(models.Model):
    """One provider took over (part of) another's area: a CRC's or NPS division's by a region or PDU,
    or a former PDU's by the units it was merged into. "By area" unless a source states the lineage."""

    predecessor = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="predecessions")
    basis = models.CharField(max_length=10, choices=SuccessionBasis.choices, default=SuccessionBasis.BY_AREA)
    note = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["predecessor_id", "successor__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique_pair"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="succession_not_itself"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({self.basis})"


class OwnershipPeriodQuerySet(models.QuerySet):
    def chronological(self):
        """Oldest first; a start that is not recorded comes first, on every database."""
        return self.order_by(models.F("started_on").asc(nulls_first=True), "id")


class OwnershipPeriod(models.Model):
    """One owner's time in charge of one provider; open ends mean 'not recorded'."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="ownership_periods")
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="ownership_periods")
    started_on = models.DateField(null=True, blank=True)
    started_on_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    ended_on = models.DateField(null=True, blank=True)
    ended_on_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    source_url = models.URLField(max_length=500, blank=True)

    objects = OwnershipPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["provider", models.F("started_on").asc(nulls_first=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="ownership_period_ends_after_start",
            ),
            models.UniqueConstraint(fields=["provider", "owner", "started_on"], name="ownership_period_unique_start"),
        ]

    def __str__(self):
        return f"{self.owner} — {self.provider} ({self.period_label})"

    @property
    def period_label(self):
        """'February 2019 to June 2021', 'from February 2019', 'until February 2019' or 'dates not recorded'."""
        start = format_partial_date(self.started_on, self.started_on_precision)
        end = format_partial_date(self.ended_on, self.ended_on_precision)
        if start and end:
            return f"{start} to {end}"
        if start:
            return f"from {start} (end not recorded)"
        if end:
            return f"until {end} (start not recorded)"
        return "dates not recorded"

    @property
    def ended_on_label(self):
        return format_partial_date(self.ended_on, self.ended_on_precision)

    @property
    def started_on_iso(self):
        return iso_partial_date(self.started_on, self.started_on_precision)

    @property
    def ended_on_iso(self):
        return iso_partial_date(self.ended_on, self.ended_on_precision)


class AreaLinkBasis(models.TextChoices):
    """How a link between a provider and a place is known (units.csv's and provider_areas.csv's words)."""

    STATED = "stated", "Stated by a source"
    ESTATE_DATA = "estate data", "From the Probation Service's estate data"
    NAME = "name", "From the unit's name"
    INFERRED = "inferred", "Inferred"
    CONFIRMED = "confirmed", "Confirmed by a source"
    PARTIAL = "partial", "Part of the area confirmed"
    BY_AREA = "by area", "By area"


class UnitCouncil(models.Model):
    """A Probation Delivery Unit covers (part of) a council's area."""

    unit = models.ForeignKey(
        Provider,
        on_delete=models.CASCADE,
        related_name="council_links",
        limit_choices_to={"provider_type": ProviderType.PDU},
    )
    council = models.ForeignKey("places.Council", on_delete=models.CASCADE, related_name="unit_links")
    basis = models.CharField(max_length=12, choices=AreaLinkBasis.choices)

    class Meta:
        ordering = ["council__name", "unit__short_name"]
        constraints = [models.UniqueConstraint(fields=["unit", "council"], name="unit_council_unique_pair")]

    def __str__(self):
        return f"{self.unit} covers {self.council} ({self.basis})"


class ProviderPoliceForceArea(models.Model):
    """A provider's area includes a police force area: a CRC's or NPS division's (provider_areas.csv),
    a region's or a PDU's (units.csv)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="police_force_area_links")
    police_force_area = models.ForeignKey(
        "places.PoliceForceArea", on_delete=models.CASCADE, related_name="provider_links"
    )
    basis = models.CharField(max_length=12, choices=AreaLinkBasis.choices)

    class Meta:
        ordering = ["police_force_area__name", "provider__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "police_force_area"], name="provider_pfa_unique_pair")
        ]

    def __str__(self):
        return f"{self.provider} covers {self.police_force_area} ({self.basis})"
