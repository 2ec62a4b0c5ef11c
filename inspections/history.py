"""
Change history of the published data.

Every write of inspections' and providers' services runs inside a django-reversion
revision: reversion keeps who made the change, when, and a full copy of each object
written (an inspection together with all its ratings, results, samples, facts,
recommendations and sources), so an administrator can see and restore any
earlier state. With each revision a `ChangeRecord` is stored too: the change in
words ("2.3 rating: not recorded → Inadequate"), computed once from the values
before and after the write, for the public list of changes at /changes/.
Inspections' services call the recording functions here; providers' services
announce their writes through `providers.signals`, which this module receives.
A removal is restored from its revision by `restore_removal`, which records the
restoration like any other write.
"""

from __future__ import annotations

from decimal import Decimal

import reversion
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from reversion.errors import RevertError

from providers.models import Owner, OwnershipPeriod, Provider
from providers.partial_dates import format_partial_date
from providers.services import loaded_and_now
from providers.signals import provider_data_deleting, provider_data_saved

from . import league_fields
from .models import (
    CaseSample,
    ChangeKind,
    ChangeRecord,
    ContextualFact,
    FactUnit,
    Framework,
    Inspection,
    InspectionRound,
    InspectionSource,
    KeyQuestion,
    KeyQuestionResult,
    Recommendation,
    Standard,
    StandardRating,
)

NOT_RECORDED = "not recorded"
INSPECTION_PARTS = ("sources", "standard_ratings", "key_question_results", "case_samples", "facts", "recommendations")


def register_models():
    """Put inspections and their parts under django-reversion (called once, from the app's ready())."""
    for model in (InspectionSource, StandardRating, KeyQuestionResult, CaseSample, ContextualFact, Recommendation):
        if not reversion.is_registered(model):
            reversion.register(model)
    if not reversion.is_registered(Inspection):
        reversion.register(Inspection, follow=INSPECTION_PARTS)


def connect():
    """Record what providers' services announce (called once, from the app's ready())."""
    provider_data_saved.connect(record_provider_data_change, dispatch_uid="inspections-record-change")
    provider_data_deleting.connect(record_provider_data_removal, dispatch_uid="inspections-record-removal")


# --------------------------------------------------------------------------
# Values in words
# --------------------------------------------------------------------------


def _blank(value):
    return value is None or value == "" or value == ()


def _ordinal(number):
    """1 -> 'first', 2 -> 'second'; None -> None (not recorded)."""
    if not number:
        return None
    return {1: "first", 2: "second", 3: "third", 4: "fourth"}.get(number, f"number {number}")


def number_text(value):
    """Decimal('49.00') -> '49', Decimal('45.10') -> '45.1'."""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def _show(value):
    return NOT_RECORDED if _blank(value) else number_text(value)


def _before_and_after(label, old, new):
    return f"{label}: {old} → {new}"


def _changed_line(label, old, new, wording=_before_and_after):
    """(text, replaces a recorded value) or None when nothing changed."""
    if old == new or (_blank(old) and _blank(new)):
        return None
    return wording(label, _show(old), _show(new)), not _blank(old)


def _date(date, precision):
    return format_partial_date(date, precision) if date else None


def _result_text(percent, cases, subsample_of):
    text = f"{number_text(percent)}% yes"
    if cases:
        return f"{text} of {cases} cases"
    if subsample_of:
        return f"{text} (relevant sub-sample of {subsample_of})"
    return text


def _fact_text(unit, provider_value, national, target):
    suffix = "%" if unit == FactUnit.PERCENT else ""
    parts = []
    for label, value in (("provider", provider_value), ("England and Wales", national), ("target", target)):
        if value is not None:
            parts.append(f"{label} {number_text(value)}{suffix}")
    return ", ".join(parts) or "no figure"


class _Names:
    """Labels for the ids a CleanInspection holds, read in a few queries."""

    def __init__(self, *cleans):
        cleans = [clean for clean in cleans if clean is not None]
        framework_ids = {clean.framework_id for clean in cleans}
        self.standards = {
            standard.pk: (standard.position, standard.code or standard.name)
            for standard in Standard.objects.filter(framework_id__in=framework_ids)
        }
        self.key_questions = {
            question.pk: question.code
            for question in KeyQuestion.objects.filter(standard__framework_id__in=framework_ids)
        }
        self.providers = {
            provider.pk: provider.short_name
            for provider in Provider.objects.filter(pk__in={clean.provider_id for clean in cleans})
        }
        self.frameworks = dict(Framework.objects.filter(pk__in=framework_ids).values_list("pk", "name"))
        self.owners = dict(
            Owner.objects.filter(pk__in={clean.owner_at_inspection_id for clean in cleans}).values_list("pk", "name")
        )
        self.rounds = dict(
            InspectionRound.objects.filter(pk__in={clean.inspection_round_id for clean in cleans}).values_list(
                "pk", "name"
            )
        )

    def standard_key(self, standard_id):
        return self.standards.get(standard_id, (999, str(standard_id)))


