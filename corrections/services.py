"""The write path of mistake reports: stored as the reader sent them, marked handled by editors."""

from django.utils import timezone

from .models import MistakeReport


def record_mistake_report(*, what_is_wrong, page="", source="", reply_email=""):
    return MistakeReport.objects.create(page=page, what_is_wrong=what_is_wrong, source=source, reply_email=reply_email)


def mark_handled(reports):
    """Mark the reports handled, keeping when each was first marked; how many were newly marked."""
    return reports.filter(handled=False).update(handled=True, handled_at=timezone.now())
