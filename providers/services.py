"""
The write path for providers, owners and ownership periods.

The admin and the CSV importer write through these functions, so every rule
lives here once. Each validates its whole input before writing and raises
`django.core.exceptions.ValidationError` whose `message_dict` maps a field to
its messages. Each write runs in one transaction, inside a django-reversion
revision that keeps a copy of every row written, and announces what changed,
in words, through `providers.signals` for the public list of changes.
"""

import json

import reversion
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst, slugify
from reversion.models import Version

from .models import Owner, OwnershipPeriod, Provider, ProviderType
from .partial_dates import DatePrecision, partial_date_input
from .signals import provider_data_deleting, provider_data_saved
from .validation import FieldErrors, clean_text, url_error

# What a create-or-update did; inspections' services answer with the same words.
CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"

# The fields a change is told by, with their labels.
CHANGE_LABELS = {
    Provider: {
        "short_name": "Short name",
        "name": "Name",
        "provider_type": "Type",
        "area": "Area",
        "slug": "Address",
        "region": "Region",
        "ceased": "No longer exists",
        "ceased_note": "What became of it",
    },
    Owner: {"name": "Name", "is_public_sector": "Public sector", "notes": "Notes", "slug": "Address"},
}


def displayed(instance, labels):
    """{label: value in words} of an instance's fields; `labels` maps field names to labels."""
    values = {}
    for name, label in labels.items():
        value = getattr(instance, name)
        field = instance._meta.get_field(name)
        if isinstance(value, bool):
            value = "yes" if value else "no"
        elif field.choices and value:
            value = str(dict(field.flatchoices).get(value, value))
        elif hasattr(value, "_meta"):
            value = str(value)
        values[label] = value
    return values


def period_in_words(period):
    return {"Owner": str(period.owner), "Period": period.period_label, "Source": period.source_url}


def _in_words(instance):
    if isinstance(instance, OwnershipPeriod):
        return period_in_words(instance)
    return displayed(instance, CHANGE_LABELS[type(instance)])


def _saved(instance, subject, summary, before, *, provider_id=None):
    provider_data_saved.send(
        sender=type(instance),
        subject=subject,
        summary=summary,
        before=before,
        after=_in_words(instance),
        provider_id=provider_id,
    )


def provider_slug(short_name):
    """'Staffs & West Midlands CRC' -> 'staffs-west-midlands-crc'."""
    return slugify(short_name.replace("&", " "))


def owner_slug(name):
    return slugify(name.replace("&", " "))


def _upsert(model, lookup, values):
    """Create or update one row found by `lookup`; full_clean() it. Returns (object, action)."""
    with reversion.create_revision():
        instance = model.objects.filter(**lookup).first()
        before = None
        if instance is None:
            instance, action = model(**{**{k: v for k, v in lookup.items() if k != "pk"}, **values}), CREATED
        else:
            if all(getattr(instance, name) == value for name, value in values.items()):
                return instance, UNCHANGED
            before = _in_words(instance)
            for name, value in values.items():
                setattr(instance, name, value)
            action = UPDATED
        instance.full_clean()
        instance.save()
        _saved(
            instance,
            model._meta.verbose_name,
            str(instance),
            before,
            provider_id=instance.pk if model is Provider else None,
        )
        return instance, action


