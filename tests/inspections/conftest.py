import pytest
from django.contrib.auth.models import Group

from inspections.roles import ensure_editor_group


@pytest.fixture
def editor_group(db):
    from django.apps import apps

    return ensure_editor_group(apps)


@pytest.fixture
def editor(django_user_model, editor_group):
    """A staff user in the Editor group, as the site's volunteers are."""
    user = django_user_model.objects.create_user("editor", password="a long editor passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
