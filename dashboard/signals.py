"""Every committed write to published data makes cached public pages stale, once per transaction;
so does replacing the data wholesale (`manage.py flush`, and `migrate`, which may rewrite it)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save

from inspections.signals import written_in_bulk

from .cache import bump_generation, data_replaced

PUBLISHED_APPS = {"places", "providers", "inspections"}


def _transaction_callbacks(connection):
    """The on-commit callbacks the open transaction's commit will run. That transaction begins at the
    outermost atomic block, except in tests: Django's test cases run each test inside atomic blocks
    of their own that never commit, and the test's transaction is the first block within them.
    Django drops the callbacks registered in a savepoint that is rolled back, so none of those is here."""
    blocks, savepoints = connection.atomic_blocks, connection.savepoint_ids
    first = next((index for index, block in enumerate(blocks) if not block._from_testcase), None)
    if first is None:
        return []  # a test's write outside any transaction of its own
    if first == 0:
        return [callback for _, callback, _ in connection.run_on_commit]
    savepoint = savepoints[first - (len(blocks) - len(savepoints))]
    if savepoint is None:
        return []  # no savepoint to tell its callbacks by: bump again rather than miss one
    return [callback for savepoint_ids, callback, _ in connection.run_on_commit if savepoint in savepoint_ids]


def _bump_after_commit(sender, using, **kwargs):
    if sender._meta.app_label not in PUBLISHED_APPS:
        return
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and bump_generation in _transaction_callbacks(connection):
        return
    transaction.on_commit(bump_generation, using=using)  # outside a transaction: at once


def _replaced_after_migrate(sender, using, **kwargs):
    # Sent once per app; the app holding the inspections stands for the whole command.
    if sender.label == "inspections":
        transaction.on_commit(data_replaced, using=using)


def connect():
    post_save.connect(_bump_after_commit, dispatch_uid="dashboard-bump-on-save")
    post_delete.connect(_bump_after_commit, dispatch_uid="dashboard-bump-on-delete")
    written_in_bulk.connect(_bump_after_commit, dispatch_uid="dashboard-bump-on-bulk-write")
    post_migrate.connect(_replaced_after_migrate, dispatch_uid="dashboard-replaced-on-migrate")
