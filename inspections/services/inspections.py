"""
Creating, replacing and deleting inspections with all their child rows.

Every write validates the whole inspection first and stores nothing if any rule
fails; it runs inside a django-reversion revision (one transaction) and records
the change in words for the public list of changes. Whichever function a caller
uses, the change itself is made by `apply_inspection_change`: the one place for
whatever must follow every change to a provider's inspections.
"""

from __future__ import annotations

import reversion
from django.core.exceptions import ValidationError

from providers.partial_dates import partial_date_input
from providers.services import CREATED, UNCHANGED, UPDATED

from .. import history, league_fields
from ..models import (
    CaseSample,
    ContextualFact,
    Inspection,
    InspectionSource,
    KeyQuestionResult,
    Recommendation,
    StandardRating,
)
from .inputs import InspectionInput
from .validation import CleanInspection, stored_inspection, validate_inspection


def _clean_and_save(instance):
    """full_clean() the inspection itself (fields, uniqueness, constraints) and save it."""
    instance.full_clean()
    instance.save()
    return instance


# Checked by validate_inspection (and by the database); full_clean() would query for each row again.
_CHILD_CLEAN_EXCLUDE = ["inspection", "standard", "key_question", "domain"]


def _clean_children(key, rows):
    """full_clean() child rows on their own fields; errors are reported under `key`."""
    for row in rows:
        try:
            row.full_clean(exclude=_CHILD_CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise ValidationError(
                {key: [f"{name}: {message}" for name, messages in error.message_dict.items() for message in messages]}
            ) from None
    return rows


def _write(inspection: Inspection, clean: CleanInspection) -> Inspection:
    is_new = inspection.pk is None
    for name in (
        "provider_id",
        "framework_id",
        "inspection_round_id",
        "owner_at_inspection_id",
        "published_on",
        "published_on_precision",
        "fieldwork_started_on",
        "fieldwork_started_on_precision",
        "overall_rating",
        "overall_rating_derived",
        "notes",
        "caseload_as_reported",
        "report_url",
    ):
        setattr(inspection, name, getattr(clean, name))
    _clean_and_save(inspection)

    # A rating the edit leaves as it was keeps its "derived from wording" mark; a changed one is the editor's.
    derived = set()
    if not is_new:
        derived = set(inspection.standard_ratings.filter(derived=True).values_list("standard_id", "rating"))
        for related in (
            inspection.sources,
            inspection.standard_ratings,
            inspection.key_question_results,
            inspection.case_samples,
            inspection.facts,
            inspection.recommendations,
        ):
            related.all().delete()

    children = [
        (
            InspectionSource,
            "source_urls",
            [
                InspectionSource(inspection=inspection, url=url, position=position)
                for position, url in enumerate(clean.source_urls, start=1)
            ],
        ),
        (
            StandardRating,
            "ratings",
            [
                StandardRating(
                    inspection=inspection,
                    standard_id=standard_id,
                    rating=rating,
                    derived=(standard_id, rating) in derived,
                )
                for standard_id, rating in clean.ratings
            ],
        ),
        (
            KeyQuestionResult,
            "key_question_results",
            [
                KeyQuestionResult(
                    inspection=inspection,
                    key_question_id=key_question_id,
                    percent_yes=percent,
                    cases_inspected=cases,
                    subsample_of=subsample_of,
                )
                for key_question_id, percent, cases, subsample_of in clean.key_question_results
            ],
        ),
        (
            CaseSample,
            "case_samples",
            [
                CaseSample(inspection=inspection, label=label, cases_inspected=cases, notes=notes, domain_id=domain_id)
                for label, cases, notes, domain_id in clean.case_samples
            ],
        ),
        (
            ContextualFact,
            "facts",
            [
                ContextualFact(
                    inspection=inspection,
                    metric=metric,
                    unit=unit,
                    provider_value=provider_value,
                    england_and_wales_value=e_and_w,
                    target=target,
                    source_citation=citation,
                    position=position,
                )
                for position, (metric, unit, provider_value, e_and_w, target, citation) in enumerate(
                    clean.facts, start=1
                )
            ],
        ),
        (
            Recommendation,
            "recommendations",
            [
                Recommendation(inspection=inspection, position=position, addressed_to=addressed_to, text=text)
                for position, addressed_to, text in clean.recommendations
            ],
        ),
    ]
    for model, key, rows in children:
        if rows:
            model.objects.bulk_create(_clean_children(key, rows))
    return inspection


def apply_inspection_change(inspection: Inspection, before: CleanInspection | None, after: CleanInspection | None):
    """Every inspection write goes through here: creating (`before` is None), replacing, and
    deleting (`after` is None) an inspection, and recording the change.

    Runs inside the caller's revision, so it commits or rolls back as one with the validation
    that produced `after`; `before.provider_id` and `after.provider_id` name the providers
    whose inspections the write touched.
    """
    if after is None:
        history.record_inspection_removal(inspection, before)
        inspection.delete()
    else:
        _write(inspection, after)
        history.record_inspection(inspection, before, after)
    # What the league ranks by follows from all of a provider's inspections: recompute them.
    league_fields.refresh_providers({change.provider_id for change in (before, after) if change is not None})
    return inspection


def create_inspection(data: InspectionInput, *, framework_cache: dict | None = None) -> Inspection:
    """Store a new inspection with all its child rows, or raise ValidationError and store nothing."""
    with reversion.create_revision():
        clean = validate_inspection(data, framework_cache=framework_cache)
        return apply_inspection_change(Inspection(), None, clean)


def replace_inspection(inspection: Inspection, data: InspectionInput) -> Inspection:
    """Overwrite an inspection: its fields and all of its child rows become those of `data`."""
    with reversion.create_revision():
        clean = validate_inspection(data, instance=inspection)
        before = stored_inspection(inspection)
        if clean == before:
            return inspection
        return apply_inspection_change(inspection, before, clean)


def delete_inspection(inspection: Inspection) -> None:
    """Delete an inspection and all its child rows, recording the removal."""
    with reversion.create_revision():
        apply_inspection_change(inspection, stored_inspection(inspection), None)


def save_inspection(data: InspectionInput, *, framework_cache: dict | None = None) -> tuple[Inspection, str]:
    """Create the inspection, or replace the provider's inspection of the same publication date.

    Returns (inspection, CREATED | UPDATED | UNCHANGED); an unchanged inspection is not written.
    """
    with reversion.create_revision():
        existing = None
        if data.provider is not None and data.provider.pk is not None:
            published_on, _, message = partial_date_input(data.published_on, data.published_on_precision)
            if published_on is not None and not message:
                existing = Inspection.objects.filter(provider=data.provider, published_on=published_on).first()
        if existing is None:
            return create_inspection(data, framework_cache=framework_cache), CREATED
        clean = validate_inspection(data, instance=existing, framework_cache=framework_cache)
        before = stored_inspection(existing)
        if clean == before:
            return existing, UNCHANGED
        return apply_inspection_change(existing, before, clean), UPDATED
