"""Reads of recognition: mentors' contributions, badge criteria, kudos and who shows what.

Mentor hours follow the analytics definition (`analytics.queries`, KPI `mentor_hours`): the
`held_minutes` of check-ins recorded as held, of pairs that started (whatever came after),
counted by the check-in's start, divided by 60. Every figure of `mentor_contributions` is one
aggregate query over all the mentors asked for, never one per mentor.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.feedback.models import PulseRating
from mentorpath.learning.enums import Audience
from mentorpath.learning.models import PathProgress
from mentorpath.mentoring.enums import (
    STARTED_MENTORSHIP,
    CheckInStatus,
    EndReason,
    MentorshipStatus,
)
from mentorpath.mentoring.models import CheckIn, Mentorship
from mentorpath.people.models import Person
from mentorpath.programs.models import Program
from mentorpath.recognition.enums import BadgeCriterion
from mentorpath.recognition.models import Badge, BadgeAward, Kudos, RecognitionPreference

MIN_RATINGS_FOR_BADGE = 3
"""An average-rating badge needs at least this many ratings: one 5 is not a reputation."""

TOP_KUDOS = 3
"""Kudos shown on a program's page (the wall has them all)."""


# ---- periods -----------------------------------------------------------------------------


def day_start(day: date) -> datetime:
    """The first instant of `day` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def in_period(field_name: str, date_from: date | None, date_to: date | None) -> Q:
    """`field_name` (a datetime) within the days from `date_from` to `date_to`, both included."""
    condition = Q()
    if date_from is not None:
        condition &= Q(**{f"{field_name}__gte": day_start(date_from)})
    if date_to is not None:
        condition &= Q(**{f"{field_name}__lt": day_start(date_to + timedelta(days=1))})
    return condition


def held_checkins() -> QuerySet[CheckIn]:
    """The check-ins that count as mentor hours (the analytics definition)."""
    return CheckIn.objects.filter(
        status=CheckInStatus.HELD, mentorship__status__in=STARTED_MENTORSHIP
    )


def completed_pairs() -> QuerySet[Mentorship]:
    """Pairs that ran to their end: completed, for the reason 'completed the program'."""
    return Mentorship.objects.filter(
        status=MentorshipStatus.COMPLETED, end_reason=EndReason.COMPLETED
    )


def hours_of(minutes: int | None) -> Decimal:
    """Minutes as hours, to one decimal, halves up (135 minutes: 2.3 hours)."""
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# ---- preferences ---------------------------------------------------------------------------


def preference_of(*, person: Person) -> RecognitionPreference:
    """The person's choices; an unsaved row with the defaults when they never chose."""
    found = RecognitionPreference.objects.filter(person=person).first()
    return found or RecognitionPreference(person=person)


def shows_publicly(*, person: Person) -> bool:
    return preference_of(person=person).show_publicly


def private_people() -> QuerySet[RecognitionPreference]:
    """People who keep their recognition off public surfaces."""
    return RecognitionPreference.objects.filter(show_publicly=False)


def opted_out_of_export() -> QuerySet[RecognitionPreference]:
    return RecognitionPreference.objects.filter(include_in_reward_export=False)


# ---- contributions -------------------------------------------------------------------------


@dataclass
class Contribution:
    """One mentor's figures over a period (and programs)."""

    person_id: int
    employee_id: str
    name: str
    department: str
    minutes: int = 0
    pairs: int = 0
    pairs_completed: int = 0
    average_rating: Decimal | None = None
    ratings: int = 0
    trainings: int = 0
    kudos: int = 0
    badges: list[str] = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return hours_of(self.minutes)


def _started_pairs(
    date_from: date | None, date_to: date | None, program_ids: Collection[int] | None
) -> QuerySet[Mentorship]:
    """Started pairs that overlap the period, in the programs."""
    pairs = Mentorship.objects.filter(status__in=STARTED_MENTORSHIP, started_at__isnull=False)
    if date_to is not None:
        pairs = pairs.filter(started_at__lt=day_start(date_to + timedelta(days=1)))
    if date_from is not None:
        pairs = pairs.filter(Q(ended_at__isnull=True) | Q(ended_at__gte=day_start(date_from)))
    if program_ids is not None:
        pairs = pairs.filter(program_id__in=program_ids)
    return pairs


