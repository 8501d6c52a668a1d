"""Pulse ratings keep their check-in's pair beside them (filled here for the ones there are),
and indexes on when pulses were given and surveys submitted: the dashboards read them by pair
and month."""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE feedback_pulserating SET mentorship_id = (
    SELECT mentorship_id FROM mentoring_checkin WHERE mentoring_checkin.id = checkin_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("mentoring", "0003_checkin_invited_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="pulserating",
            name="mentorship",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="pulse_ratings",
                to="mentoring.mentorship",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=False),
        migrations.AlterField(
            model_name="pulserating",
            name="mentorship",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="pulse_ratings",
                to="mentoring.mentorship",
            ),
        ),
        migrations.AddIndex(
            model_name="pulserating",
            index=models.Index(fields=["created_at"], name="feedback_pu_created_989fb9_idx"),
        ),
        migrations.AddIndex(
            model_name="surveyresponse",
            index=models.Index(fields=["submitted_at"], name="feedback_su_submitt_38bc43_idx"),
        ),
    ]
