"""
The write path for providers, owners and ownership periods.

The admin and the CSV importer write through these functions, so every rule
lives here once. Each validates its whole input before writing and raises
`django.core.exceptions.ValidationError` whose `message_dict` maps a field to
its messages. Each write runs in one transaction, inside a django-reversion
revision that keeps a copy of every row written, and announces what changed,
in words, through `providers.signals` for the public list of changes.
"""

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

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
        values = {
            "started_on": started,
            "started_on_precision": started_precision if started else DatePrecision.DAY,
            "ended_on": ended,
            "ended_on_precision": ended_precision if ended else DatePrecision.DAY,
            "source_url": source_url,
        }
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