def mentor_contributions(
    *,
    person_ids: Collection[int] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    program_ids: Collection[int] | None = None,
) -> list[Contribution]:
    """Per mentor: hours, pairs mentored, pairs completed, the average pulse rating their
    mentees gave their check-ins, learning paths completed, kudos received and badges held.

    Mentors are the people with a started pair (as mentor) overlapping the period in the
    programs; with `person_ids`, exactly those people (zeros where they did nothing). Hours,
    ratings and kudos count within the period and programs; completed pairs by the day they
    ended; learning paths by the day completed; badges held by the end of the period. Sorted
    by name."""
    pairs = _started_pairs(date_from, date_to, program_ids)
    if person_ids is None:
        people = Person.objects.filter(pk__in=pairs.values("mentor__person_id"))
    else:
        people = Person.objects.filter(pk__in=list(person_ids))
    rows = {
        person.pk: Contribution(
            person_id=person.pk,
            employee_id=person.employee_id,
            name=person.full_name,
            department=person.department.name if person.department else "",
        )
        for person in people.select_related("department").order_by("last_name", "first_name", "pk")
    }
    if not rows:
        return []
    ids = list(rows)
    in_programs = Q() if program_ids is None else Q(mentorship__program_id__in=program_ids)

    hours = (
        held_checkins()
        .filter(in_programs, in_period("starts_at", date_from, date_to))
        .filter(mentorship__mentor__person_id__in=ids)
        .values("mentorship__mentor__person_id")
        .annotate(minutes=Sum("held_minutes"))
    )
    for held in hours:
        rows[held["mentorship__mentor__person_id"]].minutes = held["minutes"] or 0

    completed = Q(status=MentorshipStatus.COMPLETED, end_reason=EndReason.COMPLETED) & in_period(
        "ended_at", date_from, date_to
    )
    for pair in (
        pairs.filter(mentor__person_id__in=ids)
        .values("mentor__person_id")
        .annotate(pairs=Count("pk"), completed=Count("pk", filter=completed))
    ):
        rows[pair["mentor__person_id"]].pairs = pair["pairs"]
        rows[pair["mentor__person_id"]].pairs_completed = pair["completed"]

    in_programs_checkin = (
        Q() if program_ids is None else Q(checkin__mentorship__program_id__in=program_ids)
    )
    for rating in (
        _mentee_ratings()
        .filter(in_programs_checkin, in_period("checkin__starts_at", date_from, date_to))
        .filter(checkin__mentorship__mentor__person_id__in=ids)
        .values("checkin__mentorship__mentor__person_id")
        .annotate(total=Sum("rating"), n=Count("pk"))
    ):
        contribution = rows[rating["checkin__mentorship__mentor__person_id"]]
        contribution.ratings = rating["n"]
        contribution.average_rating = round(Decimal(rating["total"]) / rating["n"], 2)

    for path in (
        mentor_trainings_completed()
        .filter(person_id__in=ids)
        .filter(in_period("completed_at", date_from, date_to))
        .values("person_id")
        .annotate(n=Count("pk"))
    ):
        rows[path["person_id"]].trainings = path["n"]

    for thanks in (
        Kudos.objects.filter(recipient_id__in=ids)
        .filter(in_programs, in_period("created_at", date_from, date_to))
        .values("recipient_id")
        .annotate(n=Count("pk"))
    ):
        rows[thanks["recipient_id"]].kudos = thanks["n"]

    awards = BadgeAward.objects.filter(person_id__in=ids).filter(
        in_period("awarded_at", None, date_to)
    )
    for person_id, name in awards.order_by("badge__name").values_list("person_id", "badge__name"):
        rows[person_id].badges.append(name)
    return list(rows.values())


