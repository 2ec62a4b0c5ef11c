from django.db import migrations


def grant_editors(apps, schema_editor):
    from inspections.roles import ensure_editor_group

    ensure_editor_group(apps)


class Migration(migrations.Migration):
    """Editors read readers' reports and mark them handled (inspections/roles.py)."""

    dependencies = [
        ("corrections", "0001_mistake_report"),
        ("inspections", "0004_editor_group"),
    ]

    operations = [migrations.RunPython(grant_editors, migrations.RunPython.noop)]
