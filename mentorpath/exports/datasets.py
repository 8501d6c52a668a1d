"""What can be exported: each dataset defined once, as its columns and the rows under a scope.

Rows are plain tuples read with `values_list(...).iterator(chunk_size=2000)`, so a dataset of
any size streams in constant memory without building model instances. The scope (which
programs, which people columns, the executive's copy of survey results) comes from
`exports.permissions.export_scope`; the filters (program, date range) from the page or API.

Never exported: private notes (nor any note body: check-ins carry only the number of *shared*
notes), application answers, pause and end notes, and survey free text the viewer may not
see on the results page.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet

from mentorpath.exports.enums import DatasetKey
from mentorpath.feedback.enums import SurveyQuestionKind, SurveyStatus
from mentorpath.feedback.models import Survey
from mentorpath.feedback.queries import SUPPRESSED_REASON, QuestionResult, survey_results
from mentorpath.mentoring.enums import NoteVisibility
from mentorpath.mentoring.models import CheckIn, Goal, Mentorship
from mentorpath.people.models import Person
from mentorpath.programs.models import Enrollment, Program

CHUNK_SIZE = 2000

Row = tuple[Any, ...]


@dataclass(frozen=True)
class ExportFilters:
    program: Program | None = None
    date_from: date | None = None
    date_to: date | None = None

    def as_plain(self) -> dict[str, str | None]:
        """The filters as plain values (for the audit record)."""
        return {
            "program": self.program.slug if self.program else None,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
        }


@dataclass(frozen=True)
class Scope:
    """What one viewer may export of one dataset (built by `permissions.export_scope`)."""

    program_ids: frozenset[int] | None = None  # None: every program (and every person)
    full_people: bool = True  # False: people with the limited columns only
    executive: bool = False  # survey results as executives see them (suppressed, no text)


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    date_label: str  # what the date range applies to; "" when it does not apply
    columns: tuple[str, ...]
    read: Callable[[Scope, ExportFilters], Iterable[Row]]
    limited_columns: tuple[str, ...] = ()  # people, for program managers

    def columns_for(self, scope: Scope) -> tuple[str, ...]:
        return (
            self.columns if scope.full_people or not self.limited_columns else self.limited_columns
        )

    def rows(self, scope: Scope, filters: ExportFilters) -> Iterable[Row]:
        return self.read(scope, filters)


def _in_programs(
    queryset: QuerySet[Any], scope: Scope, filters: ExportFilters, field: str = "program"
) -> QuerySet[Any]:
    if scope.program_ids is not None:
        queryset = queryset.filter(**{f"{field}_id__in": scope.program_ids})
    if filters.program is not None:
        queryset = queryset.filter(**{f"{field}_id": filters.program.pk})
    return queryset


def _in_dates(queryset: QuerySet[Any], filters: ExportFilters, field: str) -> QuerySet[Any]:
    """Rows whose date `field` is in the range, both days included."""
    if filters.date_from is not None:
        queryset = queryset.filter(**{f"{field}__gte": filters.date_from})
    if filters.date_to is not None:
        queryset = queryset.filter(**{f"{field}__lte": filters.date_to})
    return queryset


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _in_utc_days(
    queryset: QuerySet[Any], filters: ExportFilters, field: str, *, margin: int = 0
) -> QuerySet[Any]:
    """Rows whose moment `field` falls on a day of the range in UTC (whoever asks), widened
    by `margin` days on each side."""
    if filters.date_from is not None:
        start = _midnight(
            max(filters.date_from, date.min + timedelta(days=margin)) - timedelta(days=margin)
        )
        queryset = queryset.filter(**{f"{field}__gte": start})
    if filters.date_to is not None:
        last = min(filters.date_to, date.max - timedelta(days=1 + margin))
        end = _midnight(last + timedelta(days=1 + margin))
        queryset = queryset.filter(**{f"{field}__lt": end})
    return queryset


def _stream(queryset: QuerySet[Any], fields: tuple[str, ...]) -> Iterator[Row]:
    return queryset.values_list(*fields).iterator(chunk_size=CHUNK_SIZE)


# People -----------------------------------------------------------------------------------

PEOPLE_FIELDS = {
    "employee_id": "employee_id",
    "first_name": "first_name",
    "last_name": "last_name",
    "email": "email",
    "title": "title",
    "department": "department__name",
    "level": "level",
    "manager_employee_id": "manager__employee_id",
    "location": "location__name",
    "time_zone": "time_zone",
    "hire_date": "hire_date",
    "termination_date": "termination_date",
}
PEOPLE_LIMITED = ("employee_id", "first_name", "last_name", "email", "title", "department")


def _people(scope: Scope, filters: ExportFilters) -> Iterator[Row]:
    people = Person.objects.all()
    if scope.program_ids is not None or filters.program is not None:
        enrolled = _in_programs(Enrollment.objects.all(), scope, filters).values("person")
        people = people.filter(pk__in=enrolled)
    names = PEOPLE_FIELDS if scope.full_people else PEOPLE_LIMITED
    fields = tuple(PEOPLE_FIELDS[name] for name in names)
    return _stream(people.order_by("employee_id"), fields)


# Enrollments ------------------------------------------------------------------------------

ENROLLMENT_FIELDS = {
    "enrollment_id": "pk",
    "program": "program__name",
    "employee_id": "person__employee_id",
    "first_name": "person__first_name",
    "last_name": "person__last_name",
    "email": "person__email",
    "role": "role",
    "status": "status",
    "capacity": "capacity",
    "load": "load",
    "enrolled_at_utc": "created_at",
    "decided_at_utc": "decided_at",
}


def _enrollments(scope: Scope, filters: ExportFilters) -> Iterator[Row]:
    enrollments = _in_programs(Enrollment.objects.all(), scope, filters)
    enrollments = _in_utc_days(enrollments, filters, "created_at")
    return _stream(enrollments.order_by("program_id", "pk"), tuple(ENROLLMENT_FIELDS.values()))


# Pairs ------------------------------------------------------------------------------------

PAIR_FIELDS = {
    "pair_id": "pk",
    "program": "program__name",
    "mentor_employee_id": "mentor__person__employee_id",
    "mentor_first_name": "mentor__person__first_name",
    "mentor_last_name": "mentor__person__last_name",
    "mentee_employee_id": "mentee__person__employee_id",
    "mentee_first_name": "mentee__person__first_name",
    "mentee_last_name": "mentee__person__last_name",
    "status": "status",
    "source": "source",
    "match_score": "match_score",
    "proposed_at_utc": "created_at",
    "started_at_utc": "started_at",
    "ended_at_utc": "ended_at",
    "end_reason": "end_reason",
}


def _pairs(scope: Scope, filters: ExportFilters) -> Iterator[Row]:
    pairs = _in_programs(Mentorship.objects.all(), scope, filters)
    pairs = _in_utc_days(pairs, filters, "created_at")
    return _stream(pairs.order_by("program_id", "pk"), tuple(PAIR_FIELDS.values()))


# Goals ------------------------------------------------------------------------------------

GOAL_FIELDS = {
    "goal_id": "pk",
    "pair_id": "mentorship_id",
    "program": "mentorship__program__name",
    "mentee_employee_id": "mentorship__mentee__person__employee_id",
    "mentee_first_name": "mentorship__mentee__person__first_name",
    "mentee_last_name": "mentorship__mentee__person__last_name",
    "title": "title",
    "status": "status",
    "progress": "progress",
    "target_date": "target_date",
    "completed_at_utc": "completed_at",
    "skill": "skill__name",
    "objective": "objective__title",
    "milestones": "milestone_count",
    "milestones_done": "milestones_done",
}


def _goals(scope: Scope, filters: ExportFilters) -> Iterator[Row]:
    goals = _in_programs(Goal.objects.all(), scope, filters, field="mentorship__program")
    goals = _in_dates(goals, filters, "target_date").annotate(
        milestone_count=Count("milestones"),
        milestones_done=Count("milestones", filter=Q(milestones__done_at__isnull=False)),
    )
    return _stream(goals.order_by("mentorship_id", "pk"), tuple(GOAL_FIELDS.values()))


# Check-ins --------------------------------------------------------------------------------

CHECKIN_FIELDS = {
    "checkin_id": "pk",
    "pair_id": "mentorship_id",
    "program": "mentorship__program__name",
    "mentor_employee_id": "mentorship__mentor__person__employee_id",
    "mentee_employee_id": "mentorship__mentee__person__employee_id",
    "date": "time_zone",  # the local date, computed from starts_at in the check-in's zone
    "starts_at_utc": "starts_at",
    "time_zone": "time_zone",
    "duration_minutes": "duration_minutes",
    "status": "status",
    "held_minutes": "held_minutes",
    "agenda": "agenda",
    "shared_notes": "shared_notes",
}


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _checkins(scope: Scope, filters: ExportFilters) -> Iterator[Row]:
    checkins = _in_programs(CheckIn.objects.all(), scope, filters, field="mentorship__program")
    # A day of the range is the check-in's own local day (its `date` column): widen the range
    # by a day in SQL, whatever the zone, then keep the rows whose local day is in it.
    checkins = _in_utc_days(checkins, filters, "starts_at", margin=1).annotate(
        # A count of the shared notes alone: no note body, and private notes never counted.
        shared_notes=Count("notes", filter=Q(notes__visibility=NoteVisibility.SHARED))
    )
    rows = _stream(checkins.order_by("starts_at", "pk"), tuple(CHECKIN_FIELDS.values()))
    date_at = tuple(CHECKIN_FIELDS).index("date")
    starts_at = tuple(CHECKIN_FIELDS).index("starts_at_utc")
    first, last = filters.date_from or date.min, filters.date_to or date.max
    for row in rows:
        starts: datetime = row[starts_at]
        local_day = starts.astimezone(_zone(row[date_at])).date()
        if first <= local_day <= last:
            yield (*row[:date_at], local_day, *row[date_at + 1 :])


# Survey results ---------------------------------------------------------------------------

SURVEY_COLUMNS = (
    "program",
    "survey_id",
    "survey",
    "survey_status",
    "asked",
    "respondents",
    "question_number",
    "question",
    "question_kind",
    "answered",
    "item",
    "count",
    "average",
    "nps",
    "text",
    "note",
)
ALL_ANSWERS = "All answers"
NPS_ITEM = "Net Promoter Score"
TEXT_ITEM = "Written answer"


def _question_rows(head: Row, number: int, question: QuestionResult) -> Iterator[Row]:
    """A question's rows: one per scale point or option with its count, then its number of
    answers with the average (and the NPS); free text one answer a row, where shown."""
    start = (*head, number, question.text, question.kind)
    if question.suppressed:
        yield (*start, None, "", None, None, None, "", SUPPRESSED_REASON)
        return
    for label, count in question.distribution:
        yield (*start, question.answered, str(label), count, None, None, "", "")
    yield (
        *start,
        question.answered,
        ALL_ANSWERS,
        question.answered,
        question.average,
        None,
        "",
        question.texts_hidden_reason,
    )
    if question.kind == SurveyQuestionKind.NPS and question.nps is not None:
        yield (*start, question.answered, NPS_ITEM, None, None, question.nps, "", "")
    for text in question.texts:
        yield (*start, question.answered, TEXT_ITEM, None, None, None, text, "")


def _survey_results(scope: Scope, filters: ExportFilters) -> Iterator[Row]:
    surveys = _in_programs(
        Survey.objects.exclude(status=SurveyStatus.DRAFT).select_related("program"),
        scope,
        filters,
    )
    surveys = _in_utc_days(surveys, filters, "created_at").order_by("program__name", "pk")
    for survey in surveys:
        results = survey_results(survey=survey, viewer_is_executive=scope.executive)
        head = (
            survey.program.name,
            survey.pk,
            survey.title,
            survey.status,
            results.asked,
            results.respondents,
        )
        for number, question in enumerate(results.questions, start=1):
            yield from _question_rows(head, number, question)


DATASETS: dict[str, Dataset] = {
    dataset.key: dataset
    for dataset in (
        Dataset(
            key=DatasetKey.PEOPLE,
            title="People",
            description="Employee records. Program managers get the people enrolled in their "
            "programs, with fewer columns.",
            date_label="",
            columns=tuple(PEOPLE_FIELDS),
            limited_columns=PEOPLE_LIMITED,
            read=_people,
        ),
        Dataset(
            key=DatasetKey.ENROLLMENTS,
            title="Enrollments",
            description="Who joined which program as mentor or mentee, and the decision.",
            date_label="enrolled on (UTC)",
            columns=tuple(ENROLLMENT_FIELDS),
            read=_enrollments,
        ),
        Dataset(
            key=DatasetKey.PAIRS,
            title="Pairs",
            description="Mentorships: mentor, mentee, status, source and dates.",
            date_label="proposed on (UTC)",
            columns=tuple(PAIR_FIELDS),
            read=_pairs,
        ),
        Dataset(
            key=DatasetKey.GOALS,
            title="Goals",
            description="Mentees' goals with their progress and milestones.",
            date_label="target date",
            columns=tuple(GOAL_FIELDS),
            read=_goals,
        ),
        Dataset(
            key=DatasetKey.CHECKINS,
            title="Check-ins",
            description="Meetings of the pairs: date, length, status and agenda, with the "
            "number of shared notes (no note is ever exported).",
            date_label="meeting date (in its time zone)",
            columns=tuple(CHECKIN_FIELDS),
            read=_checkins,
        ),
        Dataset(
            key=DatasetKey.SURVEY_RESULTS,
            title="Survey results",
            description="Each survey's results per question, as the results page shows them "
            "to you.",
            date_label="survey created on (UTC)",
            columns=SURVEY_COLUMNS,
            read=_survey_results,
        ),
    )
}
