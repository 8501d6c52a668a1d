import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from mentorpath.core.models import TimeStampedModel
from mentorpath.mentoring.enums import (
    CheckInStatus,
    EndReason,
    GoalStatus,
    InviteResponse,
    MentorshipSource,
    MentorshipStatus,
    NoteVisibility,
)
from mentorpath.people.models import Person, Skill
from mentorpath.people.validators import validate_time_zone
from mentorpath.programs.models import Enrollment, Program, ProgramObjective


class Mentorship(TimeStampedModel):
    """A mentor–mentee pair in a program, from proposal to its end.

    While live (proposed, active or paused) it holds one of the mentor's slots
    (`Enrollment.load`), which the database keeps at or below the mentor's capacity.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="mentorships")
    mentor = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="mentorships_as_mentor"
    )
    mentee = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="mentorships_as_mentee"
    )
    status = models.CharField(
        max_length=12, choices=MentorshipStatus.choices, default=MentorshipStatus.PROPOSED
    )
    source = models.CharField(max_length=10, choices=MentorshipSource.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    match_score = models.FloatField(null=True, blank=True)
    score_parts = models.JSONField(default=dict, blank=True)
    explanation = models.JSONField(default=list, blank=True)
    mentor_accepted_at = models.DateTimeField(null=True, blank=True)
    mentee_accepted_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.CharField(max_length=6, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_note = models.CharField(max_length=300, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=10, choices=EndReason.choices, blank=True)
    end_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=models.Q(status__in=["proposed", "active", "paused"]),
                name="one_live_mentorship_per_mentee",
                violation_error_message="This mentee already has a mentor in this program.",
            ),
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"{self.mentor.person} → {self.mentee.person} ({self.get_status_display()})"


class AgreementTemplate(TimeStampedModel):
    """The agreement a program asks its pairs to acknowledge. Missing sections fall back to the
    defaults for the program's type (`mentoring.catalog`)."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="agreement_template"
    )
    expectations = models.TextField()
    meeting_rhythm = models.TextField()
    confidentiality = models.TextField()
    how_to_end = models.TextField()

    def __str__(self) -> str:
        return f"Agreement template for {self.program}"


class Agreement(TimeStampedModel):
    """A pair's copy of the program agreement, frozen when the pair starts: later edits of the
    template never change what the two acknowledged."""

    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="agreement"
    )
    expectations = models.TextField()
    meeting_rhythm = models.TextField()
    confidentiality = models.TextField()
    how_to_end = models.TextField()
    rhythm_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(7), MaxValueValidator(90)],
        help_text="Days between check-ins that the pair agreed on.",
    )
    rhythm_changed_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rhythm_changed_at = models.DateTimeField(null=True, blank=True)
    mentor_acknowledged_at = models.DateTimeField(null=True, blank=True)
    mentee_acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rhythm_days__gte=7, rhythm_days__lte=90),
                name="agreement_rhythm_7_to_90_days",
            )
        ]

    def __str__(self) -> str:
        return f"Agreement #{self.pk}"

    @property
    def acknowledged(self) -> bool:
        return bool(self.mentor_acknowledged_at and self.mentee_acknowledged_at)


class NudgeMute(models.Model):
    """A participant who asked for no more reminders-to-meet about one pair."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="mutes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "user"], name="one_mute_per_pair_user")
        ]

    def __str__(self) -> str:
        return f"Mute #{self.pk}"


class Goal(TimeStampedModel):
    """A SMART goal, owned by the mentee of the pair."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    description = models.TextField(help_text="Specific: what exactly will be different.")
    measure = models.CharField(max_length=300, help_text="Measurable: how you will know.")
    target_date = models.DateField(help_text="Time-bound: by when.")
    skill = models.ForeignKey(
        Skill, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    objective = models.ForeignKey(
        ProgramObjective, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=11, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)], help_text="Per cent done."
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["target_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="goal_progress_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(TimeStampedModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class GoalUpdate(TimeStampedModel):
    """A progress update or a comment on a goal, from the mentee or the mentor."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    progress = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=11, choices=GoalStatus.choices, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Update #{self.pk} on goal #{self.goal_id}"


class CheckIn(TimeStampedModel):
    """A meeting of the pair. `starts_at` is stored in UTC; `time_zone` is the zone it was
    scheduled in, which its calendar invite carries. `uid` and `sequence` make the invite
    updatable: the same UID with a higher SEQUENCE replaces the event in a calendar."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="checkins")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    starts_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    duration_minutes = models.PositiveSmallIntegerField(
        default=45, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    location = models.CharField(max_length=200, blank=True)
    video_url = models.URLField(blank=True)
    agenda = models.TextField(blank=True)
    status = models.CharField(
        max_length=9, choices=CheckInStatus.choices, default=CheckInStatus.SCHEDULED
    )
    scheduled_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invitee_response = models.CharField(
        max_length=8, choices=InviteResponse.choices, default=InviteResponse.PENDING
    )
    invited_at = models.DateTimeField(
        default=timezone.now, help_text="When the partner was last asked to accept."
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    held_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["mentorship", "status", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["invited_at"]),  # the dashboards' edge months
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(held_minutes__isnull=True) | models.Q(status="held"),
                name="checkin_held_minutes_only_when_held",
            )
        ]

    def __str__(self) -> str:
        return f"Check-in #{self.pk} ({self.get_status_display()})"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class Note(TimeStampedModel):
    """A note on a pair, optionally about one check-in. A private note is seen by its author
    alone: every read goes through `mentoring.queries.notes_visible_to`."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="notes")
    checkin = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    visibility = models.CharField(
        max_length=7, choices=NoteVisibility.choices, default=NoteVisibility.SHARED
    )
    body = models.TextField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["mentorship", "visibility"])]

    def __str__(self) -> str:
        return f"Note #{self.pk}"
