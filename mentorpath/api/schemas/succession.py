from datetime import date
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import StringConstraints

from mentorpath.api.schemas.common import NO_NUL, Id, Input, Level, LongText, Ref
from mentorpath.api.schemas.mentorships import PersonBrief, person_brief, unset
from mentorpath.succession import queries
from mentorpath.succession.enums import Criticality, Readiness, VacancyRisk
from mentorpath.succession.models import KeyRole, ReadinessReview, SuccessorCandidate

Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=150),
    Field(pattern=NO_NUL),
]
BENCH = (
    "Successors weighted by readiness (ready now 1, 1–2 years 0.5, 3+ years 0.25) and its "
    "label: Strong (≥ 2 with one ready now), Adequate (≥ 1), Weak (< 1), None (no successor)."
)


class RoleFilters(Schema):
    department: Id | None = Field(None, description="Only key roles of this department (id).")
    criticality: Criticality | None = None


class KeyRoleIn(Input):
    title: Title
    department: Id | None = Field(None, description="A department by id; null for none.")
    incumbent: Id | None = Field(None, description="The person who holds the role, by id.")
    level: Level | None = Field(None, description="The role's career level (1–12).")
    criticality: Criticality = Criticality.HIGH
    vacancy_risk: VacancyRisk = VacancyRisk.MEDIUM
    notes: LongText = ""


class KeyRolePatch(Input):
    """Only the fields you send change."""

    title: Title = unset()
    department: Id | None = unset()
    incumbent: Id | None = unset()
    level: Level | None = unset()
    criticality: Criticality = unset()
    vacancy_risk: VacancyRisk = unset()
    notes: LongText = unset()


class CandidateIn(Input):
    person: Id = Field(description="The successor, a current employee, by id.")
    readiness: Readiness
    development_skills: list[Id] = Field(
        [], max_length=50, description="Skills to develop, by id (GET /skills)."
    )
    notes: LongText = ""


class CandidatePatch(Input):
    """Only the fields you send change; readiness changes by a review."""

    development_skills: Annotated[list[Id], Field(max_length=50)] = unset()
    notes: LongText = unset()


class ReviewIn(Input):
    readiness: Readiness
    reviewed_on: date = Field(description="Not in the future.")
    notes: LongText = ""


class LinkProgramIn(Input):
    program: Id = Field(description="A leadership-development program by id.")


class ReviewOut(Schema):
    id: int
    readiness: Readiness
    reviewed_on: date
    reviewer: str | None
    notes: str

    @staticmethod
    def resolve_reviewer(obj: ReadinessReview) -> str | None:
        return str(obj.reviewer) if obj.reviewer else None


class EnrollmentRef(Schema):
    id: int
    program: Ref
    status: str


class CandidateOut(Schema):
    id: int
    role_id: int
    person: PersonBrief
    readiness: Readiness
    development_skills: list[Ref]
    notes: str
    enrollment: EnrollmentRef | None


class CandidateDetailOut(CandidateOut):
    reviews: list[ReviewOut] = Field(description="Newest first.")


class BenchOut(Schema):
    ready_now: int
    one_to_two_years: int
    three_plus_years: int
    score: float
    label: str = Field(description=BENCH)


class KeyRoleOut(Schema):
    id: int
    title: str
    department: Ref | None
    incumbent: PersonBrief | None
    level: int | None
    criticality: Criticality
    vacancy_risk: VacancyRisk
    notes: str
    bench: BenchOut


class KeyRoleDetailOut(KeyRoleOut):
    candidates: list[CandidateOut] = Field(description="Ready now first.")


class MentorProposalOut(Schema):
    person: PersonBrief
    title: str
    level: int
    department: str | None
    score: float
    reasons: list[str]


class ProposedMentorOut(MentorProposalOut):
    enrolled_as_mentor: bool = Field(
        description="Already a mentor (pending or approved) in the candidate's program; "
        "otherwise proposing them enrolls them as an approved mentor first."
    )