def _summary(clean, names):
    provider = names.providers.get(clean.provider_id, "A provider")
    if clean.published_on is None:
        return f"{provider}: inspection, publication date not recorded"
    return f"{provider}: inspection published {_date(clean.published_on, clean.published_on_precision)}"


def _addition_lines(clean):
    lines = [
        f"Published: {_date(clean.published_on, clean.published_on_precision) or NOT_RECORDED}",
        f"Overall rating: {clean.overall_rating or NOT_RECORDED}",
        f"Standards rated: {len(clean.ratings)}",
    ]
    if clean.points_stated:
        lines.append(f"Points, as stated: {clean.points_stated}")
    for count, what in (
        (len(clean.key_question_results), "key-question results"),
        (len(clean.case_samples), "case samples"),
        (len(clean.facts), "contextual facts"),
        (len(clean.recommendations), "recommendations"),
        (len(clean.source_urls), "sources"),
    ):
        if count:
            lines.append(f"{what.capitalize()}: {count}")
    return lines


def describe_inspection_change(before, after, names, wording=_before_and_after):
    """[(text, replaces a recorded value)] for each value that differs between two CleanInspections.

    `wording(label, before, after)` words a changed value (by default "label: before → after").
    """

    def _line(label, old, new):
        return _changed_line(label, old, new, wording)

    changes = [
        _line("Provider", names.providers.get(before.provider_id), names.providers.get(after.provider_id)),
        _line("Framework", names.frameworks.get(before.framework_id), names.frameworks.get(after.framework_id)),
        _line("Round", names.rounds.get(before.inspection_round_id), names.rounds.get(after.inspection_round_id)),
        _line(
            "Owner at inspection",
            names.owners.get(before.owner_at_inspection_id),
            names.owners.get(after.owner_at_inspection_id),
        ),
        _line(
            "Published",
            _date(before.published_on, before.published_on_precision),
            _date(after.published_on, after.published_on_precision),
        ),
        _line(
            "Fieldwork started",
            _date(before.fieldwork_started_on, before.fieldwork_started_on_precision),
            _date(after.fieldwork_started_on, after.fieldwork_started_on_precision),
        ),
        _line("Overall rating", before.overall_rating, after.overall_rating),
        _line(
            "Overall rating derived from wording",
            "yes" if before.overall_rating_derived else None,
            "yes" if after.overall_rating_derived else None,
        ),
        _line("Points, as stated", before.points_stated or None, after.points_stated or None),
        _line(
            "Inspection of the unit",
            _ordinal(before.sequence_in_unit),
            _ordinal(after.sequence_in_unit),
        ),
        _line("Notes", before.notes, after.notes),
        _line("Caseload", before.caseload_as_reported, after.caseload_as_reported),
        _line("Report", before.report_url, after.report_url),
    ]

    old_ratings, new_ratings = dict(before.ratings), dict(after.ratings)
    for standard_id in sorted(old_ratings.keys() | new_ratings.keys(), key=names.standard_key):
        code = names.standard_key(standard_id)[1]
        changes.append(_line(f"{code} rating", old_ratings.get(standard_id), new_ratings.get(standard_id)))

    old_results = {row[0]: row[1:] for row in before.key_question_results}
    new_results = {row[0]: row[1:] for row in after.key_question_results}
    for question_id in sorted(
        old_results.keys() | new_results.keys(),
        key=lambda pk: tuple(int(part) for part in names.key_questions.get(pk, "9.9.9").split(".")),
    ):
        old, new = old_results.get(question_id), new_results.get(question_id)
        changes.append(
            _line(
                names.key_questions.get(question_id, str(question_id)),
                _result_text(*old) if old else None,
                _result_text(*new) if new else None,
            )
        )

    old_samples = {row[0]: row[1:] for row in before.case_samples}
    new_samples = {row[0]: row[1:] for row in after.case_samples}
    for label in sorted(old_samples.keys() | new_samples.keys()):
        old, new = old_samples.get(label), new_samples.get(label)
        changes.append(
            _line(f"Sample '{label}'", f"{old[0]} cases" if old else None, f"{new[0]} cases" if new else None)
        )
        if old and new and old[1] != new[1]:
            changes.append(_line(f"Sample '{label}' notes", old[1], new[1]))

    old_facts = {row[0]: row[1:] for row in before.facts}
    new_facts = {row[0]: row[1:] for row in after.facts}
    for metric in [*old_facts, *[metric for metric in new_facts if metric not in old_facts]]:
        old, new = old_facts.get(metric), new_facts.get(metric)
        changes.append(
            _line(f"Fact '{metric}'", _fact_text(*old[:4]) if old else None, _fact_text(*new[:4]) if new else None)
        )
        if old and new and old[4] != new[4]:
            changes.append(_line(f"Fact '{metric}' source", old[4], new[4]))

    old_recommendations = {row[0]: row[1:] for row in before.recommendations}
    new_recommendations = {row[0]: row[1:] for row in after.recommendations}
    for position in sorted(old_recommendations.keys() | new_recommendations.keys()):
        old, new = old_recommendations.get(position), new_recommendations.get(position)
        if old == new:
            continue
        if old is None:
            changes.append((f"Recommendation {position} added: {new[1]}", False))
        elif new is None:
            changes.append((f"Recommendation {position} removed: {old[1]}", True))
        else:
            changes.append((f"Recommendation {position} reworded: {new[1]}", True))

    for url in after.source_urls:
        if url not in before.source_urls:
            changes.append((f"Source added: {url}", False))
    for url in before.source_urls:
        if url not in after.source_urls:
            changes.append((f"Source removed: {url}", True))
    return [change for change in changes if change is not None]


