"""On PostgreSQL, the triggers that keep the monthly rollups exact, and a first cut of them
from the rows already there (see `mentorpath.analytics.rollups`). SQLite keeps none."""

from django.db import migrations


def install(apps, schema_editor):
    from mentorpath.analytics import rollups

    if schema_editor.connection.vendor == "postgresql":
        rollups.install_triggers()
        rollups.rebuild()


def uninstall(apps, schema_editor):
    from mentorpath.analytics import rollups

    if schema_editor.connection.vendor == "postgresql":
        rollups.drop_triggers()


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_initial"),
        ("feedback", "0002_pulserating_mentorship"),
        ("mentoring", "0004_checkin_mentoring_c_invited_513307_idx"),
        ("programs", "0006_training_paths"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