class ProposedMentorsOut(Schema):
    candidate: CandidateOut
    can_propose: bool = Field(
        description="The candidate is linked to a program, so a mentor can be proposed."
    )
    proposed_mentors: list[ProposedMentorOut] = Field(description="Best first.")


class ProposedPairOut(Schema):
    """The pair proposed as the manager's choice; both are asked to accept."""

    mentorship_id: int
    program: Ref
    mentor: PersonBrief
    mentee: PersonBrief
    status: str


class LinkOut(Schema):
    candidate: CandidateOut
    proposed_mentors: list[MentorProposalOut] = Field(description="Best first.")


class CoverageOut(Schema):
    roles: int
    with_ready_now: int
    with_any: int
    ready_now_percent: int | None
    any_percent: int | None


class GapOut(Schema):
    id: int
    title: str
    criticality: Criticality
    vacancy_risk: VacancyRisk
    successors: int


class PipelineOut(Schema):
    coverage: CoverageOut
    roles: list[KeyRoleOut]
    no_ready_successor: list[GapOut] = Field(description="Most critical first.")
    ready_now_people: int = Field(description="Distinct people ready now for a key role.")


# ---- building the outputs


def _ref(obj: Any) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": obj.name}


def bench_out(row: queries.RoleRow) -> dict[str, Any]:
    return {
        "ready_now": row.counts[Readiness.READY_NOW],
        "one_to_two_years": row.counts[Readiness.ONE_TO_TWO],
        "three_plus_years": row.counts[Readiness.THREE_PLUS],
        "score": float(row.bench),
        "label": row.bench_label,
    }


def candidate_out(candidate: SuccessorCandidate) -> dict[str, Any]:
    enrollment = candidate.enrollment
    return {
        "id": candidate.pk,
        "role_id": candidate.role_id,
        "person": person_brief(candidate.person),
        "readiness": candidate.readiness,
        "development_skills": [
            {"id": s.pk, "name": s.name}
            for s in sorted(candidate.development_skills.all(), key=lambda s: s.name)
        ],
        "notes": candidate.notes,
        "enrollment": None
        if enrollment is None
        else {
            "id": enrollment.pk,
            "program": _ref(enrollment.program),
            "status": enrollment.status,
        },
    }


def candidate_detail_out(
    candidate: SuccessorCandidate, reviews: list[ReadinessReview]
) -> dict[str, Any]:
    return {**candidate_out(candidate), "reviews": reviews}


def role_out(row: queries.RoleRow) -> dict[str, Any]:
    role: KeyRole = row.role
    return {
        "id": role.pk,
        "title": role.title,
        "department": _ref(role.department),
        "incumbent": person_brief(role.incumbent),
        "level": role.level,
        "criticality": role.criticality,
        "vacancy_risk": role.vacancy_risk,
        "notes": role.notes,
        "bench": bench_out(row),
    }


def role_detail_out(row: queries.RoleRow) -> dict[str, Any]:
    return {**role_out(row), "candidates": [candidate_out(c) for c in row.candidates]}


def proposal_out(proposal: queries.MentorProposal) -> dict[str, Any]:
    person = proposal.person
    return {
        "person": person_brief(person),
        "title": person.title,
        "level": person.level,
        "department": person.department.name if person.department else None,
        "score": proposal.score,
        "reasons": proposal.reasons,
    }


def pipeline_out(pipeline: queries.Pipeline, ready_now_people: int) -> dict[str, Any]:
    return {
        "coverage": {
            "roles": pipeline.roles,
            "with_ready_now": pipeline.with_ready_now,
            "with_any": pipeline.with_any,
            "ready_now_percent": pipeline.ready_now_coverage,
            "any_percent": pipeline.any_coverage,
        },
        "roles": [role_out(row) for row in pipeline.rows],
        "no_ready_successor": [
            {
                "id": row.role.pk,
                "title": row.role.title,
                "criticality": row.role.criticality,
                "vacancy_risk": row.role.vacancy_risk,
                "successors": len(row.candidates),
            }
            for row in pipeline.gaps
        ],
        "ready_now_people": ready_now_people,
    }