def create_or_update_provider(
    *, short_name, name, provider_type, area="", slug=None, instance=None, region=None, ceased=None, ceased_note=None
) -> tuple[Provider, str]:
    """Find a provider by short name (or slug) and make it hold these values.

    `instance` (a saved provider, e.g. the one an editor is changing) is updated whatever its names.
    `region` (a PDU's region), `ceased` and `ceased_note` are left as they are when None.
    """
    short_name, name, area = clean_text(short_name), clean_text(name), clean_text(area)
    errors = FieldErrors()
    if region is not None and region.provider_type != ProviderType.REGION:
        errors.add("region", f"{region.short_name} is not a Probation Service region.")
    if region is not None and provider_type != ProviderType.PDU:
        errors.add("region", "Only a Probation Delivery Unit belongs to a region.")
    if not short_name:
        errors.add("short_name", "Enter the provider's short name.")
    if not name:
        errors.add("name", "Enter the provider's full name.")
    if provider_type not in ProviderType.values:
        errors.add(
            "provider_type",
            f"'{provider_type}' is not one of {', '.join(ProviderType.values)}.",
        )
    errors.raise_if_any()
    slug = slug or provider_slug(short_name)
    if instance is not None and instance.pk is not None:
        existing = instance
    else:
        existing = Provider.objects.filter(short_name=short_name).first() or Provider.objects.filter(slug=slug).first()
    if existing is not None:
        clash = Provider.objects.filter(name=name).exclude(pk=existing.pk).first()
    else:
        clash = Provider.objects.filter(name=name).first()
    if clash is not None:
        raise ValidationError({"name": [f"Another provider ({clash.short_name}) already has the name '{name}'."]})
    return _upsert(
        Provider,
        {"pk": existing.pk} if existing else {"short_name": short_name},
        {
            "short_name": short_name,
            "name": name,
            "provider_type": provider_type,
            "area": area,
            "slug": slug,
            **({"region": region} if region is not None or provider_type != ProviderType.PDU else {}),
            **({"ceased": bool(ceased)} if ceased is not None else {}),
            **({"ceased_note": clean_text(ceased_note)} if ceased_note is not None else {}),
        },
    )


def create_or_update_owner(*, name, is_public_sector=False, notes="", slug=None, instance=None) -> tuple[Owner, str]:
    """Find an owner by slug (derived from the name unless given) and make it hold these values.

    `instance` (a saved owner) is updated whatever its slug.
    """
    name = clean_text(name)
    if not name:
        raise ValidationError({"name": ["Enter the owner's name."]})
    slug = slug or owner_slug(name)
    if not slug:
        raise ValidationError({"name": [f"'{name}' gives no usable web address (slug)."]})
    clash = Owner.objects.filter(name=name).exclude(slug=slug)
    if instance is not None and instance.pk is not None:
        clash = Owner.objects.filter(name=name).exclude(pk=instance.pk)
    clash = clash.first()
    if clash is not None:
        raise ValidationError({"name": [f"Another owner ({clash.slug}) already has the name '{name}'."]})
    values = {"name": name, "is_public_sector": is_public_sector, "notes": clean_text(notes)}
    if instance is not None and instance.pk is not None:
        return _upsert(Owner, {"pk": instance.pk}, {**values, "slug": slug})
    return _upsert(Owner, {"slug": slug}, values)


def ownership_period_values(started, started_precision, ended, ended_precision, source_url):
    """An ownership period's stored values: a date not recorded keeps the default precision."""
    return {
        "started_on": started,
        "started_on_precision": started_precision if started else DatePrecision.DAY,
        "ended_on": ended,
        "ended_on_precision": ended_precision if ended else DatePrecision.DAY,
        "source_url": source_url,
    }


