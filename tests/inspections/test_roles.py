"""The Editor group that migration 0004 creates."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def test_editor_group_may_enter_inspections_and_providers_and_review_reports_of_mistakes():
    group = Group.objects.get(name="Editor")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert ("inspections", "add_inspection") in codenames
    assert ("inspections", "change_inspection") in codenames
    assert ("inspections", "change_standardrating") in codenames
    assert ("providers", "change_provider") in codenames
    assert ("providers", "add_ownershipperiod") in codenames
    assert ("corrections", "change_mistakereport") in codenames  # readers' reports: read and marked handled
    assert ("corrections", "add_mistakereport") not in codenames
    assert not {label for label, _ in codenames} - {"inspections", "providers", "corrections"}  # nothing on users
    assert not [codename for _, codename in codenames if codename.startswith("delete_")]
    for model in ("framework", "frameworkband", "domain", "standard", "keyquestion", "inspectionround"):
        assert not [codename for _, codename in codenames if codename.endswith(f"_{model}")]
