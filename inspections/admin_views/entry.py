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
from django.utils.html import format_html

from providers.services import EditConflict, create_unit_of_region

from ..forms import ChooseForm, InspectionEntry, Layout, initial_from_input, with_spare_rows
from ..forms.carried import READING_FIELD, read_reading, sign_reading
from ..models import Framework, Inspection
from ..services import previews
from ..services.inputs import inspection_input
from ..services.inspections import create_inspection, replace_inspection, unsourced_change_error
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
    framework = entry.layout.framework
    return {
        "preview": preview,
        "has_scoring_rule": framework.has_scoring_rule,
        "has_key_questions": entry.layout.has_key_questions,
        "max_score": framework.rating_scale(standard_count=len(entry.layout.rows)).max_score,
        "differences": [(difference, names.get(difference.code, "")) for difference in preview.differences],
        "overall_differs": bool(overall and preview.band and overall != preview.band),
        "overall": overall,
    }


def _missing_from(request):
    """The field names a worklist link marks as missing (`?missing=published_on,rating_leadership`)."""
    return {name.strip() for name in request.GET.get("missing", "").split(",")[:100] if name.strip()}


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
        return render_entry(model_admin, request, title, entry, inspection=inspection)

    entry = InspectionEntry(layout, data=with_spare_rows(request.POST), inspection=inspection)
    reading = read_reading(request.POST.get(READING_FIELD))
    action = SAVE if SAVE in request.POST else CHECK
    preview = checked = conflict = None
    if entry.is_valid():
        data = entry.to_input()
        preview = previews.preview(data)
        fingerprint = entry.fingerprint()
        try:
            if action == SAVE and request.POST.get("checked") == fingerprint:
                saved = _save(request, model_admin, inspection, entry, data)
                return _after_save(model_admin, request, saved, adding)
            clean = validate_inspection(data, instance=inspection)
            if inspection is not None and (message := unsourced_change_error(inspection, clean)):
                raise ValidationError({"change_source": [message]})
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
    return render_entry(
        model_admin,
        request,
        title,
        entry,
        inspection=inspection,
        preview=preview,
        checked=checked,
        conflict=conflict,
        reading=reading,
        status=status,
    )


def _save(request, model_admin, inspection, entry, data):
    """Store the checked values in one transaction: a new unit named on the form, then the inspection."""
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(request.user)
        if inspection is None:
            if (new_unit := entry.form.new_unit()) is not None:
                data.provider = create_unit_of_region(unit_name=new_unit[0], region=new_unit[1])
            saved = create_inspection(data)
            reversion.set_comment("Added in the admin.")
            model_admin.log_addition(request, saved, [{"added": {}}])
        else:
            clean = validate_inspection(data, instance=inspection)
            if message := unsourced_change_error(inspection, clean):
                raise ValidationError({"change_source": [message]})
            saved = replace_inspection(inspection, data, snapshot=entry.snapshot)
            reversion.set_comment("Corrected in the admin.")
            model_admin.log_change(request, saved, [{"changed": {"fields": ["values from the entry form"]}}])
    return saved


def _after_save(model_admin, request, inspection, adding):
    verb = "added" if adding else "saved"
    messages.success(
        request,
        format_html(
            '{} {}. The public pages show it now. <a href="{}">See {}\'s page</a>.',
            inspection,
            verb,
            inspection.provider.get_absolute_url(),
            inspection.provider,
        ),
    )
    return HttpResponseRedirect(reverse("admin:inspections_inspection_changelist"))


def _choose_step(model_admin, request, title):
    asked = "provider" in request.GET or "unit_name" in request.GET
    form = ChooseForm(request.GET if asked else None)
    if form.is_bound and form.is_valid():
        provider, framework = form.cleaned_data["provider"], form.cleaned_data["framework"]
        if request.GET.get("framework") == str(framework.pk) and request.GET.get("provider") == str(provider.pk):
            layout = Layout(framework)
            entry = InspectionEntry(layout, initial={"framework": framework.pk, "provider": provider.pk})
            return render_entry(model_admin, request, title, entry)
        url = reverse("admin:inspections_inspection_add")
        return HttpResponseRedirect(f"{url}?provider={provider.pk}&framework={framework.pk}")
    context = admin_context(model_admin, request, title, form=form, add=True)
    return TemplateResponse(request, "admin/inspections/inspection/choose.html", context)


def render_entry(
    model_admin,
    request,
    title,
    entry,
    *,
    inspection=None,
    preview=None,
    checked=None,
    not_read=None,
    reading=None,
    conflict=None,
    status=200,
):
    """The entry page of `entry`; `reading` (see `forms.carried`) shows each value's sentence beside its field and
    what could not be read above them, and is carried through every Check."""
    form_url = (
        reverse("admin:inspections_inspection_add")
        if inspection is None
        else reverse("admin:inspections_inspection_change", args=[quote(inspection.pk)])
    )
    signed_reading = sign_reading(reading) if reading else ""
    if reading:
        entry.evidence = dict(reading.get("evidence") or {})
    entry.missing = _missing_from(request)
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
        reading=reading,
        signed_reading=signed_reading,
        reading_field=READING_FIELD,
        import_url=reverse("admin:inspections_inspection_import_report"),
        duplicates=[
            (existing, reverse("admin:inspections_inspection_change", args=[quote(existing.pk)]))
            for existing in entry.duplicates
        ],
    )
    return TemplateResponse(request, "admin/inspections/inspection/entry.html", context, status=status)


# The report import's name for it.
_render_entry = render_entry
