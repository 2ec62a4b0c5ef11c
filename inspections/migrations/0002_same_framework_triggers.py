"""
Refuse, in the database, a rating or key-question result whose standard belongs
to another framework than its inspection's, and a standard whose domain belongs
to another framework. A check constraint cannot look across tables, so these are
triggers, written for each database the project supports.
"""

from django.db import migrations

# (table, trigger name, SQL giving the row's framework through the standard, message)
CHECKS = [
    (
        "inspections_standardrating",
        "standard_rating_same_framework",
        "(SELECT framework_id FROM inspections_standard WHERE id = NEW.standard_id)",
        "(SELECT framework_id FROM inspections_inspection WHERE id = NEW.inspection_id)",
        "a standard rating must use a standard of the framework of its inspection",
    ),
    (
        "inspections_keyquestionresult",
        "key_question_result_same_framework",
        "(SELECT s.framework_id FROM inspections_keyquestion k"
        " JOIN inspections_standard s ON s.id = k.standard_id WHERE k.id = NEW.key_question_id)",
        "(SELECT framework_id FROM inspections_inspection WHERE id = NEW.inspection_id)",
        "a key-question result must use a key question of the framework of its inspection",
    ),
    (
        "inspections_standard",
        "standard_domain_same_framework",
        "(SELECT framework_id FROM inspections_domain WHERE id = NEW.domain_id)",
        "NEW.framework_id",
        "the domain of a standard must belong to the framework of the standard",
    ),
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, name, left, right, message in CHECKS:
        if vendor == "sqlite":
            for event in ("INSERT", "UPDATE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {name}_{event.lower()} BEFORE {event} ON {table} "
                    f"FOR EACH ROW WHEN {left} IS NOT {right} "
                    f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
                )
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
                f"IF {left} IS DISTINCT FROM {right} THEN "
                f"RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation'; "
                f"END IF; RETURN NEW; END; $$ LANGUAGE plpgsql;"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}();"
            )
        else:
            raise NotImplementedError(f"No same-framework triggers written for {vendor}.")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, name, *_ in CHECKS:
        if vendor == "sqlite":
            for event in ("insert", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event};")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table};")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}();")


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
