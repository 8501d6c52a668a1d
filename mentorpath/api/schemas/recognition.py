from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from mentorpath.api.schemas.common import NO_NUL, Input, Slug
from mentorpath.api.schemas.enrollments import ProgramRef
from mentorpath.recognition.enums import BadgeCriterion
from mentorpath.recognition.models import Kudos
from mentorpath.recognition.queries import Contribution, RewardExport, Summary

KudosMessage = Annotated[str, Field(min_length=1, max_length=1000, pattern=NO_NUL)]


class BadgeOut(Schema):
    id: int
    name: str
    description: str
    symbol: str
    criterion: BadgeCriterion
    threshold: Decimal | None = Field(
        description="The hours, pairs, average rating or paths it takes; null when by hand."
    )
    is_active: bool


class AwardOut(Schema):
    badge: BadgeOut
    awarded_at: datetime
    reason: str = Field(description="Why it was awarded by hand; empty when automatic.")


class PersonName(Schema):
    id: int
    name: str


class KudosOut(Schema):
    id: int
    message: str
    author: PersonName
    recipient: PersonName
    program: ProgramRef
    mentorship_id: int
    share_on_wall: bool
    created_at: datetime

    @staticmethod
    def resolve_author(obj: Kudos) -> dict[str, Any]:
        return {"id": obj.author_id, "name": obj.author.full_name}

    @staticmethod
    def resolve_recipient(obj: Kudos) -> dict[str, Any]:
        return {"id": obj.recipient_id, "name": obj.recipient.full_name}

    @staticmethod
    def resolve_program(obj: Kudos) -> Any:
        return obj.mentorship.program


class FiguresOut(Schema):
    hours: Decimal = Field(description="Held check-in minutes / 60, to one decimal.")
    pairs: int = Field(description="Pairs mentored (that started).")
    pairs_completed: int
    average_rating: Decimal | None = Field(
        description="Mean pulse rating (1–5) mentees gave the check-ins; null without ratings."
    )
    ratings: int
    trainings: int = Field(
        description="Completed learning paths meant for mentors (or required of mentors)."
    )
    kudos: int = Field(description="Kudos received.")


def figures_out(row: Contribution) -> dict[str, Any]:
    return {
        "hours": row.hours,
        "pairs": row.pairs,
        "pairs_completed": row.pairs_completed,
        "average_rating": row.average_rating,
        "ratings": row.ratings,
        "trainings": row.trainings,
        "kudos": row.kudos,
    }


class RecognitionOut(Schema):
    person: PersonName
    public: bool = Field(
        description="Whether the person shows their recognition to others. When false, others "
        "get no figures, badges or kudos."
    )
    figures: FiguresOut | None
    badges: list[AwardOut]
    kudos: list[KudosOut]


def recognition_out(summary: Summary | None, *, person: Any, public: bool) -> dict[str, Any]:
    """The summary, or for a private person seen by someone else, nothing but the flag."""
    return {
        "person": {"id": person.pk, "name": person.full_name},
        "public": public,
        "figures": figures_out(summary.contribution) if summary else None,
        "badges": summary.awards if summary else [],
        "kudos": summary.kudos if summary else [],
    }


class KudosIn(Input):
    message: KudosMessage
    share_on_wall: bool = Field(
        False, description="The author agrees to show it on the program's recognition wall."
    )


SHOW_PUBLICLY = (
    "Show your badges, hours and kudos on your profile and the programs' recognition walls; "
    "false: nobody else sees them (you still do)."
)
IN_REWARD_EXPORT = (
    "Include your mentoring contributions in HR reward exports; false: they leave you out and "
    "only count how many people were left out."
)


class PreferencesOut(Schema):
    show_publicly: bool = Field(description=SHOW_PUBLICLY)
    include_in_reward_export: bool = Field(description=IN_REWARD_EXPORT)


class PreferencesIn(Input):
    """Both settings (PUT replaces them)."""

    show_publicly: bool = Field(description=SHOW_PUBLICLY)
    include_in_reward_export: bool = Field(description=IN_REWARD_EXPORT)


class ContributionFilters(Schema):
    program: Slug | None = Field(None, description="One program (by slug); default: all yours.")
    date_from: date | None = Field(None, description="From this day (inclusive).")
    date_to: date | None = Field(None, description="To this day (inclusive).")


class ContributionOut(FiguresOut):
    person_id: int
    employee_id: str
    name: str
    department: str
    badges: list[str]


class ContributionsOut(Schema):
    left_out: int = Field(description="Mentors in scope who asked to be left out of exports.")
    rows: list[ContributionOut]


def contributions_out(export: RewardExport) -> dict[str, Any]:
    return {
        "left_out": export.left_out,
        "rows": [
            {
                **figures_out(row),
                "person_id": row.person_id,
                "employee_id": row.employee_id,
                "name": row.name,
                "department": row.department,
                "badges": row.badges,
            }
            for row in export.rows
        ],
    }
