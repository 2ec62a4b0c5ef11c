"""Import one inspection from a 2018–20 report's text or PDF: the entry form pre-filled, with what could not be read."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from providers.models import Provider

from ..forms import InspectionEntry, Layout, ReportImportForm, initial_from_reading
from ..importers.report_text import match_provider, month_date, parse_report
from ..services.frameworks import framework_for
from ..uploads import refused_upload
from .common import admin_context
from .entry import _render_entry


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
    context = admin_context(model_admin, request, title, form=form, add=True)
    status = (413 if form.upload_refused else 400) if request.method == "POST" else 200
    return TemplateResponse(request, "admin/inspections/inspection/import_report.html", context, status=status)
