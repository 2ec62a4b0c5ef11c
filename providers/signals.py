"""
What providers' services announce with each write, so that another app can keep its own record of it.

Both signals are sent by `providers.services` inside the write's transaction and
django-reversion revision, so whatever a receiver writes commits, or rolls back,
with the change itself. The sender is the model written (Provider, Owner or
OwnershipPeriod); values are given in words, as {label: value}.

- `provider_data_saved`: an owner, provider or ownership period was created or
  changed. Arguments: `subject` (what it is, "ownership period"), `summary`
  (which one), `before` (None when created), `after`, `provider_id` (the
  provider whose history it belongs to, or None).
- `provider_data_deleting`: one is about to be deleted. Arguments: `subject`,
  `summary`, `before`, `removed_with` ([(subject, summary)] of the rows the
  deletion takes along), `provider_id`.
"""

from django.dispatch import Signal

provider_data_saved = Signal()
provider_data_deleting = Signal()
