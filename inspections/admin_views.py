"""
The editors' views under the Inspection admin: enter or correct an inspection,
import one from a report's text or PDF, import CSV files, and the worklist of
what the stored inspections still lack.

Each view is thin: forms in `inspections.forms`, rules and writes in
`inspections.services`, reading in `inspections.importers`. Every save runs in
a django-reversion revision that records the editor and what they did.
"""

from __future__ import annotations

import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from providers.models import Provider
from providers.services import EditConflict

from . import league_tallies
from .forms import (
    ChooseForm,
    CsvImportForm,
    InspectionEntry,
    Layout,
    ReportImportForm,
    initial_from_input,
    initial_from_reading,
    with_spare_rows,
)
from .importers import csv_import
from .importers.report_text import match_provider, month_date, parse_report
from .models import CaseSample, Framework, Inspection, KeyQuestion, KeyQuestionResult, Standard, StandardRating
from .services import previews
from .services.frameworks import framework_for
from .services.inputs import inspection_input
from .services.inspections import create_inspection, replace_inspection
from .services.validation import validate_inspection
from .uploads import refused_upload

CHECK, SAVE = "check", "save"
CSV_SESSION_KEY = "inspections-csv-import"


def _context(model_admin, request, title, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "has_view_permission": model_admin.has_view_permission(request),
        **extra,
    }


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
    context = _context(model_admin, request, title, form=form, add=True)
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
    context = _context(
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


def import_report_view(model_admin, request):
    """Paste or upload a report; get the entry form pre-filled to review, with what could not be read."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    title = "Import an inspection from its report"
    # Bound on every POST: one whose body was refused has no form data, and its form shows why.
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ReportImportForm(data, files, upload_refused=refused_upload(request))
    if request.method == "POST" and form.is_valid():
        reading = parse_report(form.cleaned_data["report_text"])
        provider = match_provider(reading.provider_name, Provider.objects.all(), reading.provider_type)
        provider_type = provider.provider_type if provider else reading.provider_type
        if provider_type is None:
            provider_type = "nps" if any(code.startswith("3.") for code in reading.ratings) else "crc"
        published = month_date(reading.published_month) if reading.published_month else None
        framework = framework_for(provider_type, published)
        if framework is None:
            form.add_error(None, "No framework rates this kind of provider yet.")
        else:
            layout = Layout(framework)
            initial, rows, not_read = initial_from_reading(reading, layout, provider)
            entry = InspectionEntry(layout, initial=initial, rows=rows)
            return _render_entry(model_admin, request, "Review the imported inspection", entry, not_read=not_read)
    context = _context(model_admin, request, title, form=form, add=True)
    status = (413 if form.upload_refused else 400) if request.method == "POST" else 200
    return TemplateResponse(request, "admin/inspections/inspection/import_report.html", context, status=status)


def import_csv_view(model_admin, request):
    """The CSV importer for uploaded files: a dry run first, then the import itself."""
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    title = "Import inspections from CSV files"
    report = None
    stored = request.session.get(CSV_SESSION_KEY)
    form = CsvImportForm(initial={"round": csv_import.DEFAULT_ROUND})
    status = 200
    refused = refused_upload(request)
    if request.method == "POST" and "confirm" in request.POST and not refused:
        if not stored or request.POST.get("confirm") != stored.get("token"):
            messages.error(request, "Those files are no longer held; choose them again.")
            return HttpResponseRedirect(reverse("admin:inspections_inspection_import_csv"))
        report = _run_csv(request, stored, dry_run=False)
        if report.ok:
            del request.session[CSV_SESSION_KEY]
            messages.success(request, "Import complete. The public pages show it now.")
        else:
            status = 400
    elif request.method == "POST":
        form = CsvImportForm(request.POST, request.FILES, upload_refused=refused)
        if form.is_valid():
            files = []
            for upload in form.cleaned_data["files"]:
                try:
                    files.append((upload.name, upload.read().decode("utf-8-sig")))
                except UnicodeDecodeError:
                    form.add_error("files", f"{upload.name} is not UTF-8 text.")
            if not form.errors:
                stored = {
                    "token": secrets.token_urlsafe(16),
                    "files": files,
                    "round": form.cleaned_data["round"].slug,
                    "inspection": form.cleaned_data["inspection"],
                }
                report = _run_csv(request, stored, dry_run=True)
                if report.ok:
                    request.session[CSV_SESSION_KEY] = stored
                else:
                    request.session.pop(CSV_SESSION_KEY, None)
                    status = 400
        if form.errors:
            status = 413 if form.upload_refused else 400
    context = _context(
        model_admin,
        request,
        title,
        form=form,
        report=report,
        errors_shown=report.errors[: csv_import.MAX_ERRORS_REPORTED] if report else [],
        errors_not_shown=max(0, len(report.errors) - csv_import.MAX_ERRORS_REPORTED) if report else 0,
        token=stored.get("token") if (stored and report and report.ok and report.dry_run) else None,
        add=True,
    )
    return TemplateResponse(request, "admin/inspections/inspection/import_csv.html", context, status=status)


def _run_csv(request, stored, *, dry_run):
    # Bytes, never a string: the importer would take a one-line string for a path to read.
    files = [(name, text.encode("utf-8")) for name, text in stored["files"]]
    options = {"inspection": stored.get("inspection") or None, "round_slug": stored["round"]}
    if dry_run:
        # It only reads, outside any transaction: an editor saving meanwhile waits for nothing.
        return csv_import.import_files(files, dry_run=True, **options)
    # The confirm checks the files again against the data as it stands now; the tallies are rewritten once, last.
    with transaction.atomic(), league_tallies.refreshed_once():
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment("CSV import: " + ", ".join(name for name, _ in files))
            report = csv_import.import_files(files, **options)
        if not report.written:  # a refused import leaves no revision and no change record
            transaction.set_rollback(True)
    return report


@dataclass
class WorklistRow:
    """What one stored inspection lacks, by the codes of its framework (or names, where it numbers none)."""

    inspection: Inspection
    url: str
    standards_missing: list = field(default_factory=list)
    standard_count: int = 0
    key_questions_missing: list = field(default_factory=list)
    key_question_count: int = 0
    case_samples: int = 0
    overall_not_recorded: bool = False

    @property
    def date_not_recorded(self):
        return self.inspection.published_on is None

    @property
    def has_gaps(self):
        return bool(
            self.standards_missing
            or self.key_questions_missing
            or not self.case_samples
            or self.overall_not_recorded
            or self.date_not_recorded
        )


def worklist_rows():
    """Every inspection that lacks something, in six queries whatever the number of inspections."""
    inspections = list(
        Inspection.objects.select_related("provider", "framework").order_by(
            "provider__short_name", "published_on", "id"
        )
    )
    framework_ids = {inspection.framework_id for inspection in inspections}
    standards, key_questions = defaultdict(list), defaultdict(list)
    for framework_id, standard_id, code, name in (
        Standard.objects.filter(framework_id__in=framework_ids)
        .order_by("position")
        .values_list("framework_id", "id", "code", "name")
    ):
        standards[framework_id].append((standard_id, code or name))
    for framework_id, question_id, code in (
        KeyQuestion.objects.filter(standard__framework_id__in=framework_ids)
        .order_by("standard__position", "position")
        .values_list("standard__framework_id", "id", "code")
    ):
        key_questions[framework_id].append((question_id, code))
    rated, answered = defaultdict(set), defaultdict(set)
    for inspection_id, standard_id in StandardRating.objects.values_list("inspection_id", "standard_id"):
        rated[inspection_id].add(standard_id)
    for inspection_id, question_id in KeyQuestionResult.objects.values_list("inspection_id", "key_question_id"):
        answered[inspection_id].add(question_id)
    samples = Counter(
        dict(
            CaseSample.objects.order_by()
            .values("inspection_id")
            .annotate(n=Count("id"))
            .values_list("inspection_id", "n")
        )
    )
    rows = []
    for inspection in inspections:
        framework_standards = standards[inspection.framework_id]
        framework_questions = key_questions[inspection.framework_id]
        row = WorklistRow(
            inspection=inspection,
            url=reverse("admin:inspections_inspection_change", args=[quote(inspection.pk)]),
            standards_missing=[code for pk, code in framework_standards if pk not in rated[inspection.pk]],
            standard_count=len(framework_standards),
            key_questions_missing=[code for pk, code in framework_questions if pk not in answered[inspection.pk]],
            key_question_count=len(framework_questions),
            case_samples=samples[inspection.pk],
            overall_not_recorded=not inspection.overall_rating,
        )
        if row.has_gaps:
            rows.append(row)
    return rows, len(inspections)


def worklist_view(model_admin, request):
    """Per inspection, what is not recorded yet, each linked to the inspection's entry form."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    rows, total = worklist_rows()
    context = _context(model_admin, request, "Worklist: what the inspections still lack", rows=rows, total=total)
    return TemplateResponse(request, "admin/inspections/inspection/worklist.html", context)
