"""
Admin for owners, providers and ownership periods; saves go through `providers.services`,
inside a django-reversion revision that records the editor. A change form carries a snapshot
of the stored values it was opened with, and saving it is refused, with what changed, when
someone saved the same row in between.
"""

import reversion
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.response import TemplateResponse

from .models import (
    Owner,
    OwnershipPeriod,
    Provider,
    ProviderAlias,
    ProviderPoliceForceArea,
    Succession,
    UnitCouncil,
)
from .services import (
    SNAPSHOT_FIELD,
    EditConflict,
    create_or_update_owner,
    create_or_update_ownership_period,
    create_or_update_provider,
    delete_owner,
    delete_ownership_period,
    delete_provider,
    edit_snapshot,
    lock_unchanged_since_loaded,
)


class _Rollback(Exception):
    pass


class SnapshotForm(forms.ModelForm):
    stored_snapshot = forms.CharField(required=False, widget=forms.HiddenInput)


class ThroughServices(admin.ModelAdmin):
    """Validate and save through the services: a form is valid only if the service accepts its values,
    and a change only if no one saved the row since the form was opened."""

    form = SnapshotForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def write(self, data, instance):
        raise NotImplementedError

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if SNAPSHOT_FIELD in fields else [*fields, SNAPSHOT_FIELD]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class ServiceCheckedForm(form_class):
            edit_conflict = None

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if self.instance.pk is not None and not self.is_bound:
                    self.initial[SNAPSHOT_FIELD] = edit_snapshot(self.instance, self.edited_fields())

            def edited_fields(self):
                model_fields = {field.name for field in self.instance._meta.get_fields()}
                return [name for name in self.fields if name != SNAPSHOT_FIELD and name in model_fields]

            def clean(self):
                cleaned = super().clean()
                if self.errors:
                    return cleaned
                if self.instance.pk is not None:
                    # Inside the admin's transaction: the row stays locked until this save commits.
                    try:
                        lock_unchanged_since_loaded(self.instance, cleaned.get(SNAPSHOT_FIELD), self.edited_fields())
                    except EditConflict as conflict:
                        self.edit_conflict = conflict
                        self.add_error(None, conflict.messages)
                        if conflict.snapshot:
                            self.data = self.data.copy()
                            self.data[SNAPSHOT_FIELD] = conflict.snapshot
                        return cleaned
                try:
                    with transaction.atomic():  # a trial write, always rolled back
                        model_admin.write(cleaned, self.instance if self.instance.pk else None)
                        raise _Rollback
                except _Rollback:
                    pass
                except ValidationError as error:
                    for key, messages in error.message_dict.items():
                        for message in messages:
                            self.add_error(key if key in self.fields else None, message)
                return cleaned

        return ServiceCheckedForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if isinstance(response, TemplateResponse) and response.context_data:
            admin_form = response.context_data.get("adminform")
            if admin_form is not None and getattr(admin_form.form, "edit_conflict", None):
                response.status_code = 409
        return response

    def save_model(self, request, obj, form, change):
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment("Saved in the admin.")
            saved, _ = self.write(form.cleaned_data, obj if change else None)
        obj.pk = saved.pk
        obj._state.adding = False

    def remove(self, instance, user):
        raise NotImplementedError

    # Deletions go through the services too, so each is recorded with its revision and change record.
    def delete_model(self, request, obj):
        self.remove(obj, request.user)

    def delete_queryset(self, request, queryset):
        for instance in queryset:
            self.delete_model(request, instance)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class ReadOnlyInline(admin.TabularInline):
    """Shown beside a provider for reference; these rows are written by their own admin or by the importers."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OwnershipPeriodInline(ReadOnlyInline):
    model = OwnershipPeriod
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["owner", "started_on", "started_on_precision", "ended_on", "ended_on_precision", "source_url"]


class ProviderAliasInline(ReadOnlyInline):
    model = ProviderAlias
    fields = ["name"]
    verbose_name = "other name used for this unit"
    verbose_name_plural = "other names used for this unit (matched by the Probation Service import)"


class PredecessorInline(ReadOnlyInline):
    model = Succession
    fk_name = "successor"
    fields = ["predecessor", "basis", "note"]
    verbose_name = "provider before it"
    verbose_name_plural = "providers before it (whose areas it took over)"


class SuccessorInline(ReadOnlyInline):
    model = Succession
    fk_name = "predecessor"
    fields = ["successor", "basis", "note"]
    verbose_name = "provider after it"
    verbose_name_plural = "providers after it (which took over its area)"


class CouncilLinkInline(ReadOnlyInline):
    model = UnitCouncil
    fields = ["council", "basis"]
    verbose_name = "council it covers"
    verbose_name_plural = "councils it covers (from units.csv)"


class PoliceForceAreaLinkInline(ReadOnlyInline):
    model = ProviderPoliceForceArea
    fields = ["police_force_area", "basis"]
    verbose_name = "police force area it covers"
    verbose_name_plural = "police force areas it covers (from units.csv and provider_areas.csv)"


@admin.register(Provider)
class ProviderAdmin(ThroughServices):
    list_display = ["short_name", "name", "provider_type", "area"]
    list_filter = ["provider_type"]
    search_fields = ["short_name", "name", "aliases__name"]
    fields = ["short_name", "name", "slug", "provider_type", "area", "region", "ceased", "ceased_note"]
    inlines = [
        OwnershipPeriodInline,
        ProviderAliasInline,
        PredecessorInline,
        SuccessorInline,
        CouncilLinkInline,
        PoliceForceAreaLinkInline,
    ]

    def write(self, data, instance):
        return create_or_update_provider(
            short_name=data["short_name"],
            name=data["name"],
            provider_type=data["provider_type"],
            area=data.get("area", ""),
            slug=data.get("slug") or None,
            instance=instance,
            region=data.get("region"),
            ceased=data.get("ceased", False),
            ceased_note=data.get("ceased_note", ""),
        )

    def remove(self, instance, user):
        delete_provider(instance, user=user)


@admin.register(Owner)
class OwnerAdmin(ThroughServices):
    list_display = ["name", "is_public_sector"]
    search_fields = ["name"]

    def write(self, data, instance):
        return create_or_update_owner(
            name=data["name"],
            is_public_sector=data["is_public_sector"],
            notes=data.get("notes", ""),
            slug=data.get("slug") or None,
            instance=instance,
        )

    def remove(self, instance, user):
        delete_owner(instance, user=user)


@admin.register(OwnershipPeriod)
class OwnershipPeriodAdmin(ThroughServices):
    list_display = ["provider", "owner", "period_label"]
    list_filter = ["owner"]
    list_select_related = ["provider", "owner"]

    def write(self, data, instance):
        return create_or_update_ownership_period(
            provider=data["provider"],
            owner=data["owner"],
            started_on=data.get("started_on"),
            started_on_precision=data.get("started_on_precision"),
            ended_on=data.get("ended_on"),
            ended_on_precision=data.get("ended_on_precision"),
            source_url=data.get("source_url", ""),
            instance=instance,
        )

    def remove(self, instance, user):
        delete_ownership_period(instance, user=user)
