from django.conf import settings
from django.db import models

from mentorpath.core.models import TimeStampedModel
from mentorpath.mentoring.enums import EndReason, MentorshipSource, MentorshipStatus
from mentorpath.programs.models import Enrollment, Program


class Mentorship(TimeStampedModel):
    """A mentor–mentee pair in a program, from proposal to its end.

    While proposed or active it holds one of the mentor's slots (`Enrollment.load`), which the
    database keeps at or below the mentor's capacity.
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
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=10, choices=EndReason.choices, blank=True)
    end_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=models.Q(status__in=["proposed", "active"]),
                name="one_live_mentorship_per_mentee",
                violation_error_message="This mentee already has a mentor in this program.",
            ),
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"{self.mentor.person} → {self.mentee.person} ({self.get_status_display()})"
