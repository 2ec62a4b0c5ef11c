"""Places as readers know them: the councils of England and Wales and the police force areas they lie in.

Built by `manage.py build_places` from the ONS packages (places/directory.py); the postcodes themselves
are not rows but a file the site reads (places/postcodes.py). This app knows nothing of providers or
inspections: providers point here (providers.models.UnitCouncil, ProviderPoliceForceArea).
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse


class PoliceForceArea(models.Model):
    """One of the 43 police force areas of England and Wales (ONS, December 2020)."""

    code = models.CharField(max_length=9, unique=True, help_text="ONS code, e.g. E23000036.")
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Country(models.TextChoices):
    ENGLAND = "England"
    WALES = "Wales"


class CouncilQuerySet(models.QuerySet):
    def matching(self, text):
        """Councils whose name or ONS name contains `text` (any case), shortest name first."""
        text = text.strip()
        if not text:
            return self.none()
        return self.filter(Q(name__icontains=text) | Q(ons_name__icontains=text)).order_by(
            models.functions.Length("name"), "name"
        )


class Council(models.Model):
    """A local authority district (lower-tier or unitary council) as the postcode directory codes it."""

    code = models.CharField(max_length=9, unique=True, help_text="ONS local authority district code.")
    name = models.CharField(max_length=100, unique=True, help_text="As the site writes it: 'Bristol'.")
    ons_name = models.CharField(max_length=100, help_text="As ONS writes it: 'Bristol, City of'.")
    slug = models.SlugField(max_length=100, unique=True)
    country = models.CharField(max_length=7, choices=Country.choices)
    police_force_area = models.ForeignKey(
        PoliceForceArea, on_delete=models.PROTECT, null=True, blank=True, related_name="councils"
    )
    police_force_area_share = models.FloatField(
        null=True, blank=True, help_text="Share of the council's sampled postcodes that lie inside that area."
    )
    longitude = models.FloatField(null=True, blank=True, help_text="Mean of its postcodes' positions.")
    latitude = models.FloatField(null=True, blank=True)
    postcode_count = models.PositiveIntegerField(default=0)
    name_source = models.URLField(max_length=300, blank=True, help_text="Where a name not in the 2021 list comes from.")

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("dashboard:area", kwargs={"slug": self.slug})


class DirectoryVersion(models.Model):
    """Which ONS packages the councils and the postcode lookup were built from (one row)."""

    postcodes_version = models.CharField(max_length=40)
    authorities_version = models.CharField(max_length=40)
    postcode_count = models.PositiveIntegerField()
    built_at = models.DateTimeField()

    class Meta:
        get_latest_by = "built_at"

    def __str__(self):
        return f"ONS Postcode Directory package {self.postcodes_version}"
