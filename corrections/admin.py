"""Readers' reports for editors: what the reader wrote is read-only; editors mark reports handled and
note what they did. Nobody adds a report here (readers send them) and only an administrator deletes one."""

from django.contrib import admin, messages
from django.utils import timezone

from .models import MistakeReport
from .services import mark_handled


@admin.register(MistakeReport)
class MistakeReportAdmin(admin.ModelAdmin):
    list_display = ("received_at", "page", "what_is_wrong_summary", "handled")
    list_filter = ("handled",)
    search_fields = ("page", "what_is_wrong", "source")
    date_hierarchy = "received_at"
    readonly_fields = ("received_at", "page", "what_is_wrong", "source", "reply_email", "handled_at")
    fields = (*readonly_fields[:5], "handled", "handled_at", "editor_note")
    actions = ["mark_selected_handled"]

    @admin.display(description="What is wrong")
    def what_is_wrong_summary(self, report):
        text = report.what_is_wrong
        return text if len(text) <= 120 else f"{text[:119]}…"

    @admin.action(description="Mark the selected reports handled", permissions=["change"])
    def mark_selected_handled(self, request, queryset):
        count = mark_handled(queryset)
        self.message_user(request, f"{count} report{'s' if count != 1 else ''} marked handled.", messages.SUCCESS)

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        if obj.handled and obj.handled_at is None:
            obj.handled_at = timezone.now()
        super().save_model(request, obj, form, change)
