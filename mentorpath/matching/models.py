from django.conf import settings
from django.db import models

from mentorpath.core.models import TimeStampedModel
from mentorpath.matching.enums import Objective, ProposalStatus, RequestStatus, RunStatus
from mentorpath.programs.models import Enrollment, Program


class MatchRun(TimeStampedModel):
    """One run of the matching engine over a program's pool, with its settings and results."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="match_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    objective = models.CharField(
        max_length=14, choices=Objective.choices, default=Objective.PARTICIPATION
    )
    config = models.JSONField(default=dict, help_text="Weights and rules used for this run.")
    progress = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.program} run {self.pk} ({self.get_status_display()})"


class MatchProposal(models.Model):
    """The engine's (or a manager's) proposal for one mentee in a run; unmatched when no
    mentor, with the reason."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    mentee = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    score = models.FloatField(null=True, blank=True)
    parts = models.JSONField(default=dict, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    unmatched_reason = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=8, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    overridden = models.BooleanField(default=False)
    broken_rules = models.JSONField(default=list, blank=True)
    mentorship = models.OneToOneField(
        "mentoring.Mentorship", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="one_proposal_per_mentee"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee.person} ← {self.mentor.person if self.mentor else 'nobody'}"


class MentorRequest(TimeStampedModel):
    """A mentee asking a suggested mentor directly (self-match). The mentor answers before
    `expires_at`, or the request expires and the mentee is shown the next suggestion."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="mentor_requests")
    mentee = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="requests_made")
    mentor = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="requests_received"
    )
    status = models.CharField(
        max_length=9, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    message = models.CharField(max_length=1000, blank=True)
    score = models.FloatField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    mentee_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    mentorship = models.OneToOneField(
        "mentoring.Mentorship", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=models.Q(status="pending"),
                name="one_pending_request_per_mentee",
                violation_error_message="You already have a request waiting for an answer.",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.mentee.person} → {self.mentor.person} ({self.get_status_display()})"
