"""The worklist: per stored inspection, what is not recorded yet, each linked to its entry form."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse

from ..models import CaseSample, Inspection, KeyQuestion, KeyQuestionResult, Standard, StandardRating
from .common import admin_context


@dataclass
class WorklistRow:
    """What one stored inspection lacks, by the codes of its framework (or names, where it numbers none)."""

    inspection: Inspection
    url: str
    standards_missing: list = field(default_factory=list)
    standard_count: int = 0
    key_questions_missing: list = field(default_factory=list)
    key_question_count: int = 0
    case_samples: int = 0
    overall_not_recorded: bool = False

    @property
    def date_not_recorded(self):
        return self.inspection.published_on is None

    @property
    def has_gaps(self):
        return bool(
            self.standards_missing
            or self.key_questions_missing
            or not self.case_samples
            or self.overall_not_recorded
            or self.date_not_recorded
        )


def worklist_rows():
    """Every inspection that lacks something, in six queries whatever the number of inspections."""
    inspections = list(
        Inspection.objects.select_related("provider", "framework").order_by(
            "provider__short_name", "published_on", "id"
        )
    )
    framework_ids = {inspection.framework_id for inspection in inspections}
    standards, key_questions = defaultdict(list), defaultdict(list)
    for framework_id, standard_id, code, name in (
        Standard.objects.filter(framework_id__in=framework_ids)
        .order_by("position")
        .values_list("framework_id", "id", "code", "name")
    ):
        standards[framework_id].append((standard_id, code or name))
    for framework_id, question_id, code in (
        KeyQuestion.objects.filter(standard__framework_id__in=framework_ids)
        .order_by("standard__position", "position")
        .values_list("standard__framework_id", "id", "code")
    ):
        key_questions[framework_id].append((question_id, code))
    rated, answered = defaultdict(set), defaultdict(set)
    for inspection_id, standard_id in StandardRating.objects.values_list("inspection_id", "standard_id"):
        rated[inspection_id].add(standard_id)
    for inspection_id, question_id in KeyQuestionResult.objects.values_list("inspection_id", "key_question_id"):
        answered[inspection_id].add(question_id)
    samples = Counter(
        dict(
            CaseSample.objects.order_by()
            .values("inspection_id")
            .annotate(n=Count("id"))
            .values_list("inspection_id", "n")
        )
    )
    rows = []
    for inspection in inspections:
        framework_standards = standards[inspection.framework_id]
        framework_questions = key_questions[inspection.framework_id]
        row = WorklistRow(
            inspection=inspection,
            url=reverse("admin:inspections_inspection_change", args=[quote(inspection.pk)]),
            standards_missing=[code for pk, code in framework_standards if pk not in rated[inspection.pk]],
            standard_count=len(framework_standards),
            key_questions_missing=[code for pk, code in framework_questions if pk not in answered[inspection.pk]],
            key_question_count=len(framework_questions),
            case_samples=samples[inspection.pk],
            overall_not_recorded=not inspection.overall_rating,
        )
        if row.has_gaps:
            rows.append(row)
    return rows, len(inspections)


def worklist_view(model_admin, request):
    """Per inspection, what is not recorded yet, each linked to the inspection's entry form."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    rows, total = worklist_rows()
    context = admin_context(model_admin, request, "Worklist: what the inspections still lack", rows=rows, total=total)
    return TemplateResponse(request, "admin/inspections/inspection/worklist.html", context)
