"""
Storing what a CSV import has planned and validated (`csv_import`), in a few statements per table.

Rows the import creates are inserted in bulk, kept in one django-reversion revision with the
import's user and comment, and recorded in words for the public list of changes, as the
services record a write of one row. Rows it changes go through the services one by one,
inside the import's revision. The league fields of the providers written are recomputed
once; the tallies, once, when the caller's `league_tallies.refreshed_once` block ends.
"""

from __future__ import annotations

import json
from dataclasses import fields, replace

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router
from django.db.models import prefetch_related_objects
from django.utils import timezone
from reversion.models import Revision, Version

from inspections import history, league_fields
from inspections.models import (
    ChangeKind,
    ChangeRecord,
    Inspection,
    InspectionSource,
    KeyQuestionResult,
    StandardRating,
)
from inspections.services.inspections import INSPECTION_FIELDS, apply_inspection_change, inspection_children
from inspections.services.validation import CleanInspection, stored_inspection
from inspections.signals import written_in_bulk
from providers.models import Owner, OwnershipPeriod, Provider, ProviderAlias, ProviderType, Succession
from providers.services import CHANGE_LABELS, CREATED, UPDATED, displayed, period_in_words

# Checked before writing (validate_inspection and the planner's full_clean); full_clean() would query per row.
ROW_CLEAN_EXCLUDE = ["provider", "framework", "inspection_round", "owner_at_inspection", "previous_rated"]
BATCH = 2000
# Child rows whose every value validate_inspection checks by the same rules their fields hold (a rating of the
# scale, a web address of at most 500 characters): most of an import's rows, not cleaned a second time.
CHECKED_IN_FULL = {StandardRating, InspectionSource}
# The relations a row's str() reads.
NAMED_BY = {StandardRating: ["standard"], KeyQuestionResult: ["key_question"]}


def inspection_rows(clean, inspection=None):
    """(the Inspection, [(child model, message key, rows)]) storing a CleanInspection, unsaved: the rows
    `services.inspections` writes for it, made here so that thousands are inserted together."""
    inspection = inspection or Inspection()
    for name in INSPECTION_FIELDS:
        setattr(inspection, name, getattr(clean, name))
    return inspection, inspection_children(inspection, clean)


def _with_ids(clean, data):
    """The CleanInspection with the ids of the provider and owner the import has just created."""
    owner = data.owner_at_inspection
    return replace(clean, provider_id=data.provider.pk, owner_at_inspection_id=owner.pk if owner else None)


def _versions(revision, objects):
    """Versions of saved objects, each serialised as django-reversion serialises one."""
    versions = []
    by_model = {}
    for instance in objects:
        by_model.setdefault(type(instance), []).append(instance)
    for model, instances in by_model.items():
        # What each row's name (object_repr) is read from, in one query per relation, not one per row.
        prefetch_related_objects(instances, *NAMED_BY.get(model, ()))
        content_type = ContentType.objects.get_for_model(model)
        db = router.db_for_write(model)
        for instance, data in zip(instances, serializers.serialize("python", instances), strict=True):
            versions.append(
                Version(
                    revision=revision,
                    content_type=content_type,
                    object_id=str(instance.pk),
                    db=db,
                    format="json",
                    serialized_data=json.dumps([data], cls=DjangoJSONEncoder),
                    object_repr=str(instance)[:191],
                )
            )
    return versions


# The records below are those `history` makes of one created row (record_provider_data_change with no
# `before`, record_inspection with no `before`), built from its own helpers.


def _provider_data_record(instance, subject, summary, provider_id, changed_at):
    if isinstance(instance, OwnershipPeriod):
        after = period_in_words(instance)
    else:
        after = displayed(instance, CHANGE_LABELS[type(instance)])
    return ChangeRecord(
        changed_at=changed_at,
        kind=ChangeKind.ADDITION,
        subject=subject,
        summary=summary[:300],
        details=[f"{label}: {history._show(value)}" for label, value in after.items() if not history._blank(value)],
        provider_id=provider_id,
    )


def _inspection_records(inspections, cleans, changed_at):
    names = history._Names(*cleans)
    return [
        ChangeRecord(
            changed_at=changed_at,
            kind=ChangeKind.ADDITION,
            subject="inspection",
            summary=history._summary(clean, names)[:300],
            details=history._addition_lines(clean),
            provider_id=clean.provider_id,
            inspection_id=inspection.pk,
        )
        for inspection, clean in zip(inspections, cleans, strict=True)
    ]


def _unit_inspection_rows(planned):
    """(the Inspection, [(child model, rows)]) of an inspection of the Probation Service era's file, unsaved."""
    values = {name: value for name, value in planned.values.items() if name not in ("ratings", "sources", "provider")}
    inspection = Inspection(provider=planned.values["provider"], **values)
    ratings = [
        StandardRating(inspection=inspection, standard=standard, rating=rating, derived=derived)
        for standard, rating, derived in planned.values["ratings"]
    ]
    sources = [
        InspectionSource(inspection=inspection, url=url, position=position)
        for position, url in enumerate(planned.values["sources"])
    ]
    return inspection, [(StandardRating, ratings), (InspectionSource, sources)]


def _unit_clean(planned, inspection):
    """The CleanInspection a change record words, of an inspection just created from the era's file."""
    given = {
        "provider_id": inspection.provider_id,
        "framework_id": inspection.framework_id,
        "inspection_round_id": inspection.inspection_round_id,
        "owner_at_inspection_id": None,
        "fieldwork_started_on": None,
        "fieldwork_started_on_precision": inspection.fieldwork_started_on_precision,
        "source_urls": tuple(planned.values["sources"]),
        "ratings": tuple((standard.pk, rating) for standard, rating, _ in planned.values["ratings"]),
        "key_question_results": (),
        "case_samples": (),
        "facts": (),
        "recommendations": (),
    }
    return CleanInspection(
        **{
            item.name: given[item.name] if item.name in given else getattr(inspection, item.name)
            for item in fields(CleanInspection)
        }
    )


