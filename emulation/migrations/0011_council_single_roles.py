"""A council has one chair and at most one secretary: the database now says so too, for requests that race."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0010_deadline_action_manual"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="councilmember",
            constraint=models.UniqueConstraint(
                condition=models.Q(("role__in", ["chair", "secretary"])),
                fields=("council", "role"),
                name="one_chair_one_secretary_per_council",
            ),
        ),
    ]