def mentor_trainings_completed() -> QuerySet[PathProgress]:
    """Completed learning paths meant for mentors (audience mentors, or mentors and mentees)
    or that a program requires of its mentors: a mentee's onboarding is no mentor training."""
    for_mentors = Q(path__audience__in=(Audience.MENTOR, Audience.BOTH)) | Q(
        path__in=Program.objects.filter(mentor_training_path__isnull=False).values(
            "mentor_training_path"
        )
    )
    return PathProgress.objects.filter(for_mentors, completed_at__isnull=False)


def _mentee_ratings() -> QuerySet[PulseRating]:
    """Pulse ratings the mentee side gave held check-ins of started pairs."""
    return PulseRating.objects.filter(
        role="mentee",
        checkin__status=CheckInStatus.HELD,
        checkin__mentorship__status__in=STARTED_MENTORSHIP,
    )


def contribution_of(
    *, person: Person, date_from: date | None = None, date_to: date | None = None
) -> Contribution:
    return mentor_contributions(person_ids=[person.pk], date_from=date_from, date_to=date_to)[0]


@dataclass
class RewardExport:
    rows: list[Contribution]
    left_out: int  # mentors in scope who asked to be left out of reward exports


def reward_export(
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    program_ids: Collection[int] | None = None,
) -> RewardExport:
    """The contributions of every mentor in scope, without those who opted out of reward
    exports (counted in `left_out`)."""
    rows = mentor_contributions(date_from=date_from, date_to=date_to, program_ids=program_ids)
    excluded = set(
        opted_out_of_export()
        .filter(person_id__in=[row.person_id for row in rows])
        .values_list("person_id", flat=True)
    )
    return RewardExport(
        rows=[row for row in rows if row.person_id not in excluded], left_out=len(excluded)
    )


def export_programs_for(*, user: User) -> QuerySet[Program]:
    """The programs whose mentors' contributions `user` may export: all for organization
    admins, the ones they manage for program managers."""
    if user.is_org_admin:
        return Program.objects.order_by("name")
    return Program.objects.filter(managers=user).order_by("name")


# ---- badges --------------------------------------------------------------------------------


def criterion_values(
    criterion: str, *, person_ids: Collection[int] | None = None
) -> dict[int, Decimal]:
    """Each person's all-time figure for an automatic badge criterion (only people with one)."""
    values: dict[int, Decimal] = {}
    if criterion == BadgeCriterion.HOURS:
        checkins = held_checkins()
        if person_ids is not None:
            checkins = checkins.filter(mentorship__mentor__person_id__in=person_ids)
        rows = checkins.values("mentorship__mentor__person_id").annotate(
            minutes=Sum("held_minutes")
        )
        for held in rows:
            values[held["mentorship__mentor__person_id"]] = Decimal(held["minutes"] or 0) / 60
    elif criterion == BadgeCriterion.PAIRS_COMPLETED:
        pairs = completed_pairs()
        if person_ids is not None:
            pairs = pairs.filter(mentor__person_id__in=person_ids)
        for pair in pairs.values("mentor__person_id").annotate(n=Count("pk")):
            values[pair["mentor__person_id"]] = Decimal(pair["n"])
    elif criterion == BadgeCriterion.AVERAGE_RATING:
        ratings = _mentee_ratings()
        if person_ids is not None:
            ratings = ratings.filter(checkin__mentorship__mentor__person_id__in=person_ids)
        for rating in ratings.values("checkin__mentorship__mentor__person_id").annotate(
            total=Sum("rating"), n=Count("pk")
        ):
            if rating["n"] >= MIN_RATINGS_FOR_BADGE:
                values[rating["checkin__mentorship__mentor__person_id"]] = (
                    Decimal(rating["total"]) / rating["n"]
                )
    elif criterion == BadgeCriterion.TRAININGS_DONE:
        paths = mentor_trainings_completed()
        if person_ids is not None:
            paths = paths.filter(person_id__in=person_ids)
        for path in paths.values("person_id").annotate(n=Count("pk")):
            values[path["person_id"]] = Decimal(path["n"])
    elif criterion == BadgeCriterion.KUDOS_RECEIVED:
        kudos = Kudos.objects.all()
        if person_ids is not None:
            kudos = kudos.filter(recipient_id__in=person_ids)
        for received in kudos.values("recipient_id").annotate(n=Count("pk")):
            values[received["recipient_id"]] = Decimal(received["n"])
    return values


