"""
Creating, replacing and deleting inspections with all their child rows.

Every write validates the whole inspection first and stores nothing if any rule
fails; it runs inside a django-reversion revision (one transaction) and records
the change in words for the public list of changes. Whichever function a caller
uses, the change itself is made by `apply_inspection_change`: the one place for
whatever must follow every change to a provider's inspections.

An entry form carries `edit_snapshot` of what was stored when it was opened;
`replace_inspection` given it refuses, with EditConflict, to overwrite a save
made since.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction

from providers.models import Era
from providers.partial_dates import partial_date_input
from providers.services import (
    CREATED,
    UNCHANGED,
    UPDATED,
    EditConflict,
    plain,
    read_snapshot,
    saved_since,
    sign_snapshot,
)

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


INSPECTION_FIELDS = (
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
    "points_stated",
    "sequence_in_unit",
    "notes",
    "editor_notes",
    "caseload_as_reported",
    "report_url",
)


def inspection_children(inspection: Inspection, clean: CleanInspection, derived=frozenset()):
    """[(child model, message key, unsaved rows)] storing `clean`'s child rows for `inspection`; `derived`
    holds the (standard, rating) pairs that keep their "derived from wording" mark. The one mapping from
    a CleanInspection to rows, for a save here and for the CSV import's bulk insert."""
    return [
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


def _write(inspection: Inspection, clean: CleanInspection) -> Inspection:
    is_new = inspection.pk is None
    for name in INSPECTION_FIELDS:
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

    children = inspection_children(inspection, clean, derived)
    for model, key, rows in children:
        if rows:
            model.objects.bulk_create(_clean_children(key, rows))
    return inspection


def apply_inspection_change(inspection: Inspection, before: CleanInspection | None, after: CleanInspection | None):
    """Every inspection write goes through here: creating (`before` is None), replacing, and
    deleting (`after` is None) an inspection, and recording a creation or replacement (a deletion
    is recorded beforehand by `delete_inspection`, while its rows can still be kept).

    Runs inside the caller's transaction, so it commits or rolls back as one with the validation
    that produced `after`; `before.provider_id` and `after.provider_id` name the providers
    whose inspections the write touched.
    """
    if after is None:
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


def edit_snapshot(inspection: Inspection) -> str:
    """A signed token of what is stored for `inspection`, for its entry form to carry to `replace_inspection`."""
    return sign_snapshot(inspection, dataclasses.asdict(stored_inspection(inspection)))


def _loaded_inspection(values) -> CleanInspection | None:
    """The CleanInspection a snapshot's plain values were made from, or None if they are not one."""

    def date(text):
        return datetime.date.fromisoformat(text) if text else None

    def number(text):
        return None if text is None else Decimal(text)

    try:
        return CleanInspection(
            **{
                **values,
                "published_on": date(values["published_on"]),
                "fieldwork_started_on": date(values["fieldwork_started_on"]),
                "source_urls": tuple(values["source_urls"]),
                "ratings": tuple(tuple(row) for row in values["ratings"]),
                "key_question_results": tuple(
                    (question, number(percent), cases, whole)
                    for question, percent, cases, whole in values["key_question_results"]
                ),
                "case_samples": tuple(tuple(row) for row in values["case_samples"]),
                "facts": tuple(
                    (metric, unit, number(provider), number(national), number(target), citation)
                    for metric, unit, provider, national, target, citation in values["facts"]
                ),
                "recommendations": tuple(tuple(row) for row in values["recommendations"]),
            }
        )
    except (TypeError, KeyError, ValueError, ArithmeticError):
        return None


def _lock_unchanged_since_loaded(inspection: Inspection, snapshot: str) -> Inspection:
    """Lock the inspection's row and return it, or raise EditConflict if what is stored is not what
    `snapshot` (from `edit_snapshot`) holds: someone saved it since the form was opened."""
    current = Inspection.objects.select_for_update().filter(pk=inspection.pk).first()
    if current is None:
        raise EditConflict("inspection")
    stored = stored_inspection(current)
    token = read_snapshot(current, snapshot)
    if token is not None and token["values"] == plain(dataclasses.asdict(stored)):
        return current
    loaded = _loaded_inspection(token["values"]) if token and isinstance(token["values"], dict) else None
    fresh = sign_snapshot(current, dataclasses.asdict(stored))
    if loaded is None:
        raise EditConflict("inspection", snapshot=fresh)
    raise EditConflict(
        "inspection",
        changes=history.describe_edit_conflict(loaded, stored),
        saved=saved_since(current, token["version"]),
        snapshot=fresh,
    )


def replace_inspection(inspection: Inspection, data: InspectionInput, *, snapshot: str | None = None) -> Inspection:
    """Overwrite an inspection: its fields and all of its child rows become those of `data`.

    `snapshot`: the `edit_snapshot` an entry form was opened with; the write is then refused with
    EditConflict unless the inspection is still stored as it was (checked with its row locked).
    """
    with reversion.create_revision():
        if snapshot is not None:
            inspection = _lock_unchanged_since_loaded(inspection, snapshot)
        clean = validate_inspection(data, instance=inspection)
        before = stored_inspection(inspection)
        if clean == before:
            return inspection
        return apply_inspection_change(inspection, before, clean)


def delete_inspection(inspection: Inspection, *, user=None) -> None:
    """Delete an inspection and all its child rows, recording the removal (by `user`, if given).

    The removal's revision is saved before the rows go, because django-reversion keeps versions only
    of rows that still exist: so the inspection can be restored whole from it (`history.restore_removal`),
    and this must not run inside another revision.
    """
    with transaction.atomic():
        before = stored_inspection(inspection)
        with reversion.create_revision():
            if user is not None:
                reversion.set_user(user)
            reversion.set_comment(f"Deleted the inspection {inspection}.")
            history.record_inspection_removal(inspection, before)
        apply_inspection_change(inspection, before, None)


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


def unsourced_change_error(inspection: Inspection, clean: CleanInspection) -> str | None:
    """Why a correction of a Probation Service inspection cannot be stored as it is, or None: a changed value
    needs a source, i.e. a web address among the sources that was not there before.

    2018-20 corrections come from the report every one of those inspections already cites, so they are
    not asked for one.
    """
    if inspection.framework.era != Era.PROBATION_SERVICE:
        return None
    stored = stored_inspection(inspection)
    if dataclasses.replace(clean, source_urls=stored.source_urls) == stored:
        return None
    if set(clean.source_urls) - set(stored.source_urls):
        return None
    return "You changed a stored value: give the web address of the source that states the new value."