def create_or_update_ownership_period(
    *,
    provider,
    owner,
    started_on=None,
    started_on_precision=DatePrecision.DAY,
    ended_on=None,
    ended_on_precision=DatePrecision.DAY,
    source_url="",
    instance=None,
) -> tuple[OwnershipPeriod, str]:
    """A provider's period under one owner, found by (provider, owner, start); blank ends are 'not recorded'.

    Dates take a date (with precision) or 'YYYY[-MM[-DD]]' text.
    """
    errors = FieldErrors()
    if provider is None or provider.pk is None:
        errors.add("provider", "Choose a saved provider.")
    if owner is None or owner.pk is None:
        errors.add("owner", "Choose a saved owner.")
    started, started_precision, message = partial_date_input(started_on, started_on_precision)
    if message:
        errors.add("started_on", message)
    ended, ended_precision, message = partial_date_input(ended_on, ended_on_precision)
    if message:
        errors.add("ended_on", message)
    if started and ended and ended < started:
        errors.add("ended_on", "A period cannot end before it starts.")
    source_url = clean_text(source_url)
    if source_url and (message := url_error(source_url)):
        errors.add("source_url", message)
    errors.raise_if_any()
    lookup = {"provider": provider, "owner": owner}
    lookup["started_on" if started else "started_on__isnull"] = started if started else True
    if instance is not None and instance.pk is not None:
        lookup = {"pk": instance.pk}
    with reversion.create_revision():
        instance = OwnershipPeriod.objects.filter(**lookup).first()
        values = ownership_period_values(started, started_precision, ended, ended_precision, source_url)
        if "pk" in lookup:
            values.update(provider=provider, owner=owner)
        before = None
        if instance is None:
            instance, action = OwnershipPeriod(provider=provider, owner=owner, **values), CREATED
        elif all(getattr(instance, name) == value for name, value in values.items()):
            return instance, UNCHANGED
        else:
            before = period_in_words(instance)
            for name, value in values.items():
                setattr(instance, name, value)
            action = UPDATED
        instance.full_clean(validate_unique=False)
        instance.save()
        _saved(instance, "ownership period", f"{provider}: owned by {owner}", before, provider_id=provider.pk)
        return instance, action


def _delete_recorded(instance, subject, *, removed_with=(), provider_id=None, user=None):
    """Keep `instance` (and the rows its deletion takes along) in a revision, announce the removal, delete it.

    The revision is saved before the rows go, because django-reversion keeps versions only of
    rows that still exist; so this must not run inside another revision.
    """
    with transaction.atomic():
        with reversion.create_revision():
            if user is not None:
                reversion.set_user(user)
            reversion.set_comment(f"Deleted the {subject} {instance}.")
            for row, _ in removed_with:
                reversion.add_to_revision(row)
            reversion.add_to_revision(instance)
            provider_data_deleting.send(
                sender=type(instance),
                subject=subject,
                summary=str(instance),
                before=_in_words(instance),
                removed_with=[description for _, description in removed_with],
                provider_id=provider_id,
            )
        instance.delete()


def delete_provider(provider: Provider, *, user=None) -> None:
    """Delete a provider that has no inspections, with its ownership periods, recording the removal."""
    periods = [
        (period, ("ownership period", f"owned by {period.owner}, {period.period_label}"))
        for period in provider.ownership_periods.select_related("owner")
    ]
    _delete_recorded(provider, "provider", removed_with=periods, user=user)


def delete_owner(owner: Owner, *, user=None) -> None:
    """Delete an owner no inspection or ownership period refers to, recording the removal."""
    _delete_recorded(owner, "owner", user=user)


def delete_ownership_period(period: OwnershipPeriod, *, user=None) -> None:
    """Delete one ownership period, recording the removal on its provider's history."""
    _delete_recorded(period, "ownership period", provider_id=period.provider_id, user=user)


# --------------------------------------------------------------------------
# Saving from a form loaded earlier: refused when someone saved in between
# --------------------------------------------------------------------------
# An editor's form carries a signed snapshot of the stored values it was loaded with. Saving it
# compares the snapshot with what is stored, inside the save's transaction and with the row
# locked (on PostgreSQL), so that a save made in between is never silently undone.

SNAPSHOT_FIELD = "stored_snapshot"
NOT_RECORDED = "not recorded"


class _SnapshotSerializer:
    def dumps(self, obj):
        return json.dumps(obj, cls=DjangoJSONEncoder, separators=(",", ":")).encode("latin-1")

    def loads(self, data):
        return json.loads(data.decode("latin-1"))


def plain(values):
    """`values` as JSON gives them back (dates and decimals as text), so a snapshot compares equal."""
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _salt(instance):
    # Bound to one object: a snapshot of another cannot be passed off as this one's.
    return f"edit-snapshot:{instance._meta.label_lower}:{instance.pk}"


def sign_snapshot(instance, values) -> str:
    """A token holding `values` (as `plain` gives them) and the latest revision of `instance`."""
    latest = Version.objects.get_for_object(instance).values_list("pk", flat=True).first() or 0
    return signing.dumps(
        {"version": latest, "values": plain(values)},
        salt=_salt(instance),
        serializer=_SnapshotSerializer,
        compress=True,
    )