def describe_edit_conflict(loaded, stored):
    """A line per value an entry form was loaded with (`loaded`) that differs from what is `stored` now,
    both CleanInspections: "Caseload: you loaded about 5,000; now about 6,000"."""
    changes = describe_inspection_change(loaded, stored, _Names(loaded, stored), wording=loaded_and_now)
    return [text for text, _ in changes]


# --------------------------------------------------------------------------
# Recording, inside the services' revision
# --------------------------------------------------------------------------


def _record(*, kind, subject, summary, details, provider_id=None, inspection_id=None):
    reversion.add_meta(
        ChangeRecord,
        changed_at=reversion.get_date_created(),
        kind=kind,
        subject=subject,
        summary=summary[:300],
        details=details,
        provider_id=provider_id,
        inspection_id=inspection_id,
    )


def record_inspection(inspection, before, after):
    """Record a created (before is None) or changed inspection in the current revision."""
    reversion.add_to_revision(inspection)  # again, now that its parts are written
    names = _Names(before, after)
    if before is None:
        kind, details = ChangeKind.ADDITION, _addition_lines(after)
    else:
        changes = describe_inspection_change(before, after, names)
        if not changes:
            # Nothing readers see has changed (an editors' note, a save with no edit): the revision keeps the
            # edit for editors, and the public list of changes stays as it was.
            return
        kind = ChangeKind.CORRECTION if any(replaces for _, replaces in changes) else ChangeKind.ADDITION
        details = [text for text, _ in changes]
    _record(
        kind=kind,
        subject="inspection",
        summary=_summary(after, names),
        details=details,
        provider_id=after.provider_id,
        inspection_id=inspection.pk,
    )


def record_inspection_removal(inspection, before):
    """Record that an inspection is about to be deleted (call before deleting it)."""
    names = _Names(before)
    reversion.add_to_revision(inspection)
    reversion.add_to_revision(inspection.provider)  # the revision keeps a saved object to hang on
    _record(
        kind=ChangeKind.REMOVAL,
        subject="inspection",
        summary=_summary(before, names),
        details=[f"Removed: {line}" for line in _addition_lines(before)[:2]],
        provider_id=before.provider_id,
    )


