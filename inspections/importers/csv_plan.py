"""
Planning the owners, providers and ownership periods of a CSV import, by the rules of `providers.services`,
checked in memory against what is stored and against the other rows; nothing is written here (`csv_write`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q

from inspections.models import Inspection
from inspections.services.frameworks import framework_for
from providers.models import Owner, OwnershipPeriod, Provider, ProviderType
from providers.partial_dates import DatePrecision, partial_date_input
from providers.services import (
    CREATED,
    UNCHANGED,
    UPDATED,
    create_or_update_owner,
    create_or_update_ownership_period,
    create_or_update_provider,
    owner_slug,
    ownership_period_values,
    provider_slug,
)
from providers.validation import clean_text, url_error

from .csv_files import Change, _format

INSPECTIONS = "inspections"
OWNERSHIP = "ownership"


def owner_name_and_notes(text):
    """'Purple Futures (Interserve-led consortium)' -> ('Purple Futures', 'Interserve-led consortium')."""
    match = re.match(r"^(?P<name>[^(]+?)\s*\((?P<notes>[^)]*)\)\s*$", text)
    if match:
        return match["name"].strip(), match["notes"].strip()
    return text.strip(), ""


@dataclass
class _Planned:
    """An owner, provider or ownership period the import stores: `instance` holds its values (unsaved when
    created, a copy of the stored row when changed); `update` makes the change through the services."""

    instance: object
    action: str
    update: object = None  # () -> None


def _with_values(instance, values):
    for name, value in values.items():
        setattr(instance, name, value)
    return instance


def _changed_copy(stored, values):
    """(instance holding `values`, action): the stored row itself when nothing changes, else a copy."""
    if all(getattr(stored, name) == value for name, value in values.items()):
        return stored, UNCHANGED
    return _with_values(copy.copy(stored), values), UPDATED


def _open_ended_under(period, owner):
    """Whether a period (stored, or planned with an owner perhaps not saved yet) is `owner`'s, start and end not
    recorded."""
    same_owner = period.owner_id == owner.pk if owner.pk is not None else period.owner is owner
    return same_owner and period.started_on is None and period.ended_on is None


class Planner:
    """Plans an import: reads what is stored in a few queries, validates every row against it and against the
    other rows, and works out what each row would create or change, writing nothing (`csv_write` stores it)."""

    def __init__(self, *, report):
        self.report = report
        self.errors = report.errors
        self.owners = {}  # slug -> _Planned
        self.providers = {}  # short name -> _Planned
        self.periods = {}  # (short name, owner slug, start) -> _Planned
        self.periods_of = {}  # short name -> [OwnershipPeriod], as planned
        self.new_provider_slugs = {}  # slug -> short name, of the providers these files create
        self.targets = {}  # (short name, date) -> _Target
        self.framework_cache = {}
        self.frameworks = {}  # (provider type, date) -> Framework

    def load_stored(self, parsed):
        """Read, in a few queries, the stored owners, providers, periods and inspections the files name."""
        short_names, owner_texts = set(), set()
        for kind, rows in parsed:
            for row in rows:
                short_names.add(row.get("provider_short_name"))
                if kind == INSPECTIONS:
                    owner_texts.add(row.get("owner_at_inspection"))
                elif kind == OWNERSHIP:
                    owner_texts.add(row.get("owner"))
        short_names |= self.named_elsewhere()
        names = [owner_name_and_notes(text)[0] for text in owner_texts if text]
        owners = list(Owner.objects.filter(Q(slug__in={owner_slug(name) for name in names}) | Q(name__in=names)))
        self.stored_owners = {owner.slug: owner for owner in owners}
        self.owner_slug_of_name = {owner.name: owner.slug for owner in owners}
        provider_names = {row.get("provider_name") for kind, rows in parsed if kind == INSPECTIONS for row in rows}
        providers = list(
            Provider.objects.filter(
                Q(short_name__in=short_names)
                | Q(slug__in={provider_slug(name) for name in short_names})
                | Q(name__in=provider_names)
            )
        )
        self.stored_by_short_name = {provider.short_name: provider for provider in providers}
        self.stored_by_slug = {provider.slug: provider for provider in providers}
        self.stored_by_name = {provider.name: provider for provider in providers}
        provider_ids = [provider.pk for provider in providers]
        self.stored_inspections = {
            (inspection.provider_id, inspection.published_on): inspection
            for inspection in Inspection.objects.filter(provider_id__in=provider_ids).select_related(
                "provider", "framework", "inspection_round", "owner_at_inspection"
            )
        }
        self.stored_periods = {}  # provider id -> [period]
        for period in OwnershipPeriod.objects.filter(provider_id__in=provider_ids).select_related("owner"):
            self.stored_periods.setdefault(period.provider_id, []).append(period)

    def named_elsewhere(self):
        """Short names of providers the import names outside its files' rows."""
        return set()

    # ---- helpers ----
    def error(self, origin, message, label=None):
        self.errors.append(_format(origin, message, label))

    def record(self, kind, action, label):
        self.report.changes.append(Change(kind, action, label))

    def validation_errors(self, error, origin_for, default_origin):
        for key, messages in error.message_dict.items():
            origin, label = origin_for(key)
            for message in messages:
                self.error(origin or default_origin, message, label)

    def model_errors(self, instance, row, columns, exclude=()):
        """The model's own rules for one row (lengths, allowed values), checked in memory; False if any fails."""
        try:
            instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.error(row.origin(columns.get(key, key)), message)
            return False
        return True

    def framework(self, provider_type, published_on):
        key = (provider_type, published_on)
        if key not in self.frameworks:
            self.frameworks[key] = framework_for(provider_type, published_on)
        return self.frameworks[key]

    # ---- owners and providers (the rules of `providers.services`, checked without writing) ----
    def owner(self, text, row, column):
        name, notes = owner_name_and_notes(text)
        public_sector = notes.lower() == "public sector" or name.lower() == "national probation service"
        if notes.lower() == "public sector":
            notes = ""
        name, notes, slug = clean_text(name), clean_text(notes), owner_slug(name)
        planned = self.owners.get(slug)
        if planned is not None and not notes:
            return planned.instance
        if not slug:
            self.error(row.origin(column), f"'{name}' gives no usable web address (slug).")
            return None
        clash = self.owner_slug_of_name.get(name)
        if clash is not None and clash != slug:
            self.error(row.origin(column), f"Another owner ({clash}) already has the name '{name}'.")
            return None
        stored = self.stored_owners.get(slug)
        if stored is not None:  # a blank never removes what is stored
            notes = notes or stored.notes
            public_sector = public_sector or stored.is_public_sector
        values = {"name": name, "notes": notes, "is_public_sector": public_sector}
        if planned is not None and planned.action == CREATED:
            instance, action = _with_values(planned.instance, values), CREATED  # rows already refer to it
        elif stored is None:
            instance, action = Owner(slug=slug, **values), CREATED
        else:
            instance, action = _changed_copy(stored, values)
        if not self.model_errors(instance, row, {"name": column, "notes": column, "slug": column}):
            return None
        if planned is None:
            self.record("owner", action, slug)
        self.owner_slug_of_name[name] = slug
        self.owners[slug] = _Planned(
            instance,
            action,
            lambda: create_or_update_owner(name=name, notes=notes, is_public_sector=public_sector, slug=slug),
        )
        return instance

    def provider(self, short_name):
        """The provider of that short name: as this import leaves it, else as stored, else None."""
        if short_name in self.providers:
            return self.providers[short_name].instance
        return self.stored_by_short_name.get(short_name)

    def plan_provider(self, row, short_name, provider_type):
        """The provider an inspections-file row names, with the values it gives; None if they cannot be stored."""
        stored = self.stored_by_short_name.get(short_name)
        slug = stored.slug if stored else provider_slug(short_name)
        stored = stored or self.stored_by_slug.get(slug)
        planned = self.providers.get(short_name)
        base = planned.instance if planned else stored
        name = clean_text(row.get("provider_name")) or (base.name if base else "")
        values = {
            "short_name": clean_text(short_name),
            "name": name,
            "provider_type": provider_type,
            "area": clean_text(row.get("area")) or (base.area if base else ""),
            "slug": slug,
            **({"region": None} if provider_type != ProviderType.PDU else {}),
        }
        if not name:
            self.error(row.origin("provider_name"), "Enter the provider's full name.")
            return None
        clash = self.stored_by_name.get(name)
        if clash is not None and clash.short_name != short_name and clash is not stored:
            self.error(
                row.origin("provider_name"), f"Another provider ({clash.short_name}) already has the name '{name}'."
            )
            return None
        other = self.new_provider_slugs.get(slug, short_name) if stored is None else short_name
        if other != short_name:
            self.error(
                row.origin("provider_short_name"),
                f"'{short_name}' gives the same web address as {other}, another provider of these files.",
            )
            return None
        if planned is not None and planned.action == CREATED:
            instance, action = _with_values(planned.instance, values), CREATED  # rows already refer to it
        elif stored is None:
            instance, action = Provider(**values), CREATED
        else:
            instance, action = _changed_copy(stored, values)
        columns = {"name": "provider_name", "short_name": "provider_short_name", "slug": "provider_short_name"}
        if not self.model_errors(instance, row, columns, exclude=["region"]):
            return None
        if planned is None:
            self.record("provider", action, slug)
        if stored is None:
            self.new_provider_slugs[slug] = short_name
        self.stored_by_name[name] = instance
        self.providers[short_name] = _Planned(
            instance,
            action,
            lambda: create_or_update_provider(
                short_name=values["short_name"],
                name=name,
                provider_type=provider_type,
                area=values["area"],
                slug=slug,
            ),
        )
        return instance

    # ---- files ----

    def ownership_file(self, rows):
        self.ownership_rows = getattr(self, "ownership_rows", []) + rows

    def plan_ownership(self):
        with_rows = set()
        for row in getattr(self, "ownership_rows", []):
            short_name = row.get("provider_short_name")
            provider = self.provider(short_name)
            if provider is None:
                self.error(
                    row.origin("provider_short_name"),
                    f"'{short_name}' is not a known provider; import the inspections file first or with this one.",
                )
                continue
            with_rows.add(short_name)
            if not row.get("owner"):
                self.error(row.origin("owner"), "Enter the owner.")
                continue
            owner = self.owner(row.get("owner"), row, "owner")
            if owner is None:
                continue
            self.period(
                row,
                provider=provider,
                owner=owner,
                started_on=row.get("from") or None,
                ended_on=row.get("to") or None,
                source_url=row.get("source"),
                columns={"started_on": "from", "ended_on": "to", "source_url": "source"},
            )
        # A provider with no ownership rows: one open-ended period under its owner at inspection.
        for target in self.targets.values():
            data = target.data
            if data.owner_at_inspection is None or target.key[0] in with_rows:
                continue
            provider, owner = data.provider, data.owner_at_inspection
            stored = self.stored_periods.get(provider.pk, []) if provider.pk else []
            periods = [*stored, *self.periods_of.get(target.key[0], [])]
            # Any other period, stored or from these files, records the provider's ownership already.
            if not all(_open_ended_under(period, owner) for period in periods):
                continue
            source_url = next((period.source_url for period in periods if period.source_url), "")
            self.period(
                target.base_row,
                provider=provider,
                owner=owner,
                source_url=source_url or (data.source_urls[0] if data.source_urls else ""),
                columns={"source_url": "source_urls"},
            )

    def period(self, row, *, provider, owner, columns, started_on=None, ended_on=None, source_url=""):
        """Plan a period as `create_or_update_ownership_period` stores it: found by provider, owner and start."""
        faults = []
        started, started_precision, message = partial_date_input(started_on, DatePrecision.DAY)
        if message:
            faults.append(("started_on", message))
        ended, ended_precision, message = partial_date_input(ended_on, DatePrecision.DAY)
        if message:
            faults.append(("ended_on", message))
        if started and ended and ended < started:
            faults.append(("ended_on", "A period cannot end before it starts."))
        source_url = clean_text(source_url)
        if source_url and (message := url_error(source_url)):
            faults.append(("source_url", message))
        for key, message in faults:
            self.error(row.origin(columns.get(key, key)), message)
        if faults:
            return
        values = ownership_period_values(started, started_precision, ended, ended_precision, source_url)
        key = (provider.short_name, owner.slug, started)
        planned = self.periods.get(key)
        stored = None
        if planned is None and provider.pk is not None and owner.pk is not None:
            stored = next(
                (
                    period
                    for period in self.stored_periods.get(provider.pk, [])
                    if period.owner_id == owner.pk and period.started_on == started
                ),
                None,
            )
        if planned is not None and planned.action == CREATED:
            instance, action = _with_values(planned.instance, values), CREATED
        elif stored is None and planned is None:
            instance, action = OwnershipPeriod(provider=provider, owner=owner, **values), CREATED
        else:
            instance, action = _changed_copy(planned.instance if planned else stored, values)
        if not self.model_errors(instance, row, columns, exclude=["provider", "owner"]):
            return
        if planned is None:
            self.record("ownership period", action, f"{provider.slug} under {owner.slug}")
        if planned is None:
            self.periods_of.setdefault(provider.short_name, []).append(instance)
        self.periods[key] = _Planned(
            instance,
            action,
            lambda: create_or_update_ownership_period(
                provider=provider, owner=owner, started_on=started_on, ended_on=ended_on, source_url=source_url
            ),
        )