def read_snapshot(instance, token):
    """{"version", "values"} of a token made by `sign_snapshot` for `instance`, or None if it is not one."""
    try:
        snapshot = signing.loads(token or "", salt=_salt(instance), serializer=_SnapshotSerializer)
    except signing.BadSignature:
        return None
    return snapshot if isinstance(snapshot, dict) and {"version", "values"} <= snapshot.keys() else None


def _when(moment):
    moment = timezone.localtime(moment)
    if moment.date() == timezone.localdate():
        return f"at {moment:%H:%M}"
    return f"on {moment.day} {moment:%B %Y} at {moment:%H:%M}"


def saved_since(instance, version_id) -> str:
    """'saved by jo at 10:02' for each revision of `instance` after `version_id`, oldest first; '' if none."""
    versions = (
        Version.objects.get_for_object(instance)
        .filter(pk__gt=version_id or 0)
        .select_related("revision__user")
        .order_by("pk")
    )
    saves = []
    for version in versions:
        user = version.revision.user
        who = f"by {user.get_full_name() or user.get_username()} " if user else ""
        saves.append(f"{who}{_when(version.revision.date_created)}")
    return f"saved {' and '.join(saves)}" if saves else ""


def loaded_and_now(label, loaded, now):
    """One line of an EditConflict: what the form was loaded with, and what is stored now."""
    return f"{label}: you loaded {loaded}; now {now}"


class EditConflict(Exception):
    """What is stored is no longer what the editor's form was loaded with: the save is refused.

    `changes`: a line per value that differs (`loaded_and_now`), empty when the form carried no
    readable snapshot; `saved`: who saved in between and when, where the revisions say;
    `snapshot`: a fresh token of what is stored now, for the form to carry so that saving again,
    after looking, goes through (None when the object no longer exists).
    """

    def __init__(self, subject, *, changes=(), saved="", snapshot=None):
        self.subject, self.changes, self.saved, self.snapshot = subject, list(changes), saved, snapshot
        super().__init__(self.headline)

    @property
    def removed(self):
        return self.snapshot is None

    @property
    def headline(self):
        if self.removed:
            return f"Nothing was saved: this {self.subject} was removed after you opened the form."
        if not self.changes:
            return (
                f"Nothing was saved: the form does not show which stored values of this {self.subject} it was "
                "opened with, so a save made since cannot be ruled out. Compare the values below with what is "
                "stored, then save again."
            )
        return f"Nothing was saved: this {self.subject} was saved again after you opened the form. Stored now:"

    @property
    def lines(self):
        return [f"{line} ({self.saved})" if self.saved else line for line in self.changes]

    @property
    def advice(self):
        if self.removed or not self.changes:
            return ""
        return (
            "The form below keeps your values. Saving again stores them over the values above: "
            "enter any of those you want to keep first."
        )

    @property
    def messages(self):
        return [text for text in (self.headline, *self.lines, self.advice) if text]


def _field_values(instance, field_names):
    return plain({name: instance._meta.get_field(name).value_from_object(instance) for name in field_names})


def _value_in_words(field, value):
    if value is None or value == "":
        return NOT_RECORDED
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"a {field.related_model._meta.verbose_name} since removed"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def edit_snapshot(instance, field_names) -> str:
    """A token of the stored values of `field_names` (the fields a form edits), for the form to carry."""
    return sign_snapshot(instance, _field_values(instance, field_names))


