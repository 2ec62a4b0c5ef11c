"""
Inspection frameworks (as data), inspections and everything a report publishes.

What must never be stored is refused by the database itself: a percentage
outside 0-100, a second rating for one standard of one inspection, a second
inspection of a provider on one date, and a rating or key-question result for a
standard of another framework (triggers in migration 0002, since a check
constraint cannot look across tables).
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from providers.models import Era, Owner, Provider, ProviderType
from providers.partial_dates import DatePrecision, format_partial_date, iso_partial_date

from . import rating_rules


class Rating(models.TextChoices):
    OUTSTANDING = rating_rules.OUTSTANDING, rating_rules.OUTSTANDING
    GOOD = rating_rules.GOOD, rating_rules.GOOD
    REQUIRES_IMPROVEMENT = rating_rules.REQUIRES_IMPROVEMENT, rating_rules.REQUIRES_IMPROVEMENT
    INADEQUATE = rating_rules.INADEQUATE, rating_rules.INADEQUATE


RATING_VALUES = [value for value, _ in Rating.choices]


class OverallRating(models.TextChoices):
    """An inspection's overall outcome: one of the bands, or "Not rated" when none was published."""

    OUTSTANDING = rating_rules.OUTSTANDING, rating_rules.OUTSTANDING
    GOOD = rating_rules.GOOD, rating_rules.GOOD
    REQUIRES_IMPROVEMENT = rating_rules.REQUIRES_IMPROVEMENT, rating_rules.REQUIRES_IMPROVEMENT
    INADEQUATE = rating_rules.INADEQUATE, rating_rules.INADEQUATE
    NOT_RATED = rating_rules.NOT_RATED, rating_rules.NOT_RATED


OVERALL_VALUES = [value for value, _ in OverallRating.choices]


class FrameworkQuerySet(models.QuerySet):
    def with_states_points(self):
        """Annotate `states_points`: whether any inspection under each framework has points as a source
        states them ("0/27"). Where some do, a blank is "not stated"; elsewhere points mean nothing."""
        stated = Inspection.objects.filter(framework=models.OuterRef("pk")).exclude(points_stated="")
        return self.annotate(states_points=models.Exists(stated))


class Framework(models.Model):
    """A set of standards that inspections of one kind of provider are rated against."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    provider_type = models.CharField(max_length=8, choices=ProviderType.choices)
    introduced_on = models.DateField(null=True, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    description = models.TextField(
        blank=True, help_text="What the framework covers, as its sources state it, and what they leave unknown."
    )
    inspection_round = models.ForeignKey(
        "InspectionRound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="frameworks",
        verbose_name="programme",
        help_text="The programme every inspection under it belongs to; blank where it served several "
        "(the 2018–20 frameworks served both rounds).",
    )
    column_prefix = models.SlugField(
        max_length=20,
        blank=True,
        help_text="The start of its standards' columns in an inspections CSV file, e.g. pdu21 for "
        "pdu21_leadership; blank: the slug with '-' as '_'.",
    )

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.name

    @property
    def era(self):
        from providers.eras import ERA_OF_TYPE

        return ERA_OF_TYPE[self.provider_type]

    @property
    def has_scoring_rule(self):
        """Whether the inspectorate published points and thresholds for it (stored as its bands).

        Without them the site computes no score and no indicated band. Uses prefetched `bands`.
        """
        return bool(self.bands.all())

    def rating_scale(self, standard_count=None):
        """The framework's points and thresholds as a `rating_rules.RatingScale`.

        Uses prefetched `bands` and `standards` when present.
        """
        bands = sorted(self.bands.all(), key=lambda band: -band.points)
        if standard_count is None:
            standard_count = len(self.standards.all())
        return rating_rules.RatingScale(
            bands=tuple(
                rating_rules.Band(band.rating, band.points, band.min_score, float(band.min_percent_yes))
                for band in bands
            ),
            standard_count=standard_count,
        )


class FrameworkBand(models.Model):
    """Points a rating earns, and where its band starts for scores and for '% yes'."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="bands")
    rating = models.CharField(max_length=30, choices=Rating.choices)
    points = models.PositiveSmallIntegerField()
    min_score = models.PositiveSmallIntegerField()
    min_percent_yes = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["framework", "-points"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "rating"], name="framework_band_unique_rating"),
            models.CheckConstraint(
                condition=Q(min_percent_yes__gte=0) & Q(min_percent_yes__lte=100),
                name="framework_band_percent_0_100",
            ),
        ]

    def __str__(self):
        return f"{self.framework}: {self.rating}"


