"""Import an inspection from a press release or a report page (since 2022): the entry form pre-filled for one unit.

A text that rates several units lists them, each opening its own form; a text that does not tell the framework asks
for it. Either way the text comes back with the editor's choice, so nothing is kept between requests and nothing is
saved until the editor checks and saves the form.
"""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from providers.eras import Era, ProviderType

from ..forms.entry import InspectionEntry
from ..forms.layout import Layout
from ..forms.readings import initial_from_press_release, source_rows
from ..forms.report_import import PressReleaseImportForm
from ..importers.press_release import read_press_release
from ..models import Framework
from ..uploads import refused_upload
from .common import admin_context
from .entry import render_entry

TEMPLATE = "admin/inspections/inspection/import_press_release.html"
TITLE = "Import from a press release or report page"


def import_press_release_view(model_admin, request):
    """Paste or upload a press release; choose its unit (and framework) if asked; get the form pre-filled."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = PressReleaseImportForm(data, files, upload_refused=refused_upload(request))
    if request.method != "POST":
        return _page(model_admin, request, form)
    if not form.is_valid():
        return _page(model_admin, request, form, status=413 if form.upload_refused else 400)
    text = form.cleaned_data["report_text"]
    reading = read_press_release(text)
    if not reading.units:
        for message in reading.not_read or ["No unit rated: the text rates no PDU or region."]:
            form.add_error(None, message)
        return _page(model_admin, request, form, status=400)
    index = form.cleaned_data.get("unit")
    if index is None and len(reading.units) == 1:
        index = 0
    if index is None:
        return _units_page(model_admin, request, text, reading)
    if index >= len(reading.units):
        form.add_error(None, f"The text rates {len(reading.units)} units; choose one of those listed.")
        return _units_page(model_admin, request, text, reading, form=form, status=400)
    unit = reading.units[index]
    framework = form.cleaned_data.get("framework") or unit.framework
    if framework is None:
        return _units_page(model_admin, request, text, reading, only=index)
    if unit.unit_type and framework.provider_type != unit.unit_type:
        form.add_error("framework", f"{framework} does not rate a {_type_words(unit.unit_type)}; choose another.")
        return _units_page(model_admin, request, text, reading, only=index, form=form, status=400)
    layout = Layout(framework)
    initial, carried = initial_from_press_release(unit, layout, reading.not_read)
    entry = InspectionEntry(layout, initial=initial, rows=source_rows(text))
    return render_entry(model_admin, request, "Review the imported inspection", entry, reading=carried)


def _page(model_admin, request, form, status=200):
    context = admin_context(model_admin, request, TITLE, form=form, add=True)
    return TemplateResponse(request, TEMPLATE, context, status=status)


def _units_page(model_admin, request, text, reading, *, only=None, form=None, status=200):
    """The units the text rates, each with a button opening its form (and a framework choice where needed)."""
    indexes = range(len(reading.units)) if only is None else [only]
    units = [_unit_choice(index, reading.units[index]) for index in indexes]
    context = admin_context(
        model_admin,
        request,
        TITLE,
        add=True,
        units=units,
        unit_count=len(reading.units),
        text=text,
        text_not_read=reading.not_read,
        errors=form.non_field_errors() + form.errors.get("framework", []) if form else [],
    )
    return TemplateResponse(request, TEMPLATE, context, status=status)


def _unit_choice(index, unit):
    types = [unit.unit_type] if unit.unit_type else Era.PROBATION_SERVICE.provider_types
    frameworks = Framework.objects.filter(provider_type__in=types)
    return {
        "index": index,
        "name": unit.unit.short_name if unit.unit else unit.name,
        "stored": unit.unit is not None,
        "kind": _type_words(unit.unit_type) if unit.unit_type else "unit",
        "region": unit.region,
        "overall": unit.overall.value if unit.overall else None,
        "framework": unit.framework,
        "frameworks": [] if unit.framework else list(frameworks.order_by("-introduced_on", "slug")),
    }


def _type_words(unit_type):
    return ProviderType(unit_type).label if unit_type in ProviderType.values else unit_type
