"""Import inspections from uploaded CSV files: a dry run first, then the import itself, all or nothing; and
the template of each kind of file, its header row."""

import secrets

import reversion
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .. import league_tallies
from ..forms import CsvImportForm
from ..importers import csv_import, csv_templates
from ..uploads import refused_upload
from .common import admin_context

CSV_SESSION_KEY = "inspections-csv-import"


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
                    "round": getattr(form.cleaned_data["round"], "slug", csv_import.DEFAULT_ROUND),
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
    context = admin_context(
        model_admin,
        request,
        title,
        form=form,
        report=report,
        errors_shown=report.errors[: csv_import.MAX_ERRORS_REPORTED] if report else [],
        errors_not_shown=max(0, len(report.errors) - csv_import.MAX_ERRORS_REPORTED) if report else 0,
        token=stored.get("token") if (stored and report and report.ok and report.dry_run) else None,
        templates=csv_templates.TEMPLATES,
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


def csv_template_view(model_admin, request, slug):
    """A kind of file's template: its header row, to fill in a spreadsheet."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    template = csv_templates.BY_SLUG.get(slug)
    if template is None:
        raise Http404("There is no template of that name.")
    response = HttpResponse(csv_templates.template_csv(template), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{template.file_name}"'
    return response