class Domain(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    number = models.CharField(max_length=4)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="domain_unique_number"),
        ]

    def __str__(self):
        return f"{self.number} {self.name}"


class Standard(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="standards")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="standards")
    code = models.CharField(
        max_length=8,
        blank=True,
        help_text="As the reports number it, e.g. 2.3. Blank where no source gives the framework's numbering.",
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, help_text="The standard's address within its framework, from its name.")
    description = models.TextField(blank=True, help_text="The standard's wording in the framework.")
    position = models.PositiveSmallIntegerField(help_text="Order of the standard within its framework.")

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], condition=~Q(code=""), name="standard_unique_code"),
            models.UniqueConstraint(fields=["framework", "slug"], name="standard_unique_slug"),
            models.UniqueConstraint(fields=["framework", "position"], name="standard_unique_position"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """'2.3 Implementation and delivery', or the name alone for a standard without a published number."""
        return f"{self.code} {self.name}" if self.code else self.name

    @property
    def key(self):
        """What tells it apart within its framework: its number, or its slug where it has none."""
        return self.code or self.slug


class KeyQuestion(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="key_questions")
    code = models.CharField(max_length=12, help_text="E.g. 2.1.3.")
    text = models.CharField(max_length=400)
    uses_relevant_subsample = models.BooleanField(
        default=False,
        help_text="Answered only over the cases where it applies (e.g. risk of serious harm), not the whole sample.",
    )
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["standard__framework", "standard__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="key_question_unique_code"),
        ]

    def __str__(self):
        return f"{self.code} {self.text}"


class InspectionRound(models.Model):
    slug = models.SlugField(max_length=20, unique=True, help_text="E.g. 2018-19.")
    name = models.CharField(max_length=100)
    era = models.CharField(max_length=20, choices=Era.choices, default=Era.CRC_NPS)
    started_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True, help_text="What the round covered, and what it did not complete.")

    class Meta:
        ordering = ["-started_on", "-slug"]

    def __str__(self):
        return self.name


class InspectionQuerySet(models.QuerySet):
    def latest_per_provider(self):
        """Each provider's most recent inspection among those in this queryset (a subquery per row).

        For the league's own sets use `latest_rated_per_provider()` and `latest_in_round()`,
        which read flags stored by the write path.
        """
        newer = self.filter(provider=models.OuterRef("provider")).order_by("-published_on", "-id")
        return self.filter(id=models.Subquery(newer.values("id")[:1]))

    def latest_rated_per_provider(self):
        """Each provider's most recent inspection with a band (the default league's rows).

        A later "Not rated" or unrecorded outcome does not displace it; a provider
        with no rated inspection keeps its most recent one, so no provider drops out.
        Read from `is_latest_rated`, which `inspections.league_fields` keeps right.
        """
        return self.filter(is_latest_rated=True)

    def latest_in_round(self, round_slug):
        """Each provider's most recent inspection of one round (`is_latest_in_round`)."""
        return self.in_round(round_slug).filter(is_latest_in_round=True)

    def rated(self):
        """Inspections that published a band: not "Not rated", and with a rating recorded."""
        return self.filter(overall_rating__in=RATING_VALUES)

    def not_rated(self):
        return self.filter(overall_rating=OverallRating.NOT_RATED)

    def chronological(self):
        return self.order_by("published_on", "id")

    def in_round(self, round_slug):
        return self.filter(inspection_round__slug=round_slug)

    def with_page_relations(self):
        return self.select_related("provider", "owner_at_inspection", "framework", "inspection_round")

    def with_standards_recorded(self):
        """Annotate `standards_in_framework`, to set beside the stored `standards_recorded`, in the same query."""
        in_framework = (
            Standard.objects.filter(framework=models.OuterRef("framework"))
            .order_by()
            .values("framework")
            .annotate(count=models.Count("id"))
            .values("count")
        )
        return self.annotate(
            standards_in_framework=models.Subquery(in_framework, output_field=models.IntegerField()),
        )

    def standards_incomplete(self):
        """Inspections missing a rating of some standard of their framework (after `with_standards_recorded`)."""
        return self.filter(standards_recorded__lt=models.F("standards_in_framework"))

    def standards_complete(self):
        return self.filter(standards_recorded__gte=models.F("standards_in_framework"))

    def published_in_period_of(self, date, precision):
        """Inspections published in the month of `date` (or its year, for a year-only date)."""
        found = self.filter(published_on__year=date.year)
        if precision != DatePrecision.YEAR:
            found = found.filter(published_on__month=date.month)
        return found


