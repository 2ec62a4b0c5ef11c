"""What the inspections' write path announces beyond Django's own model signals.

- `written_in_bulk`: rows were inserted with `bulk_create`, which sends no `post_save`. Sent inside
  the write's transaction; the sender is the model written, `using` the database alias. Whoever keeps
  something derived from published data (the public pages' cache) treats it as a save.
"""

from django.dispatch import Signal

written_in_bulk = Signal()
