"""`manage.py create_editor <username>`: a staff account in the Editor group, never a superuser."""

import getpass
import os
import sys

from django.apps import apps
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from inspections.roles import EDITOR_GROUP, ensure_editor_group

PASSWORD_VARIABLE = "EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an editor's account: staff, in the Editor group, not a superuser. The password is asked for, "
        f"or read from the {PASSWORD_VARIABLE} environment variable (for scripts)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} exists already: change it in the admin instead.")
        password = os.environ.get(PASSWORD_VARIABLE) or self._ask_password()
        user = User(username=username, email=email, is_staff=True, is_superuser=False)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError("The password is refused: " + " ".join(error.messages)) from error
        with transaction.atomic():
            user.set_password(password)
            user.save()
            group = ensure_editor_group(apps)
            user.groups.add(group)
        self.stdout.write(f"Created editor {username!r} (staff, in the {EDITOR_GROUP} group). They sign in at /admin/.")

    def _ask_password(self):
        if not sys.stdin.isatty():
            raise CommandError(f"No password: run it in a terminal, or set {PASSWORD_VARIABLE}.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ; nothing was created.")
        return password
