"""
Admin for the inspections app.

Inspections are entered and corrected through the editors' entry form
(`admin_views.entry_view`), laid out by framework and saved through
`inspections.services`; they can also be imported from a report or CSV files.
Frameworks and their parts are reference data: only administrators (superusers)
see them; the Editor group has no permission on them. Change records are never
deleted, by anyone; a removal among them can be restored from its revision.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import path

from . import admin_views, history, league_fields
from .admin_frameworks import (
    FRAMEWORK_HELP,
    FRAMEWORK_LABELS,
    DomainInline,
    FrameworkBandInline,
    StandardInline,
)
from .models import (
    ChangeRecord,
    Domain,
    Framework,
    Inspection,
    InspectionRound,
    KeyQuestion,
)
from .services.inspections import delete_inspection

admin.site.site_header = "Probation inspection league — editors"
admin.site.site_title = "Probation inspection league editors"
admin.site.index_title = "Published data"


class StandardsRecordedFilter(admin.SimpleListFilter):
    """Inspections still missing standard ratings, the gap editors close first."""

    title = "standards recorded"
    parameter_name = "standards"

    def lookups(self, request, model_admin):
        return [("incomplete", "Some not recorded"), ("complete", "All recorded")]

    def queryset(self, request, queryset):
        if self.value() == "incomplete":
            return queryset.standards_incomplete()
        if self.value() == "complete":
            return queryset.standards_complete()
        return queryset


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = [
        "provider",
        "published_label",
        "overall_rating",
        "standards_recorded_label",
        "round_slug",
    ]
    list_filter = [StandardsRecordedFilter, "inspection_round", "provider__provider_type", "overall_rating"]
    search_fields = ["provider__short_name", "provider__name"]
    list_select_related = ["provider", "inspection_round"]
    ordering = ["-published_on", "provider__short_name"]
    change_list_template = "admin/inspections/inspection/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_standards_recorded()

    @admin.display(description="Published", ordering="published_on")
    def published_label(self, inspection):
        return inspection.published_label

    @admin.display(description="Round", ordering="inspection_round__started_on")
    def round_slug(self, inspection):
        # The short name: the round's full name would squeeze the other columns off a laptop's screen.
        return inspection.inspection_round.slug if inspection.inspection_round else "—"

    @admin.display(description="Standards recorded", ordering="standards_recorded")
    def standards_recorded_label(self, inspection):
        return f"{inspection.standards_recorded} of {inspection.standards_in_framework}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "worklist/",
                wrap(lambda request: admin_views.worklist_view(self, request)),
                name="inspections_inspection_worklist",
            ),
            path(
                "import-report/",
                wrap(lambda request: admin_views.import_report_view(self, request)),
                name="inspections_inspection_import_report",
            ),
            path(
                "import-press-release/",
                wrap(lambda request: admin_views.import_press_release_view(self, request)),
                name="inspections_inspection_import_press_release",
            ),
            path(
                "import-csv/",
                wrap(lambda request: admin_views.import_csv_view(self, request)),
                name="inspections_inspection_import_csv",
            ),
            path(
                "import-csv/templates/<slug:slug>.csv",
                wrap(lambda request, slug: admin_views.csv_import.csv_template_view(self, request, slug)),
                name="inspections_inspection_import_csv_template",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return admin_views.entry_view(self, request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        inspection = self.get_object(request, object_id)
        if inspection is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, inspection):
            return super().change_view(request, object_id, form_url, extra_context)  # the read-only view
        return admin_views.entry_view(self, request, inspection)

    def delete_model(self, request, obj):
        delete_inspection(obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for inspection in queryset:
            delete_inspection(inspection, user=request.user)


class SuperuserOnly:
    """Reference data: administrators only, whatever permissions a group holds."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_add_permission = has_view_permission

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_delete_permission = has_change_permission


def _secure_url_formfield(db_field, **kwargs):
    """A model field's form field, an address typed without its scheme ("www.…") read as https."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class FrameworkForm(forms.ModelForm):
    class Meta:
        formfield_callback = _secure_url_formfield
        model = Framework
        fields = [
            "name",
            "slug",
            "provider_type",
            "inspection_round",
            "introduced_on",
            "column_prefix",
            "source_url",
            "description",
        ]
        labels = FRAMEWORK_LABELS
        help_texts = FRAMEWORK_HELP


@admin.register(Framework)
class FrameworkAdmin(SuperuserOnly, admin.ModelAdmin):
    """A framework as data: its domains, its standards (numbered or by name) and, where the inspectorate
    published a scoring rule, its bands. The league, unit pages, exports and the entry form follow from it."""

    form = FrameworkForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # as FrameworkForm's own
    list_display = ["name", "slug", "applies_to", "introduced_on", "scoring_rule"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bands")

    @admin.display(description="Applies to", ordering="provider_type")
    def applies_to(self, framework):
        return framework.get_provider_type_display()

    @admin.display(description="Scoring rule published", boolean=True)
    def scoring_rule(self, framework):
        return framework.has_scoring_rule

    def get_inlines(self, request, obj):
        # A standard belongs to one of the framework's domains, so standards follow once domains are saved.
        if obj is None:
            return [DomainInline, FrameworkBandInline]
        return [DomainInline, StandardInline, FrameworkBandInline]

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" not in request.POST and "_continue" not in request.POST:
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"  # on to its standards
            self.message_user(request, "Now add its standards, each in one of its domains.")
        return super().response_add(request, obj, post_url_continue)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Points and standards decide scores and bands: recompute what the league ranks by.
        league_fields.refresh_providers(form.instance.inspections.values_list("provider_id", flat=True))


@admin.register(Domain)
class DomainAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["framework", "number", "name"]


@admin.register(KeyQuestion)
class KeyQuestionAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["code", "text", "standard", "uses_relevant_subsample"]
    list_filter = ["standard__framework"]


@admin.register(InspectionRound)
class InspectionRoundAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["name", "slug", "started_on"]


@admin.register(ChangeRecord)
class ChangeRecordAdmin(SuperuserOnly, admin.ModelAdmin):
    """The change log with who made each change (the public page leaves names out)."""

    list_display = ["changed_at", "kind", "summary", "editor"]
    list_filter = ["kind", "subject"]
    list_select_related = ["revision__user"]

    @admin.display(description="Editor")
    def editor(self, record):
        return record.revision.user if record.revision and record.revision.user else "—"

    actions = ["restore_removals"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the record of changes is never erased, by administrators neither

    @admin.action(description="Restore what the selected removals deleted")
    def restore_removals(self, request, queryset):
        for record in queryset.select_related("revision").order_by("changed_at", "id"):
            try:
                history.restore_removal(record, user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, f"Restored: {record.summary}. The public pages show it now.")