def badges_due(*, person_ids: Collection[int] | None = None) -> list[tuple[Badge, int]]:
    """(badge, person id) for each active automatic badge a person has earned and does not
    hold yet. One query per criterion in use, one for the awards already held."""
    badges = list(Badge.objects.filter(is_active=True).exclude(criterion=BadgeCriterion.MANUAL))
    if not badges:
        return []
    values = {
        criterion: criterion_values(criterion, person_ids=person_ids)
        for criterion in {badge.criterion for badge in badges}
    }
    earned = [
        (badge, person_id)
        for badge in badges
        for person_id, value in values[badge.criterion].items()
        if badge.threshold is not None and value >= badge.threshold
    ]
    if not earned:
        return []
    held = set(
        BadgeAward.objects.filter(
            badge__in=badges, person_id__in={person_id for _, person_id in earned}
        ).values_list("badge_id", "person_id")
    )
    return [(badge, person_id) for badge, person_id in earned if (badge.pk, person_id) not in held]


def badges_with_holders() -> QuerySet[Badge]:
    return Badge.objects.annotate(holders=Count("awards"))


def awards_of(*, person: Person) -> QuerySet[BadgeAward]:
    return BadgeAward.objects.filter(person=person).select_related("badge")


def awards_of_badge(*, badge: Badge) -> QuerySet[BadgeAward]:
    return badge.awards.select_related("person", "awarded_by").order_by("-awarded_at")


# ---- kudos ---------------------------------------------------------------------------------


def _kudos() -> QuerySet[Kudos]:
    return Kudos.objects.select_related("author", "recipient", "mentorship__program")


def kudos_received(*, person: Person) -> QuerySet[Kudos]:
    """All kudos a person received (their own view, and their profile when public)."""
    return _kudos().filter(recipient=person)


def kudos_of_pair(*, mentorship: Mentorship) -> QuerySet[Kudos]:
    return _kudos().filter(mentorship=mentorship)


def wall(*, program: Program, include_hidden: bool = False) -> QuerySet[Kudos]:
    """A program's recognition wall: kudos the author shared, to mentors who show their
    recognition publicly, not hidden by the program team (unless `include_hidden`, for the
    team), newest first."""
    kudos = _kudos().filter(mentorship__program=program, share_on_wall=True)
    kudos = kudos.exclude(Exists(private_people().filter(person_id=OuterRef("recipient_id"))))
    if not include_hidden:
        kudos = kudos.filter(hidden_at__isnull=True)
    return kudos


def wall_top(*, program: Program) -> list[Kudos]:
    return list(wall(program=program)[:TOP_KUDOS])


# ---- summaries -----------------------------------------------------------------------------


@dataclass
class Summary:
    """What a person's recognition page or profile shows."""

    person: Person
    contribution: Contribution
    awards: list[BadgeAward]
    kudos: list[Kudos]
    public: bool


def summary_of(*, person: Person) -> Summary:
    return Summary(
        person=person,
        contribution=contribution_of(person=person),
        awards=list(awards_of(person=person)),
        kudos=list(kudos_received(person=person)),
        public=shows_publicly(person=person),
    )


def completed_pairs_of(*, person: Person) -> QuerySet[Mentorship]:
    """The person's completed pairs (as mentor or mentee), for their certificates."""
    return (
        completed_pairs()
        .filter(Q(mentor__person=person) | Q(mentee__person=person))
        .select_related("program", "mentor__person", "mentee__person")
        .order_by("-ended_at")
    )


@dataclass
class PairFacts:
    held: int
    minutes: int

    @property
    def hours(self) -> Decimal:
        return hours_of(self.minutes)


def pair_facts(*, mentorship: Mentorship) -> PairFacts:
    """Check-ins held and their minutes, for a pair's certificate."""
    figures = (
        held_checkins()
        .filter(mentorship=mentorship)
        .aggregate(held=Count("pk"), minutes=Sum("held_minutes"))
    )
    return PairFacts(held=figures["held"], minutes=figures["minutes"] or 0)