def record_provider_data_change(sender, *, subject, summary, before, after, provider_id=None, **kwargs):
    """Record a created (before is None) or updated owner, provider or ownership period.

    Receives `providers.signals.provider_data_saved`: `before` and `after` map labels to values in words.
    """
    if before is None:
        kind = ChangeKind.ADDITION
        details = [f"{label}: {_show(value)}" for label, value in after.items() if not _blank(value)]
    else:
        changes = [_changed_line(label, before.get(label), value) for label, value in after.items()]
        changes = [change for change in changes if change is not None]
        if not changes:
            return
        kind = ChangeKind.CORRECTION if any(replaces for _, replaces in changes) else ChangeKind.ADDITION
        details = [text for text, _ in changes]
    _record(kind=kind, subject=subject, summary=summary, details=details, provider_id=provider_id)


def record_provider_data_removal(sender, *, subject, summary, before, removed_with=(), provider_id=None, **kwargs):
    """Record that an owner, provider or ownership period is about to be deleted.

    Receives `providers.signals.provider_data_deleting`: `before` maps labels to values in words;
    `removed_with` lists (subject, summary) of rows the deletion takes along (a provider's ownership
    periods), each kept in the revision by the sender.
    """
    details = [f"Removed: {label}: {_show(value)}" for label, value in before.items() if not _blank(value)]
    details += [f"Removed with it: {what}: {text}" for what, text in removed_with]
    _record(kind=ChangeKind.REMOVAL, subject=subject, summary=summary, details=details, provider_id=provider_id)


def record_baseline(comment):
    """One revision holding every published object as it stands, with no change record.

    Made when the data is first loaded, so the state before any later correction or removal can be
    restored even for objects no editor has saved yet.
    """
    with reversion.create_revision():
        reversion.set_comment(comment)
        for model in (Owner, Provider, OwnershipPeriod):
            for instance in model.objects.all():
                reversion.add_to_revision(instance)
        for inspection in Inspection.objects.prefetch_related(*INSPECTION_PARTS):
            reversion.add_to_revision(inspection)  # follows its parts


# --------------------------------------------------------------------------
# Restoring a removal from its revision
# --------------------------------------------------------------------------


_RESTORE_ORDER = {Owner: 0, Provider: 1, OwnershipPeriod: 2, Inspection: 3}


def restore_removal(record, *, user=None):
    """Bring back what a removal deleted, from the removal's revision, as a write of its own: in one
    transaction, with a revision of its own (by `user`) and an addition on the public list of changes.

    Only the rows that are still missing come back (the revision of an inspection's removal also holds
    its provider, which must not be set back). Raises ValidationError, restoring nothing, when there is
    nothing to restore or what comes back no longer fits what is stored.
    """
    if record.kind != ChangeKind.REMOVAL or record.revision is None:
        raise ValidationError("Only a removal that kept its revision can be restored.")
    missing = [
        version
        for version in record.revision.version_set.select_related("content_type")
        if not version.content_type.model_class()._default_manager.filter(pk=version.object_id).exists()
    ]
    # Rows a restored row points to come back first: the database checks some references at once.
    missing.sort(key=lambda version: _RESTORE_ORDER.get(version.content_type.model_class(), len(_RESTORE_ORDER)))
    if not missing:
        raise ValidationError(f"Nothing to restore: what “{record.summary}” removed is stored again.")
    try:
        with transaction.atomic(), reversion.create_revision():
            if user is not None:
                reversion.set_user(user)
            reversion.set_comment(f"Restored the removal “{record.summary}”.")
            restored = []
            for version in missing:
                version.revert()
                restored.append(version.content_type.model_class()._default_manager.get(pk=version.object_id))
            for instance in restored:
                reversion.add_to_revision(instance)
            inspections = [instance for instance in restored if isinstance(instance, Inspection)]
            league_fields.refresh_providers({inspection.provider_id for inspection in inspections})
            # Rows brought back must still point at rows that exist (an owner deleted since, say).
            connection.check_constraints(table_names={type(instance)._meta.db_table for instance in restored})
            providers = [instance for instance in restored if isinstance(instance, Provider)]
            _record(
                kind=ChangeKind.ADDITION,
                subject=record.subject,
                summary=f"Restored: {record.summary}",
                details=[_restored_line(line) for line in record.details],
                provider_id=providers[0].pk if providers else record.provider_id,
                inspection_id=inspections[0].pk if inspections else None,
            )
    except (IntegrityError, RevertError) as error:
        raise ValidationError(
            f"“{record.summary}” cannot be restored: what it removed no longer fits what is stored ({error})."
        ) from None
    return restored


def _restored_line(line):
    for removed, restored in (("Removed with it: ", "Restored with it: "), ("Removed: ", "Restored: ")):
        if line.startswith(removed):
            return restored + line.removeprefix(removed)
    return line