class Inspection(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="inspections")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="inspections")
    inspection_round = models.ForeignKey(
        InspectionRound, on_delete=models.PROTECT, related_name="inspections", null=True, blank=True
    )
    owner_at_inspection = models.ForeignKey(
        Owner, on_delete=models.PROTECT, related_name="inspections", null=True, blank=True
    )
    published_on = models.DateField(null=True, blank=True, help_text="Blank when no source gives the date.")
    published_on_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    published_on_derived = models.BooleanField(
        default=False, help_text="The date is reasoned from other facts, not stated by a source."
    )
    sequence_in_unit = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="1 for the provider's first inspection, 2 for its second; blank where no source says.",
    )
    sequence_in_unit_derived = models.BooleanField(
        default=False, help_text="The place in the sequence follows from the unit's history, not from a source."
    )
    points_stated = models.CharField(
        max_length=20, blank=True, help_text="Points as a source states them, e.g. '0/27'; never computed."
    )
    derived_values = models.TextField(
        blank=True, help_text="Each value worked out rather than quoted, with how: 'column = value: how', one a line."
    )
    fieldwork_started_on = models.DateField(null=True, blank=True)
    fieldwork_started_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.MONTH
    )
    overall_rating = models.CharField(
        max_length=30,
        choices=OverallRating.choices,
        blank=True,
        help_text="Blank when no source records it; 'Not rated' when the inspectorate published no overall rating.",
    )
    overall_rating_derived = models.BooleanField(
        default=False, help_text="The overall rating is inferred from a source's wording, not quoted from one."
    )
    notes = models.TextField(
        blank=True, help_text="What the sources leave open or had to be inferred; shown with the values and exported."
    )
    editor_notes = models.TextField(
        blank=True,
        help_text="Working notes for editors (what to check, where to look); never shown on public pages or exported.",
    )
    caseload_as_reported = models.CharField(
        max_length=200, blank=True, help_text="As a source words it, e.g. 'more than 6,500'."
    )
    report_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What the league sorts and ranks by, derived from the fields above and the provider's other
    # inspections; written only by `inspections.league_fields` (the write path and
    # `manage.py recompute_league_fields`), never edited.
    standards_recorded = models.PositiveSmallIntegerField(default=0, editable=False)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, help_text="Points over all standards; blank unless every one is rated."
    )
    score_band = models.CharField(max_length=30, choices=Rating.choices, blank=True, editable=False)
    is_latest_in_round = models.BooleanField(default=False, editable=False)
    is_latest_rated = models.BooleanField(default=False, editable=False)
    previous_rated = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    movement = models.CharField(max_length=10, blank=True, editable=False)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "provider__short_name"]
        indexes = [
            # The league's rows in the order it counts them (framework, band, score): an index-only GROUP BY.
            # Partial rather than on the flag: SQLite matches a bare boolean test only to an index's condition.
            models.Index(
                fields=["framework", "overall_rating", "score"],
                condition=Q(is_latest_rated=True),
                name="inspection_league_latest",
            ),
            models.Index(
                fields=["inspection_round", "framework", "overall_rating", "score"],
                condition=Q(is_latest_in_round=True),
                name="inspection_league_round",
            ),
            # "Data last changed" on every page reads the newest updated_at.
            models.Index(fields=["updated_at"], name="inspection_updated_at"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["provider", "published_on"], name="inspection_one_per_provider_per_date"),
            models.CheckConstraint(
                condition=Q(overall_rating="") | Q(overall_rating__in=OVERALL_VALUES),
                name="inspection_overall_rating_on_scale",
            ),
            models.CheckConstraint(
                condition=Q(fieldwork_started_on__isnull=True) | Q(fieldwork_started_on__lte=models.F("published_on")),
                name="inspection_fieldwork_before_publication",
            ),
        ]

    def __str__(self):
        return f"{self.provider} — {self.published_label}"

    def get_absolute_url(self):
        return reverse("dashboard:inspection", kwargs={"pk": self.pk})

    @property
    def published_label(self):
        if self.published_on is None:
            return DATE_NOT_RECORDED
        return format_partial_date(self.published_on, self.published_on_precision)

    @property
    def published_phrase(self):
        """'published 19 June 2019', or 'publication date not recorded' where no source dates it."""
        if self.published_on is None:
            return "publication date not recorded"
        return f"published {self.published_label}"

    @property
    def sequence_label(self):
        """'first', 'second' ... or '' where no source says."""
        return SEQUENCE_WORDS.get(self.sequence_in_unit, "") if self.sequence_in_unit else ""

    @property
    def published_iso(self):
        return iso_partial_date(self.published_on, self.published_on_precision)

    @property
    def is_not_rated(self):
        return self.overall_rating == OverallRating.NOT_RATED

    @property
    def fieldwork_started_label(self):
        return format_partial_date(self.fieldwork_started_on, self.fieldwork_started_on_precision)


