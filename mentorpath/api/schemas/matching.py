from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import create_model

from mentorpath.api.schemas.common import Id, Input, SearchText
from mentorpath.api.schemas.enrollments import PersonRef
from mentorpath.matching.config import CRITERIA, DEFAULT_WEIGHTS, MatchingConfig
from mentorpath.matching.enums import Objective, ProposalStatus, RunStatus
from mentorpath.matching.models import MatchRun

MAX_APPROVE_IDS = 10_000

Weight = Annotated[float, Field(ge=0, le=10)]
LevelGap = Annotated[int, Field(ge=0, le=11)]
Score = Annotated[float, Field(ge=0, le=1)]
Suggestions = Annotated[int, Field(ge=1, le=10)]
ExpiryDays = Annotated[int, Field(ge=1, le=60)]
# The choices of MatchingConfig.department (config.DEPARTMENT_PREFERENCES).
DepartmentPreference = Literal["different", "same", "any"]

# One field per criterion, built from CRITERIA so the schema never drifts from the engine's
# list; each says what the criterion weighs and its default weight.
Weights = create_model(  # type: ignore[call-overload]
    "Weights",
    __base__=Input,
    __doc__="Each criterion's weight, from 0 (ignored) to 10.",
    **{
        name: (Weight, Field(description=f"{label} (default {DEFAULT_WEIGHTS[name]:g})."))
        for name, label in CRITERIA.items()
    },
)


class MatchingConfigIn(Input):
    """The whole configuration: GET it, change what you need and PUT it back."""

    weights: Weights  # type: ignore[valid-type]
    department: DepartmentPreference = Field(
        description="Prefer a mentor from another department, the same one, or either."
    )
    min_level_gap: LevelGap = Field(description="Mentor at least this many levels above.")
    max_level_gap: LevelGap = Field(description="… and at most this many.")
    require_shared_language: bool = Field(
        description="A pair without a common language is never proposed."
    )
    min_score: Score | None = Field(
        description="Pairs scoring below it (0–1) are never proposed; null for no minimum."
    )
    objective: Objective = Field(description="What a run optimizes unless told otherwise.")
    suggestions: Suggestions = Field(description="Self-match: mentors suggested to each mentee.")
    request_expiry_days: ExpiryDays = Field(
        description="Self-match: days a mentor has to answer a request before it expires."
    )

    def config(self) -> MatchingConfig:
        """The configuration; raises ApplicationError (400) for rules across fields."""
        return MatchingConfig(**self.model_dump())


class MatchingConfigOut(Schema):
    weights: Weights  # type: ignore[valid-type]
    department: DepartmentPreference
    min_level_gap: int
    max_level_gap: int
    require_shared_language: bool
    min_score: float | None
    objective: Objective
    suggestions: int
    request_expiry_days: int


class RunIn(Input):
    objective: Objective | None = Field(
        None, description="Default: the objective in the program's matching configuration."
    )


class HistogramBucket(Schema):
    label: str
    count: int


class DecisiveCriterion(Schema):
    criterion: str
    label: str
    count: int = Field(description="Pairs whose largest reason was this criterion.")


class RunStats(Schema):
    mentees: int
    matched: int
    unmatched: int
    total_score: float
    mean_score: float | None
    min_score: float | None
    histogram: list[HistogramBucket] = Field(description="Pair scores in tenths.")
    decisive: list[DecisiveCriterion]
    solver: str
    optimal: bool = Field(description="The solver proved the total optimal.")
    candidates: int = Field(description="Pairs the solver considered.")
    seconds: float


class RunOut(Schema):
    id: int
    status: RunStatus
    objective: Objective
    progress: int = Field(description="Percent done, 0–100.")
    progress_message: str
    created_by: int | None = Field(description="User id of who started the run.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    config: dict[str, Any] = Field(description="The matching configuration the run used.")
    stats: RunStats | None = Field(description="The match-quality report, once done.")
    error: str = Field(description="Why the run failed; empty otherwise.")

    @staticmethod
    def resolve_created_by(obj: MatchRun) -> int | None:
        return obj.created_by_id

    @staticmethod
    def resolve_stats(obj: MatchRun) -> dict[str, Any] | None:
        return obj.stats or None


class ProposalFilters(Schema):
    show: Literal["matched", "unmatched", "overridden", "approved"] | None = Field(
        None, description="Only matched, unmatched, changed by a manager, or approved."
    )
    sort: Literal["-score", "score", "name"] = Field(
        "-score", description="Best score first, lowest first, or by mentee name."
    )
    search: SearchText = Field("", description="Words matched against mentee and mentor names.")


class ReasonOut(Schema):
    criterion: str
    text: str
    share: float = Field(description="The criterion's share of the pair's score, in percent.")


class ParticipantOut(Schema):
    id: int = Field(description="The enrollment id.")
    person: PersonRef


class MentorOut(ParticipantOut):
    capacity: int | None
    load: int = Field(description="Mentees the mentor has now (proposed or active pairs).")


class ProposalOut(Schema):
    id: int
    mentee: ParticipantOut
    mentor: MentorOut | None = Field(description="Null when the mentee stayed unmatched.")
    score: float | None
    parts: dict[str, float] = Field(description="Each criterion's score, 0–1.")
    reasons: list[ReasonOut]
    unmatched_reason: str
    broken_rules: list[str] = Field(description="Hard rules a manager's choice breaks.")
    status: ProposalStatus
    overridden: bool = Field(description="A manager chose this mentor.")
    mentorship: int | None = Field(description="The mentorship id, once approved.")

    @staticmethod
    def resolve_mentorship(obj: Any) -> int | None:
        return obj.mentorship_id


class MentorChoiceIn(Input):
    mentor_enrollment_id: Id = Field(description="An approved mentor enrollment of the program.")


class PreviewOut(Schema):
    score: float
    parts: dict[str, float]
    reasons: list[ReasonOut]
    broken_rules: list[str]


class ApproveIn(Input):
    proposal_ids: Annotated[list[Id], Field(max_length=MAX_APPROVE_IDS)] | None = Field(
        description="The proposals to approve, or null for every proposed pair of the run."
    )


class ApproveOut(Schema):
    approved: int = Field(description="Mentorships created, awaiting the pair's answer.")
    errors: dict[int, str] = Field(description="Why a proposal was not approved, by its id.")
