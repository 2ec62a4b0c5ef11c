"""What readers tell the editors is wrong on a page: no account, no address kept but the one they give to reply to."""

from django.db import models

PAGE_MAX_LENGTH = 500
WHAT_IS_WRONG_MAX_LENGTH = 5000
SOURCE_MAX_LENGTH = 2000


class MistakeReport(models.Model):
    page = models.CharField(
        max_length=PAGE_MAX_LENGTH, blank=True, help_text="The address on this site the reader was reading."
    )
    what_is_wrong = models.TextField(max_length=WHAT_IS_WRONG_MAX_LENGTH)
    source = models.TextField(
        max_length=SOURCE_MAX_LENGTH, blank=True, help_text="Where the reader says the right value is stated."
    )
    reply_email = models.EmailField(blank=True, help_text="Given by the reader for a reply; never shown on the site.")
    received_at = models.DateTimeField(auto_now_add=True)
    handled = models.BooleanField(default=False, help_text="An editor has dealt with it.")
    handled_at = models.DateTimeField(null=True, blank=True)
    editor_note = models.TextField(blank=True, help_text="What the editors did about it; never shown on the site.")

    class Meta:
        ordering = ["handled", "-received_at"]
        indexes = [models.Index(fields=["handled", "-received_at"], name="mistake_report_queue")]

    def __str__(self):
        summary = self.what_is_wrong if len(self.what_is_wrong) <= 60 else f"{self.what_is_wrong[:59]}…"
        return f"{self.page or 'No page given'}: {summary}"
