"""Monthly rollups of the largest tables the dashboards read, kept exact by the database.

At 50,000 people a dashboard reads 500,000 check-ins, 150,000 pulse ratings and 600,000
survey answers; summing them cost well over a second. These tables hold the same figures per
pair (or program) and local month, and per person where people are counted, so a dashboard
sums a few rows per pair instead.

On PostgreSQL, row triggers on the source tables (see `rollups.py`) add each inserted row to
its month and take each deleted row out of it, an update being both — in the writer's own
transaction, whatever the client (ORM, bulk update, raw SQL, COPY). A rollup is therefore
never stale, and queries use it for every whole month of their period and read the raw rows
only for the month edges. SQLite, the embedded
default for small organizations, has no triggers here; its dashboards read the raw rows.

`RollupState` records the time zone the months were cut in: months are local, like the
dashboard's, so a different `TIME_ZONE` makes the queries fall back to the raw rows until
`manage.py analytics_rebuild_rollups` has cut them again.
"""

from django.db import models

from mentorpath.mentoring.models import Mentorship
from mentorpath.people.models import Person
from mentorpath.programs.models import Program


class CheckinMonth(models.Model):
    """One pair's check-ins in one local month: those held (by their start) with their
    minutes, and the mentee's invitations (by when they were sent) with the mentor's answers."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    month = models.DateField()
    held = models.IntegerField(default=0)
    held_minutes = models.BigIntegerField(default=0)
    invitations = models.IntegerField(default=0)
    answered = models.IntegerField(default=0)
    answer_wait = models.DurationField(default=None, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "month"], name="checkin_month_once")
        ]
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"Check-ins of pair #{self.mentorship_id} in {self.month:%Y-%m}"


class PulseMonth(models.Model):
    """The pulse ratings one person gave one pair's check-ins in one local month (by when
    they rated)."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    month = models.DateField()
    points = models.IntegerField(default=0)
    ratings = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "person", "month"], name="pulse_month_once"
            )
        ]
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"Pulse ratings of pair #{self.mentorship_id} in {self.month:%Y-%m}"


class NpsMonth(models.Model):
    """One person's answers to the NPS questions of one program's surveys, in the local month
    they submitted them, with how many were promoters (9–10) and detractors (0–6)."""

    program = models.ForeignKey(
        Program, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    month = models.DateField()
    answers = models.IntegerField(default=0)
    promoters = models.IntegerField(default=0)
    detractors = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "person", "month"], name="nps_month_once")
        ]
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"NPS answers to program #{self.program_id} in {self.month:%Y-%m}"


class RollupState(models.Model):
    """One row: the time zone the rollups' months were cut in, and when they were rebuilt."""

    time_zone = models.CharField(max_length=64)
    rebuilt_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Rollups in {self.time_zone}"
