"""Accounts of the admin's browser journeys: an editor created as migration 0004's group allows, and logging in."""

from django.apps import apps
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from inspections.roles import ensure_editor_group


def create_editor(django_user_model, username, password):
    """A staff user in the Editor group (created anew: the live server's database is emptied between tests)."""
    ensure_editor_group(apps)
    user = django_user_model.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def log_in(page, username, password):
    """Log in through the admin's login page and land on its home page."""
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Published data")).to_be_visible()
