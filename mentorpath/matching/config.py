"""A program's matching configuration: criterion weights and hard rules, stored as JSON on
Program.matching_config and copied onto each run so a run can always be explained later."""

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from mentorpath.core.exceptions import ApplicationError
from mentorpath.matching.engine.scoring import Weights
from mentorpath.matching.enums import Objective

CRITERIA: dict[str, str] = {
    "skills": "Skills the mentee wants to learn that the mentor teaches",
    "goals": "Career goals and program objectives",
    "interests": "Shared interests",
    "level_gap": "Level difference",
    "department": "Department",
    "timezone": "Working hours overlap",
    "language": "Shared language",
    "style": "Working style",
    "choice": "The mentee's own choices",
}

#: The engine's defaults: skills first, then goals and the level gap; ranked choices off
#: until a program collects them.
DEFAULT_WEIGHTS: dict[str, float] = Weights().as_dict()

DEPARTMENT_PREFERENCES = ("different", "same", "any")


@dataclass(frozen=True)
class MatchingConfig:
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    department: str = "different"
    min_level_gap: int = 1
    max_level_gap: int = 4
    require_shared_language: bool = True
    min_score: float | None = None
    objective: str = Objective.PARTICIPATION
    suggestions: int = 3
    request_expiry_days: int = 7

    def __post_init__(self) -> None:
        errors: dict[str, str] = {}
        unknown = set(self.weights) - set(CRITERIA)
        if unknown:
            errors["weights"] = f"Unknown criteria: {', '.join(sorted(unknown))}."
        elif any(not 0 <= w <= 10 for w in self.weights.values()):
            errors["weights"] = "Each weight must be between 0 and 10."
        elif not any(self.weights.values()):
            errors["weights"] = "At least one criterion needs a weight above 0."
        if self.department not in DEPARTMENT_PREFERENCES:
            errors["department"] = "Choose same, different or any department."
        if not 0 <= self.min_level_gap <= self.max_level_gap <= 11:
            errors["max_level_gap"] = "The level gap range must run from low to high, 0 to 11."
        if self.min_score is not None and not 0 <= self.min_score <= 1:
            errors["min_score"] = "The minimum score is between 0 and 1."
        if not 1 <= self.suggestions <= 10:
            errors["suggestions"] = "Show each mentee between 1 and 10 suggestions."
        if not 1 <= self.request_expiry_days <= 60:
            errors["request_expiry_days"] = "Requests expire after 1 to 60 days."
        if self.objective not in Objective.values:
            errors["objective"] = "Choose participation, score or fair."
        if errors:
            raise ApplicationError(errors)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "MatchingConfig":
        data = dict(data or {})
        weights = {**DEFAULT_WEIGHTS, **data.pop("weights", {})}
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(weights=weights, **known)

    def with_changes(self, **changes: Any) -> "MatchingConfig":
        return replace(self, **changes)
