from django.db import migrations


def create_editor_group(apps, schema_editor):
    from inspections.roles import ensure_editor_group

    ensure_editor_group(apps)


def remove_editor_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editor").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("providers", "0001_initial"),
        ("inspections", "0003_change_record"),
    ]

    operations = [migrations.RunPython(create_editor_group, remove_editor_group)]
