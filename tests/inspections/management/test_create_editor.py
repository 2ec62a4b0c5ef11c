"""`manage.py create_editor` makes an editor's account: staff, in the Editor group, not a superuser."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

PASSPHRASE = "a long editor passphrase"


def test_it_creates_a_staff_editor_who_is_not_a_superuser(monkeypatch, capsys):
    monkeypatch.setenv("EDITOR_PASSWORD", PASSPHRASE)
    call_command("create_editor", "ann", "--email", "ann@example.org")
    user = get_user_model().objects.get(username="ann")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Editor"]
    assert user.check_password(PASSPHRASE)
    assert user.has_perm("inspections.add_inspection") and not user.has_perm("inspections.change_framework")
    assert "Created editor 'ann'" in capsys.readouterr().out


def test_an_existing_user_is_refused_and_left_unchanged(monkeypatch, django_user_model):
    django_user_model.objects.create_user("ann", password="the old passphrase here")
    monkeypatch.setenv("EDITOR_PASSWORD", PASSPHRASE)
    with pytest.raises(CommandError, match="exists already"):
        call_command("create_editor", "ann")
    user = django_user_model.objects.get(username="ann")
    assert not user.is_staff and user.check_password("the old passphrase here")


def test_a_weak_password_is_refused_and_nothing_created(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "ann")
    with pytest.raises(CommandError, match="The password is refused"):
        call_command("create_editor", "ann")
    assert not get_user_model().objects.filter(username="ann").exists()


def test_it_asks_for_the_password_twice_and_refuses_two_that_differ(monkeypatch):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    answers = iter([PASSPHRASE, "something else entirely"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="differ"):
        call_command("create_editor", "ann")
    answers = iter([PASSPHRASE, PASSPHRASE])
    call_command("create_editor", "ann")
    assert get_user_model().objects.get(username="ann").check_password(PASSPHRASE)
