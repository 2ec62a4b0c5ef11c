"""Frameworks as the read side needs them: their standards and rating scales."""

from django.db.models import Prefetch

from inspections.models import Framework, KeyQuestion, Standard


def frameworks_by_id(with_key_questions=True):
    """Every framework with its bands, standards and key questions: four queries whatever the data.

    Without key questions, for pages that never show them: three queries. Each carries
    `states_points` (`FrameworkQuerySet.with_states_points`).
    """
    lookups = ["bands", Prefetch("standards", queryset=Standard.objects.select_related("domain").order_by("position"))]
    if with_key_questions:
        lookups.append(Prefetch("standards__key_questions", queryset=KeyQuestion.objects.order_by("position")))
    frameworks = Framework.objects.with_states_points().prefetch_related(*lookups)
    return {framework.id: framework for framework in frameworks}


def standard_headers(frameworks):
    """Column headers for standards by position across the given frameworks.

    CRCs and NPS divisions share standards 1.1-2.4; their last two differ
    (4.1/4.2 against 3.1/3.2), so a mixed table names both.
    """
    by_position = {}
    for framework in frameworks:
        for standard in framework.standards.all():
            label = f"{standard.code} {standard.name}"
            labels = by_position.setdefault(standard.position, [])
            if label not in labels:
                labels.append(label)
    return {position: " / ".join(labels) for position, labels in sorted(by_position.items())}
