"""A framework's programme and the prefix of its standards' CSV columns, filled for the Probation Service's
frameworks already stored from `frameworks.json` (which states both)."""

import json
from pathlib import Path

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_from_frameworks_json(apps, schema_editor):
    Framework = apps.get_model("inspections", "Framework")
    InspectionRound = apps.get_model("inspections", "InspectionRound")
    base = Path(getattr(settings, "SHARED_DATA_DIR", "") or Path(settings.BASE_DIR) / "fixtures" / "source")
    path = base / "probation_service" / "frameworks.json"
    if not path.exists():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    rounds = {inspection_round.slug: inspection_round for inspection_round in InspectionRound.objects.all()}
    round_of = {slug: spec["slug"] for spec in data["rounds"] for slug in spec["frameworks"]}
    for spec in data["frameworks"]:
        Framework.objects.filter(slug=spec["slug"]).update(
            column_prefix=spec.get("column_prefix", ""), inspection_round=rounds.get(round_of.get(spec["slug"]))
        )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0010_probation_service_era")]

    operations = [
        migrations.AddField(
            model_name="framework",
            name="inspection_round",
            field=models.ForeignKey(
                blank=True,
                help_text="The programme every inspection under it belongs to; blank where it served several "
                "(the 2018–20 frameworks served both rounds).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="frameworks",
                to="inspections.inspectionround",
                verbose_name="programme",
            ),
        ),
        migrations.AddField(
            model_name="framework",
            name="column_prefix",
            field=models.SlugField(
                blank=True,
                help_text="The start of its standards' columns in an inspections CSV file, e.g. pdu21 for "
                "pdu21_leadership; blank: the slug with '-' as '_'.",
                max_length=20,
            ),
        ),
        migrations.RunPython(fill_from_frameworks_json, migrations.RunPython.noop),
    ]
