"""The worklist: per stored inspection of either era, what is not recorded yet, each linked to its entry form.

Each row links to `<change url>?missing=<field names>#field-<first>`: the entry form marks the fields
named and opens at the first. What counts as missing depends on the framework: points only where
some inspection under it states points (the 2021 PDU model's "out of a possible 27"), key questions
and case samples only where it has key questions (the 2018–20 frameworks).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse

from providers.eras import Era, ProviderType
from providers.models import Provider

from ..models import (
    CaseSample,
    Framework,
    Inspection,
    InspectionRound,
    InspectionSource,
    KeyQuestion,
    KeyQuestionResult,
    Standard,
    StandardRating,
)
from .common import admin_context


class WorklistFilter(forms.Form):
    """The worklist's GET filters; an unknown value is an error shown beside its field, and filters nothing."""

    era = forms.ChoiceField(required=False, choices=[("", "Both eras"), *Era.choices])
    programme = forms.ChoiceField(required=False, label="Programme or round")
    region = forms.ChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", "Every programme")] + [
            (inspection_round.slug, inspection_round.name) for inspection_round in InspectionRound.objects.all()
        ]
        self.fields["region"].choices = [("", "Every region")] + [
            (region.slug, region.short_name)
            for region in Provider.objects.filter(provider_type=ProviderType.REGION).order_by("short_name")
        ]

    def narrow(self, inspections):
        if not self.is_valid():
            return inspections
        data = self.cleaned_data
        if data["era"]:
            inspections = inspections.filter(provider__provider_type__in=Era(data["era"]).provider_types)
        if data["programme"]:
            inspections = inspections.filter(inspection_round__slug=data["programme"])
        if data["region"]:
            region = data["region"]
            inspections = inspections.filter(Q(provider__region__slug=region) | Q(provider__slug=region))
        return inspections


@dataclass
class WorklistRow:
    """What one stored inspection lacks, by the keys of its framework (numbers, or names where it numbers none)."""

    inspection: Inspection
    change_url: str
    standards_missing: list = field(default_factory=list)  # (key, label)
    standard_count: int = 0
    key_questions_missing: list = field(default_factory=list)
    key_question_count: int = 0
    has_key_questions: bool = False
    case_samples: int = 0
    points_missing: bool = False
    sources_missing: bool = False

    @property
    def date_not_recorded(self):
        return self.inspection.published_on is None

    @property
    def overall_not_recorded(self):
        return not self.inspection.overall_rating

    @property
    def samples_missing(self):
        return self.has_key_questions and not self.case_samples

    @property
    def missing_fields(self):
        """The entry form's names of what is missing, in the form's order."""
        names = []
        if self.date_not_recorded:
            names.append("published_on")
        if self.overall_not_recorded:
            names.append("overall_rating")
        if self.points_missing:
            names.append("points_stated")
        names.extend(f"rating_{key}" for key, _ in self.standards_missing)
        if self.sources_missing:
            names.append("sources")
        return names

    @property
    def url(self):
        names = self.missing_fields
        if not names:
            return self.change_url
        return f"{self.change_url}?{urlencode({'missing': ','.join(names)}, safe=',')}#field-{names[0]}"

    @property
    def standards_missing_labels(self):
        return [label for _, label in self.standards_missing]

    @property
    def has_gaps(self):
        return bool(self.missing_fields or self.key_questions_missing or self.samples_missing)


def worklist_rows(inspections=None):
    """Every inspection of `inspections` (all by default) that lacks something, in eight queries whatever
    their number."""
    chosen = inspections if inspections is not None else Inspection.objects.all()
    inspections = list(
        chosen.select_related("provider", "framework", "inspection_round").order_by(
            "provider__short_name", "published_on", "id"
        )
    )
    framework_ids = {inspection.framework_id for inspection in inspections}
    states_points = set(
        Framework.objects.with_states_points()
        .filter(id__in=framework_ids, states_points=True)
        .values_list("id", flat=True)
    )
    standards, key_questions = defaultdict(list), defaultdict(list)
    for framework_id, standard_id, code, slug, name in (
        Standard.objects.filter(framework_id__in=framework_ids)
        .order_by("position")
        .values_list("framework_id", "id", "code", "slug", "name")
    ):
        standards[framework_id].append((standard_id, code or slug, code or name))
    for framework_id, question_id, code in (
        KeyQuestion.objects.filter(standard__framework_id__in=framework_ids)
        .order_by("standard__position", "position")
        .values_list("standard__framework_id", "id", "code")
    ):
        key_questions[framework_id].append((question_id, code))
    ids = chosen.order_by().values("id")  # a subquery, however many inspections
    rated, answered = defaultdict(set), defaultdict(set)
    for inspection_id, standard_id in StandardRating.objects.filter(inspection_id__in=ids).values_list(
        "inspection_id", "standard_id"
    ):
        rated[inspection_id].add(standard_id)
    for inspection_id, question_id in KeyQuestionResult.objects.filter(inspection_id__in=ids).values_list(
        "inspection_id", "key_question_id"
    ):
        answered[inspection_id].add(question_id)
    samples = Counter(dict(_counts(CaseSample, ids)))
    sourced = Counter(dict(_counts(InspectionSource, ids)))
    rows = []
    for inspection in inspections:
        framework_standards = standards[inspection.framework_id]
        framework_questions = key_questions[inspection.framework_id]
        row = WorklistRow(
            inspection=inspection,
            change_url=reverse("admin:inspections_inspection_change", args=[quote(inspection.pk)]),
            standards_missing=[
                (key, label) for pk, key, label in framework_standards if pk not in rated[inspection.pk]
            ],
            standard_count=len(framework_standards),
            key_questions_missing=[code for pk, code in framework_questions if pk not in answered[inspection.pk]],
            key_question_count=len(framework_questions),
            has_key_questions=bool(framework_questions),
            case_samples=samples[inspection.pk],
            points_missing=inspection.framework_id in states_points and not inspection.points_stated,
            sources_missing=not sourced[inspection.pk] and not inspection.report_url,
        )
        if row.has_gaps:
            rows.append(row)
    return rows, len(inspections)


def _counts(model, inspection_ids):
    return (
        model.objects.filter(inspection_id__in=inspection_ids)
        .order_by()
        .values("inspection_id")
        .annotate(n=Count("id"))
        .values_list("inspection_id", "n")
    )


def worklist_view(model_admin, request):
    """Per inspection, what is not recorded yet, each linked to the inspection's entry form at the first gap."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    filters = WorklistFilter(request.GET or None)
    rows, total = worklist_rows(filters.narrow(Inspection.objects.all()))
    context = admin_context(
        model_admin,
        request,
        "Worklist: what the inspections still lack",
        rows=rows,
        total=total,
        filters=filters,
        filtered=bool(request.GET),
    )
    return TemplateResponse(request, "admin/inspections/inspection/worklist.html", context)
