"""Add or correct one inspection: the framework's form, Check (a preview of score, band and warnings), Save."""

from __future__ import annotations

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from providers.services import EditConflict

from ..forms import ChooseForm, InspectionEntry, Layout, initial_from_input, with_spare_rows
from ..models import Framework, Inspection
from ..services import previews
from ..services.inputs import inspection_input
from ..services.inspections import create_inspection, replace_inspection
from ..services.validation import validate_inspection
from .common import admin_context

CHECK, SAVE = "check", "save"


def _framework_from(request, inspection):
    """The framework to lay the form out for: the posted or asked one, else the inspection's."""
    value = request.POST.get("framework") or request.GET.get("framework")
    if value:
        try:
            return Framework.objects.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            return None
    return inspection.framework if inspection is not None else None


def _preview_context(entry, preview):
    """The score, the band and the warnings the editor sees before saving."""
    if preview is None:
        return None
    overall = entry.form.cleaned_data.get("overall_rating") if hasattr(entry.form, "cleaned_data") else ""
    names = {row.standard.code: row.standard.name for row in entry.layout.rows}
    return {
        "preview": preview,
        "max_score": entry.layout.framework.rating_scale(standard_count=len(entry.layout.rows)).max_score,
        "differences": [(difference, names.get(difference.code, "")) for difference in preview.differences],
        "overall_differs": bool(overall and preview.band and overall != preview.band),
        "overall": overall,
    }


def entry_view(model_admin, request, inspection: Inspection | None = None):
    """Add (inspection None) or correct an inspection: Check shows the preview, Save stores it."""
    adding = inspection is None
    if adding and not model_admin.has_add_permission(request):
        raise PermissionDenied
    if not adding and not model_admin.has_change_permission(request, inspection):
        raise PermissionDenied
    title = "Add an inspection" if adding else f"Correct {inspection}"
    if adding and request.method != "POST" and ("provider" in request.GET or "framework" not in request.GET):
        return _choose_step(model_admin, request, title)
    framework = _framework_from(request, inspection)
    if framework is None:
        return _choose_step(model_admin, request, title)
    layout = Layout(framework)

    if request.method != "POST":
        if inspection is not None:
            initial, rows = initial_from_input(inspection_input(inspection), layout)
        else:
            initial, rows = {"framework": framework.pk, "provider": request.GET.get("provider") or None}, {}
        entry = InspectionEntry(layout, initial=initial, rows=rows, inspection=inspection)
        return _render_entry(model_admin, request, title, entry, inspection=inspection)

    entry = InspectionEntry(layout, data=with_spare_rows(request.POST), inspection=inspection)
    action = SAVE if SAVE in request.POST else CHECK
    preview = checked = conflict = None
    if entry.is_valid():
        data = entry.to_input()
        preview = previews.preview(data)
        fingerprint = entry.fingerprint()
        try:
            if action == SAVE and request.POST.get("checked") == fingerprint:
                saved = _save(request, model_admin, inspection, data, entry.snapshot)
                return _after_save(model_admin, request, saved, adding)
            validate_inspection(data, instance=inspection)
            checked = fingerprint
            if action == SAVE:
                messages.warning(request, "Values changed since the last check: check the preview below, then save.")
        except ValidationError as error:
            entry.add_service_errors(error)
        except EditConflict as refused:
            # The editor's values stay in the form; the fresh snapshot lets a second save, after looking, go through.
            conflict = refused
            if refused.snapshot:
                entry.carry_snapshot(refused.snapshot)
                checked = fingerprint
    status = 409 if conflict else 400 if entry.has_errors else 200
    return _render_entry(
        model_admin,
        request,
        title,
        entry,
        inspection=inspection,
        preview=preview,
        checked=checked,
        conflict=conflict,
        status=status,
    )


def _save(request, model_admin, inspection, data, snapshot):
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(request.user)
        if inspection is None:
            saved = create_inspection(data)
            reversion.set_comment("Added in the admin.")
            model_admin.log_addition(request, saved, [{"added": {}}])
        else:
            saved = replace_inspection(inspection, data, snapshot=snapshot)
            reversion.set_comment("Corrected in the admin.")
            model_admin.log_change(request, saved, [{"changed": {"fields": ["values from the entry form"]}}])
    return saved


def _after_save(model_admin, request, inspection, adding):
    verb = "added" if adding else "saved"
    messages.success(request, f"{inspection} {verb}. The public pages show it now.")
    return HttpResponseRedirect(reverse("admin:inspections_inspection_changelist"))


def _choose_step(model_admin, request, title):
    form = ChooseForm(request.GET if "provider" in request.GET else None)
    if form.is_bound and form.is_valid():
        provider, framework = form.cleaned_data["provider"], form.cleaned_data["framework"]
        if request.GET.get("framework") == str(framework.pk) and request.method != "POST":
            layout = Layout(framework)
            entry = InspectionEntry(layout, initial={"framework": framework.pk, "provider": provider.pk})
            return _render_entry(model_admin, request, title, entry)
        url = reverse("admin:inspections_inspection_add")
        return HttpResponseRedirect(f"{url}?provider={provider.pk}&framework={framework.pk}")
    context = admin_context(model_admin, request, title, form=form, add=True)
    return TemplateResponse(request, "admin/inspections/inspection/choose.html", context)


def _render_entry(
    model_admin,
    request,
    title,
    entry,
    *,
    inspection=None,
    preview=None,
    checked=None,
    not_read=None,
    conflict=None,
    status=200,
):
    form_url = (
        reverse("admin:inspections_inspection_add")
        if inspection is None
        else reverse("admin:inspections_inspection_change", args=[quote(inspection.pk)])
    )
    context = admin_context(
        model_admin,
        request,
        title,
        entry=entry,
        layout=entry.layout,
        original=inspection,
        add=inspection is None,
        form_url=form_url,
        checked=checked,
        conflict=conflict,
        check=_preview_context(entry, preview),
        error_summary=entry.error_summary() if entry.bound else [],
        not_read=not_read,
        import_url=reverse("admin:inspections_inspection_import_report"),
        duplicates=[
            (existing, reverse("admin:inspections_inspection_change", args=[quote(existing.pk)]))
            for existing in entry.duplicates
        ],
    )
    return TemplateResponse(request, "admin/inspections/inspection/entry.html", context, status=status)