def _add_to_unit_inspection(planned):
    """What the era's file adds to a stored inspection: values it did not record, ratings, sources; recorded as
    the services record a change."""
    inspection = planned.existing
    before = stored_inspection(inspection)
    for name, value in planned.filled.items():
        setattr(inspection, name, value)
    inspection.save()
    StandardRating.objects.bulk_create(
        StandardRating(inspection=inspection, standard=standard, rating=rating, derived=derived)
        for standard, rating, derived in planned.new_ratings
    )
    start = len(before.source_urls)
    InspectionSource.objects.bulk_create(
        InspectionSource(inspection=inspection, url=url, position=start + index)
        for index, url in enumerate(planned.new_sources)
    )
    history.record_inspection(inspection, before, stored_inspection(inspection))


def write(plan):
    """Store the plan inside the caller's transaction; returns nothing (the plan's report already says it all)."""
    created = {
        kind: [item.instance for item in plan[kind] if item.action == CREATED]
        for kind in ("owners", "providers", "periods")
    }
    with reversion.create_revision():
        Owner.objects.bulk_create(created["owners"], batch_size=BATCH)
        # Regions before the PDUs that lie in them (a PDU's region gets its id first), then every other kind.
        order = {ProviderType.REGION: 0, ProviderType.PDU: 1}
        for group in (0, 1, 2):
            Provider.objects.bulk_create(
                [provider for provider in created["providers"] if order.get(provider.provider_type, 2) == group],
                batch_size=BATCH,
            )
        for kind in ("owners", "providers"):
            for item in plan[kind]:
                if item.action == UPDATED:
                    item.update()
        OwnershipPeriod.objects.bulk_create(created["periods"], batch_size=BATCH)
        for item in plan["periods"]:
            if item.action == UPDATED:
                item.update()

        new_cleans, new_inspections, children = [], [], {}
        for target in plan["inspections"]:
            clean = _with_ids(target.clean, target.data)
            if target.action == CREATED:
                inspection, rows = target.rows  # made and checked by the planner
                # The provider and owner themselves, saved now: their ids, and the names the records show.
                inspection.provider = target.data.provider
                inspection.owner_at_inspection = target.data.owner_at_inspection
                new_cleans.append(clean)
                new_inspections.append(inspection)
                for model, _, model_rows in rows:
                    children.setdefault(model, []).extend(model_rows)
            elif target.action == UPDATED:
                apply_inspection_change(target.existing, target.before, clean)
        created[ProviderAlias], created[Succession] = plan.get("aliases", []), plan.get("successions", [])
        for model in (ProviderAlias, Succession):
            model.objects.bulk_create(created[model], batch_size=BATCH)
        for planned in plan.get("ps_inspections", []):
            if planned.action == CREATED:
                inspection, rows = _unit_inspection_rows(planned)
                new_inspections.append(inspection)
                for model, model_rows in rows:
                    children.setdefault(model, []).extend(model_rows)
        Inspection.objects.bulk_create(new_inspections, batch_size=BATCH)
        for model, rows in children.items():
            model.objects.bulk_create(rows, batch_size=BATCH)
        new_cleans += [
            _unit_clean(planned, inspection)
            for planned, inspection in zip(
                [planned for planned in plan.get("ps_inspections", []) if planned.action == CREATED],
                new_inspections[len(new_cleans) :],
                strict=True,
            )
        ]
        for planned in plan.get("ps_inspections", []):
            if planned.action == UPDATED:
                _add_to_unit_inspection(planned)

        _record_created(created, new_cleans, new_inspections, children)
    if new_cleans or any(created.values()):
        # Bulk inserts send no post_save: announced once, as a save would be.
        written_in_bulk.send(sender=Inspection, using=router.db_for_write(Inspection))
    provider_ids = {item.instance.pk for item in plan["providers"]} | {clean.provider_id for clean in new_cleans}
    provider_ids |= {planned.existing.provider_id for planned in plan.get("ps_inspections", []) if planned.existing}
    league_fields.refresh_providers(provider_ids)


def _record_created(created, new_cleans, new_inspections, children):
    """One revision holding every created row, with a change record of each, as the services record them."""
    objects = [
        *created["owners"],
        *created["providers"],
        *created["periods"],
        *created.get(ProviderAlias, []),
        *created.get(Succession, []),
        *new_inspections,
        *(row for rows in children.values() for row in rows),
    ]
    if not objects:
        return
    changed_at = timezone.now()
    revision = Revision.objects.create(
        date_created=changed_at, user=reversion.get_user(), comment=reversion.get_comment() or "CSV import"
    )
    Version.objects.bulk_create(_versions(revision, objects), batch_size=BATCH)
    records = [_provider_data_record(owner, "owner", str(owner), None, changed_at) for owner in created["owners"]]
    records += [
        _provider_data_record(provider, "provider", str(provider), provider.pk, changed_at)
        for provider in created["providers"]
    ]
    records += [
        _provider_data_record(
            period, "ownership period", f"{period.provider}: owned by {period.owner}", period.provider_id, changed_at
        )
        for period in created["periods"]
    ]
    records += _inspection_records(new_inspections, new_cleans, changed_at)
    for record in records:
        record.revision = revision
    ChangeRecord.objects.bulk_create(records, batch_size=BATCH)
