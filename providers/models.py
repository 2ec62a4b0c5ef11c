"""Owners, probation providers and who owned which provider when."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from .partial_dates import DatePrecision, format_partial_date, iso_partial_date


class ProviderType(models.TextChoices):
    CRC = "crc", "Community Rehabilitation Company"
    NPS = "nps", "National Probation Service division"
    PDU = "pdu", "Probation Delivery Unit"

    @property
    def short_label(self):
        return {"crc": "CRC", "nps": "NPS division", "pdu": "PDU"}[self.value]


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


class Provider(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    provider_type = models.CharField(max_length=8, choices=ProviderType.choices)
    area = models.CharField(max_length=200, blank=True, help_text="The area it covers, as a source words it.")

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
    def started_on_iso(self):
        return iso_partial_date(self.started_on, self.started_on_precision)

    @property
    def ended_on_iso(self):
        return iso_partial_date(self.ended_on, self.ended_on_precision)