def lock_unchanged_since_loaded(instance, token, field_names):
    """Lock the stored row of `instance` and raise EditConflict unless its `field_names` still hold the
    values of `token` (from `edit_snapshot`). Call inside the save's transaction, before writing."""
    model = type(instance)
    subject = model._meta.verbose_name
    current = model._default_manager.select_for_update().filter(pk=instance.pk).first()
    if current is None:
        raise EditConflict(subject)
    now = _field_values(current, field_names)
    loaded = read_snapshot(current, token)
    if loaded is not None and loaded["values"] == now:
        return current
    fresh = sign_snapshot(current, now)
    if loaded is None or set(loaded["values"]) != set(now):
        raise EditConflict(subject, snapshot=fresh)
    labels = CHANGE_LABELS.get(model, {})
    changes = []
    for name in field_names:
        if loaded["values"][name] != now[name]:
            field = model._meta.get_field(name)
            changes.append(
                loaded_and_now(
                    labels.get(name) or capfirst(field.verbose_name),
                    _value_in_words(field, loaded["values"][name]),
                    _value_in_words(field, now[name]),
                )
            )
    raise EditConflict(subject, changes=changes, saved=saved_since(current, loaded["version"]), snapshot=fresh)


def register_versioned_models():
    """Put providers, owners and ownership periods under django-reversion (from the app's ready())."""
    for model in (Owner, Provider, OwnershipPeriod):
        if not reversion.is_registered(model):
            reversion.register(model)


def end_crc_era(apps=None):
    """Close what reunification ended: CRCs and NPS divisions cease on 26 June 2021, and so does each
    one's open ownership period (the CRCs' contracts ended that day). Returns how many rows changed;
    a second call changes none. `apps`: a migration's historical registry."""
    from .eras import REUNIFIED_ON, Era

    provider_model = apps.get_model("providers", "Provider") if apps else Provider
    period_model = apps.get_model("providers", "OwnershipPeriod") if apps else OwnershipPeriod
    crc_era_types = Era.CRC_NPS.provider_types
    with transaction.atomic():
        changed = period_model.objects.filter(provider__provider_type__in=crc_era_types, ended_on__isnull=True).update(
            ended_on=REUNIFIED_ON, ended_on_precision=DatePrecision.DAY
        )
        changed += provider_model.objects.filter(provider_type__in=crc_era_types, ceased=False).update(
            ceased=True,
            ceased_on=REUNIFIED_ON,
            ceased_on_precision=DatePrecision.DAY,
            ceased_note="Probation was reunified on 26 June 2021: the CRCs' contracts ended and the National "
            "Probation Service's divisions became the regions of one Probation Service.",
        )
    return changed


def new_unit_names(unit_name):
    """(short name, full name) of a Probation Delivery Unit named `unit_name` ('Derbyshire', or 'Derbyshire PDU')
    as the stored units are named: 'Derbyshire PDU', 'Derbyshire Probation Delivery Unit'."""
    unit_name = clean_text(unit_name)
    for ending in (" Probation Delivery Unit", " PDU"):
        if unit_name.lower().endswith(ending.lower()):
            unit_name = unit_name[: -len(ending)].strip()
    return f"{unit_name} PDU", f"{unit_name} Probation Delivery Unit"


def new_unit_error(unit_name):
    """Why a new PDU named `unit_name` cannot be stored (a unit of that name exists), or None."""
    short_name, name = new_unit_names(unit_name)
    existing = Provider.objects.filter(
        Q(short_name__iexact=short_name) | Q(name__iexact=name) | Q(slug=provider_slug(short_name))
    ).first()
    if existing is not None:
        return f"{existing.short_name} is stored already: choose it from the list."
    return None


def create_unit_of_region(*, unit_name, region) -> Provider:
    """Store a new Probation Delivery Unit of `region` (the caller's transaction holds it with whatever
    is stored about it), or raise ValidationError under "new_unit_name" / "new_unit_region"."""
    errors = FieldErrors()
    if not clean_text(unit_name):
        errors.add("new_unit_name", "Enter the new unit's name.")
    elif message := new_unit_error(unit_name):
        errors.add("new_unit_name", message)
    if region is None or region.provider_type != ProviderType.REGION:
        errors.add("new_unit_region", "Choose the Probation Service region the new unit belongs to.")
    errors.raise_if_any()
    short_name, name = new_unit_names(unit_name)
    unit, _ = create_or_update_provider(short_name=short_name, name=name, provider_type=ProviderType.PDU, region=region)
    return unit
