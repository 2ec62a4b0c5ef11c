"""Every committed write to published data makes cached public pages stale."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .cache import bump_generation

PUBLISHED_APPS = {"providers", "inspections"}


def _bump_after_commit(sender, **kwargs):
    if sender._meta.app_label in PUBLISHED_APPS:
        transaction.on_commit(bump_generation)


def connect():
    post_save.connect(_bump_after_commit, dispatch_uid="dashboard-bump-on-save")
    post_delete.connect(_bump_after_commit, dispatch_uid="dashboard-bump-on-delete")