DATE_NOT_RECORDED = "Date not recorded"
SEQUENCE_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}


class InspectionSource(models.Model):
    """A report, press release or article that states values of an inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(max_length=500)
    title = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        # By the column, not "inspection": that would sort by Inspection's own ordering, joining
        # inspections and providers to every read of these rows, prefetches included.
        ordering = ["inspection_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "url"], name="inspection_source_unique_url"),
        ]

    def __str__(self):
        return self.title or self.url


class StandardRating(models.Model):
    """The published rating of one standard in one inspection. Absence means 'not recorded'."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="standard_ratings")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="ratings")
    rating = models.CharField(max_length=30, choices=Rating.choices)
    derived = models.BooleanField(default=False, help_text="Worked out from a source's wording or points, not quoted.")

    class Meta:
        # By the column: see InspectionSource.
        ordering = ["inspection_id", "standard__position"]
        indexes = [
            # Covers the count of each rating of each standard, and a standard's ratings by inspection.
            models.Index(fields=["standard", "rating", "inspection"], name="standard_rating_by_standard"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "standard"], name="standard_rating_one_per_standard"),
            models.CheckConstraint(condition=Q(rating__in=RATING_VALUES), name="standard_rating_on_scale"),
        ]

    def __str__(self):
        return f"{self.standard.label}: {self.rating}"


class CaseSample(models.Model):
    """A case sample an inspection examined, e.g. 132 case-supervision cases."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="case_samples")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="case_samples", null=True, blank=True)
    label = models.CharField(max_length=100)
    cases_inspected = models.PositiveIntegerField()
    notes = models.TextField(blank=True)

    class Meta:
        # By the column: see InspectionSource.
        ordering = ["inspection_id", "label"]
        constraints = [
            models.CheckConstraint(condition=Q(cases_inspected__gt=0), name="case_sample_positive"),
        ]

    def __str__(self):
        return f"{self.label}: {self.cases_inspected} cases"


class KeyQuestionResult(models.Model):
    """'% yes' for one key question; cases_inspected is blank where the report gives no count."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="key_question_results")
    key_question = models.ForeignKey(KeyQuestion, on_delete=models.PROTECT, related_name="results")
    percent_yes = models.DecimalField(max_digits=5, decimal_places=2)
    cases_inspected = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Cases the percentage is over. Blank when only a sub-sample of unstated size was used.",
    )
    subsample_of = models.PositiveIntegerField(
        null=True, blank=True, help_text="For a sub-sample of unstated size: the size of the whole sample."
    )

    class Meta:
        # By the column: see InspectionSource.
        ordering = ["inspection_id", "key_question__standard__position", "key_question__position"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "key_question"], name="key_question_result_one_per_question"),
            models.CheckConstraint(
                condition=Q(percent_yes__gte=0) & Q(percent_yes__lte=100), name="key_question_percent_0_100"
            ),
            models.CheckConstraint(
                condition=Q(cases_inspected__isnull=True) | Q(cases_inspected__gt=0),
                name="key_question_cases_positive",
            ),
        ]

    def __str__(self):
        return f"{self.key_question.code}: {self.percent_yes}%"


class FactUnit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENT = "percent", "Percent"


