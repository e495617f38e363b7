"""Deadlines and milestones share one vocabulary of what counts as done: a deadline confirmed by the unit
itself was stored as "other", a milestone as "manual"; both are now "manual"."""

from django.db import migrations, models


def other_to_manual(apps, schema_editor):
    apps.get_model("emulation", "Deadline").objects.filter(action="other").update(action="manual")


def manual_to_other(apps, schema_editor):
    apps.get_model("emulation", "Deadline").objects.filter(action="manual").update(action="other")


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0009_national_id_unique_among_active_staff"),
    ]

    operations = [
        migrations.AlterField(
            model_name="deadline",
            name="action",
            field=models.CharField(
                choices=[
                    ("registration", "Emulation registration submitted"),
                    ("initiative_registration", "Initiative registration submitted"),
                    ("initiative_application", "Initiative application submitted"),
                    ("award_dossier", "Award dossier submitted"),
                    ("report", "Report submitted"),
                    ("manual", "Confirmed by the unit"),
                ],
                max_length=30,
                verbose_name="action",
            ),
        ),
        migrations.RunPython(other_to_manual, manual_to_other, elidable=False),
    ]
