"""Training before matching: a program may require its mentors to complete a training path
(`Program.mentor_training_path`) and its mentees an onboarding path
(`Program.mentee_onboarding_path`) before they can be matched. These queries say who is not
ready yet, with their progress, in one query per role; matching leaves those people out."""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from mentorpath.learning.models import LearningPath, PathProgress, PathStep, StepCompletion
from mentorpath.mentoring.enums import LIVE_MENTORSHIP
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus
from mentorpath.programs.models import Enrollment, Program

PATH_WORD: dict[str, str] = {EnrollmentRole.MENTOR: "training", EnrollmentRole.MENTEE: "onboarding"}


@dataclass(frozen=True)
class NotReady:
    enrollment: Enrollment
    path: LearningPath
    steps_done: int
    steps_total: int

    @property
    def reason(self) -> str:
        return not_ready_reason(self.enrollment.role, self.path, self.steps_done, self.steps_total)

    @property
    def sentence(self) -> str:
        """The reason as a sentence of its own ("Has not completed …")."""
        return f"{self.reason[:1].upper()}{self.reason[1:]}."

    @property
    def percent(self) -> int:
        return round(100 * self.steps_done / self.steps_total) if self.steps_total else 0


@dataclass(frozen=True)
class Readiness:
    mentor_path: LearningPath | None
    mentee_path: LearningPath | None
    mentors: list[NotReady]
    mentees: list[NotReady]

    @property
    def gated(self) -> bool:
        return self.mentor_path is not None or self.mentee_path is not None


def not_ready_reason(role: str, path: LearningPath, done: int, total: int) -> str:
    return (
        f"has not completed the {PATH_WORD[role]} path '{path.title}' "
        f"({done} of {total} step{'' if total == 1 else 's'} done)"
    )


def to_you(reason: str) -> str:
    """The reason addressed to the person it is about ("You have not completed …")."""
    return "You " + reason.replace("has not", "have not", 1)


def gate_path(program: Program, role: str) -> LearningPath | None:
    """The path people of `role` must complete in `program`, if any."""
    if role == EnrollmentRole.MENTOR:
        return program.mentor_training_path
    return program.mentee_onboarding_path


def _completed(path: LearningPath) -> Exists:
    return Exists(
        PathProgress.objects.filter(
            person=OuterRef("person_id"), path=path, completed_at__isnull=False
        )
    )


def ready_filter(program: Program, role: str) -> Q:
    """A filter on enrollments that keeps those who completed their gate path (everyone when
    the program has none)."""
    path = gate_path(program, role)
    return Q() if path is None else Q(_completed(path))


def _with_progress(enrollments: QuerySet[Enrollment], path: LearningPath) -> QuerySet[Enrollment]:
    done = (
        StepCompletion.objects.filter(
            progress__person=OuterRef("person_id"), progress__path=path, step__path=path
        )
        .order_by()
        .values("progress__person")
        .annotate(n=Count("pk"))
        .values("n")
    )
    total = (
        PathStep.objects.filter(path=path)
        .order_by()
        .values("path")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return enrollments.annotate(
        steps_done=Coalesce(Subquery(done, output_field=IntegerField()), 0),
        steps_total=Coalesce(Subquery(total, output_field=IntegerField()), 0),
    )


def not_ready(*, program: Program, role: str, waiting_only: bool = False) -> list[NotReady]:
    """The program's approved enrollments of `role` who have not completed its gate path, with
    their progress (one query). `waiting_only` leaves out mentees already in a live pair."""
    path = gate_path(program, role)
    if path is None:
        return []
    enrollments = (
        program.enrollments.filter(role=role, status=EnrollmentStatus.APPROVED)
        .exclude(_completed(path))
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    if waiting_only and role == EnrollmentRole.MENTEE:
        enrollments = enrollments.exclude(mentorships_as_mentee__status__in=LIVE_MENTORSHIP)
    return [
        NotReady(e, path, e.steps_done, e.steps_total)  # type: ignore[attr-defined]
        for e in _with_progress(enrollments, path)
    ]


def readiness(*, program: Program) -> Readiness:
    """Who in the program is not ready to be matched yet, mentors and mentees."""
    return Readiness(
        program.mentor_training_path,
        program.mentee_onboarding_path,
        not_ready(program=program, role=EnrollmentRole.MENTOR),
        not_ready(program=program, role=EnrollmentRole.MENTEE),
    )


def refusal(*, enrollment: Enrollment) -> str | None:
    """Why this enrollment cannot be matched yet (its gate path is not completed), or None."""
    path = gate_path(enrollment.program, enrollment.role)
    if path is None:
        return None
    query = _with_progress(
        Enrollment.objects.filter(pk=enrollment.pk).exclude(_completed(path)), path
    )
    row = query.first()
    if row is None:
        return None
    done, total = row.steps_done, row.steps_total  # type: ignore[attr-defined]
    return not_ready_reason(enrollment.role, path, done, total)