class ContextualFact(models.Model):
    """A figure from a report's contextual facts, with England and Wales and the target."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="facts")
    metric = models.CharField(max_length=300)
    unit = models.CharField(max_length=8, choices=FactUnit.choices)
    provider_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    england_and_wales_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    source_citation = models.CharField(max_length=400, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        # By the column: see InspectionSource.
        ordering = ["inspection_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(unit=FactUnit.PERCENT)
                | (
                    (Q(provider_value__isnull=True) | Q(provider_value__gte=0) & Q(provider_value__lte=100))
                    & (
                        Q(england_and_wales_value__isnull=True)
                        | Q(england_and_wales_value__gte=0) & Q(england_and_wales_value__lte=100)
                    )
                    & (Q(target__isnull=True) | Q(target__gte=0) & Q(target__lte=100))
                ),
                name="contextual_fact_percent_0_100",
            ),
            models.CheckConstraint(
                condition=Q(provider_value__isnull=True) | Q(provider_value__gte=0),
                name="contextual_fact_not_negative",
            ),
            models.UniqueConstraint(fields=["inspection", "metric"], name="contextual_fact_unique_metric"),
        ]

    def __str__(self):
        return self.metric


class Recommendation(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="recommendations")
    position = models.PositiveSmallIntegerField()
    addressed_to = models.CharField(max_length=200, blank=True, help_text="E.g. 'Kent, Surrey and Sussex CRC should'.")
    text = models.TextField()

    class Meta:
        # By the column: see InspectionSource.
        ordering = ["inspection_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "position"], name="recommendation_unique_position"),
        ]

    def __str__(self):
        return f"{self.position}. {self.text[:60]}"


class ChangeKind(models.TextChoices):
    ADDITION = "addition", "Addition"
    CORRECTION = "correction", "Correction"
    REMOVAL = "removal", "Removal"


class ChangeRecordQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-changed_at", "-id")


class ChangeRecord(models.Model):
    """What one save changed in the published data, in words, for the public list of changes.

    Written by `inspections.history` with the django-reversion revision of the same
    save, which keeps who made it and full copies of the objects before and after.
    An addition adds something new or fills a value that was not recorded; a
    correction replaces or removes a recorded value.
    """

    revision = models.ForeignKey(
        "reversion.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="change_records"
    )
    changed_at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=12, choices=ChangeKind.choices)
    subject = models.CharField(max_length=20, help_text="inspection, provider, owner or ownership period")
    provider = models.ForeignKey(Provider, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    inspection = models.ForeignKey(Inspection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    summary = models.CharField(max_length=300)
    details = models.JSONField(default=list, blank=True, help_text="One line per changed value.")

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.changed_at:%Y-%m-%d} {self.kind}: {self.summary}"


# --------------------------------------------------------------------------
# League tallies: how many providers' league rows hold each value, per league
# --------------------------------------------------------------------------
# A league is each provider's latest rated inspection (`inspection_round` blank) or each one's
# latest inspection of a round. Pages rank, count and chart from these few rows instead of
# grouping every provider's inspection; `inspections.league_tallies` rewrites them with every
# write of the league fields, and they are never edited.


class TallyQuerySet(models.QuerySet):
    def of_league(self, round_slug=None, provider_type=None, provider_types=Era.CRC_NPS.provider_types):
        """The tallies of one league: a round's (by slug) or the latest rated; of one provider type, or of
        the types a league ranks together (by default the CRCs and NPS divisions of 2018-20)."""
        tallies = self.filter(inspection_round__slug=round_slug) if round_slug else self.filter(inspection_round=None)
        if provider_type:
            return tallies.filter(provider_type=provider_type)
        return tallies.filter(provider_type__in=provider_types)


class RankingTally(models.Model):
    """How many rows of one league share a provider type, framework, overall outcome and score."""

    inspection_round = models.ForeignKey(InspectionRound, on_delete=models.CASCADE, null=True, related_name="+")
    provider_type = models.CharField(max_length=8, choices=ProviderType.choices)
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="+")
    overall_rating = models.CharField(max_length=30, blank=True)
    score = models.PositiveSmallIntegerField(null=True)
    inspections = models.PositiveIntegerField()

    objects = TallyQuerySet.as_manager()

    class Meta:
        ordering = ["inspection_round", "provider_type", "framework", "overall_rating", "score"]
        indexes = [models.Index(fields=["inspection_round", "provider_type"], name="ranking_tally_league")]

    def __str__(self):
        return f"{self.overall_rating or 'Not recorded'}, {self.score}: {self.inspections}"


class StandardTally(models.Model):
    """How many rows of one league of a provider type hold a rating of a standard; a blank rating is 'not recorded'."""

    inspection_round = models.ForeignKey(InspectionRound, on_delete=models.CASCADE, null=True, related_name="+")
    provider_type = models.CharField(max_length=8, choices=ProviderType.choices)
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="+")
    rating = models.CharField(max_length=30, blank=True)
    inspections = models.PositiveIntegerField()

    objects = TallyQuerySet.as_manager()

    class Meta:
        ordering = ["inspection_round", "provider_type", "standard", "rating"]
        indexes = [models.Index(fields=["inspection_round", "standard"], name="standard_tally_league")]

    def __str__(self):
        return f"{self.standard_id} {self.rating or 'Not recorded'}: {self.inspections}"
