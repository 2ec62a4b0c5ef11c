from importlib import import_module

from django.db import migrations, models

# SQLite rebuilds the inspection table to add the column; the same-framework triggers that read that
# table must not exist meanwhile.
same_framework_triggers = import_module("inspections.migrations.0002_same_framework_triggers")


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0011_framework_programme_and_columns"),
    ]

    operations = [
        migrations.RunPython(same_framework_triggers.drop_triggers, same_framework_triggers.create_triggers),
        migrations.AddField(
            model_name="inspection",
            name="editor_notes",
            field=models.TextField(
                blank=True,
                help_text=(
                    "Working notes for editors (what to check, where to look); never shown on public pages or exported."
                ),
            ),
        ),
        migrations.RunPython(same_framework_triggers.create_triggers, same_framework_triggers.drop_triggers),
    ]
