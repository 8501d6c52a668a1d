"""A program manager's weekly digest: what in each active program they manage needs them.

Per program: stalled pairs (no check-in held for twice their rhythm, from
`mentoring.queries.pair_health`), check-ins rated 2 or lower in the last 7 days, goals marked at
risk, and KPIs off their program's target (without the succession KPI for a manager who may
not see succession data). Pairs are named by their two people only; no
pulse comment, note or survey answer is ever part of it. `digest_message` writes the notice
(plain text and HTML), dates in the reader's time zone.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from mentorpath.analytics.kpis import KpiValue, Scope, suppress_small_groups, without_succession
from mentorpath.analytics.present import kpi_value, target_text
from mentorpath.analytics.queries import dashboard
from mentorpath.feedback.models import PulseRating
from mentorpath.mentoring.enums import GoalStatus
from mentorpath.mentoring.models import Goal, Mentorship
from mentorpath.mentoring.queries import pair_health
from mentorpath.programs.models import Program

LOW_RATING = 2
"""Pulse ratings at or below this are reported."""
PULSE_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class Pair:
    mentorship_id: int
    mentee: str
    mentor: str

    @classmethod
    def of(cls, mentorship: Mentorship) -> "Pair":
        return cls(
            mentorship_id=mentorship.pk,
            mentee=mentorship.mentee.person.full_name,
            mentor=mentorship.mentor.person.full_name,
        )

    @property
    def names(self) -> str:
        return f"{self.mentee} (mentee) and {self.mentor} (mentor)"


@dataclass(frozen=True)
class StalledPair:
    pair: Pair
    since: datetime  # the last held check-in, or the start when none was held
    ever_held: bool


@dataclass(frozen=True)
class LowRating:
    pair: Pair
    rating: int
    checkin_at: datetime


@dataclass(frozen=True)
class GoalAtRisk:
    pair: Pair
    title: str


@dataclass(frozen=True)
class ProgramDigest:
    program: Program
    stalled: tuple[StalledPair, ...]
    low_ratings: tuple[LowRating, ...]
    goals_at_risk: tuple[GoalAtRisk, ...]
    kpis_off_target: tuple[KpiValue, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.stalled or self.low_ratings or self.goals_at_risk or self.kpis_off_target)


def program_digest(
    *, program: Program, now: datetime, suppressed: bool = False, succession: bool = False
) -> ProgramDigest:
    """What needs the program team's attention in `program` at `now`. `suppressed`: KPIs from
    the executive copy (an executive who manages the program reads no small-group figure).
    `succession`: the reader may see succession data, so the pipeline KPI stays in."""
    health = pair_health(program=program, now=now)
    stalled = tuple(
        StalledPair(pair=Pair.of(row.mentorship), since=since, ever_held=row.last_held is not None)
        for row in health
        # pair_health flags a pair stalled only when it has one of the two dates.
        if row.stalled and (since := row.last_held or row.mentorship.started_at) is not None
    )
    risky = [row.mentorship.pk for row in health if row.at_risk]
    pairs = {row.mentorship.pk: Pair.of(row.mentorship) for row in health}
    goals = (
        Goal.objects.filter(mentorship__in=risky, status=GoalStatus.AT_RISK)
        .order_by("mentorship__mentee__person__last_name", "mentorship_id", "target_date", "pk")
        .values_list("mentorship_id", "title")
        if risky
        else []
    )
    ratings = (
        PulseRating.objects.filter(
            checkin__mentorship__program=program,
            rating__lte=LOW_RATING,
            updated_at__gt=now - PULSE_WINDOW,
            updated_at__lte=now,
        )
        .select_related(
            "checkin__mentorship__mentor__person", "checkin__mentorship__mentee__person"
        )
        .order_by("checkin__starts_at", "pk")
    )
    figures = dashboard(scope=Scope(programs=(program.pk,)), now=now)
    if suppressed:
        figures = suppress_small_groups(figures)
    if not succession:
        figures = without_succession(figures)
    return ProgramDigest(
        program=program,
        stalled=stalled,
        low_ratings=tuple(
            LowRating(
                pair=Pair.of(pulse.checkin.mentorship),
                rating=pulse.rating,
                checkin_at=pulse.checkin.starts_at,
            )
            for pulse in ratings
        ),
        goals_at_risk=tuple(GoalAtRisk(pair=pairs[pk], title=title) for pk, title in goals),
        kpis_off_target=tuple(kpi for kpi in figures.kpis if kpi.on_target is False),
    )


# The message ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    html_body: str
    url: str


def _day(moment: datetime, zone: tzinfo) -> str:
    return formats.date_format(moment.astimezone(zone).date(), "l j F Y")


def _kpi_line(kpi: KpiValue) -> str:
    return f"{kpi.label}: {kpi_value(kpi)} (target: {target_text(kpi.target, kpi.unit)})"


def _sections(digest: ProgramDigest, zone: tzinfo) -> list[tuple[str, list[str]]]:
    """(heading, lines) of each part of a program's digest that has something in it."""
    stalled = [
        f"{s.pair.names}: no check-in held since "
        f"{'' if s.ever_held else 'the start, '}{_day(s.since, zone)}"
        for s in digest.stalled
    ]
    ratings = [
        f"{r.pair.names}: {r.rating}/5 for the check-in of {_day(r.checkin_at, zone)}"
        for r in digest.low_ratings
    ]
    goals = [f"{g.pair.names}: {g.title}" for g in digest.goals_at_risk]
    kpis = [_kpi_line(kpi) for kpi in digest.kpis_off_target]
    sections = [
        (f"Stalled pairs ({len(stalled)})", stalled),
        (f"Check-ins rated {LOW_RATING} or lower in the last 7 days ({len(ratings)})", ratings),
        (f"Goals at risk ({len(goals)})", goals),
        (f"KPIs off target ({len(kpis)})", kpis),
    ]
    return [(heading, lines) for heading, lines in sections if lines]


def _links(program: Program) -> list[tuple[str, str]]:
    return [
        ("Pairs", reverse("mentoring:pairs", args=[program.slug])),
        ("Dashboard", reverse("analytics:program", args=[program.slug])),
    ]


def _subject(digests: Sequence[ProgramDigest]) -> str:
    names = [digest.program.name for digest in digests]
    if len(names) == 1:
        return f"Weekly digest: {names[0]}"
    if len(names) == 2:
        return f"Weekly digest: {names[0]} and {names[1]}"
    return f"Weekly digest: {len(names)} programs"


def digest_message(
    digests: Sequence[ProgramDigest], *, zone: tzinfo, week: tuple[int, int]
) -> Message:
    """The notice of a manager's digests (none of them empty): ISO `week` (year, number)."""
    year, number = week
    intro = f"What needs your attention in the programs you manage, week {number} of {year}."
    text = [intro]
    html: list[SafeString] = [format_html("<p>{}</p>", intro)]
    for digest in digests:
        program = digest.program
        sections = _sections(digest, zone)
        links = _links(program)
        text.append("")
        text.append(program.name)
        for heading, lines in sections:
            text.append(f"{heading}:")
            text.extend(f"- {line}" for line in lines)
        text.extend(f"{label}: {settings.SITE_URL}{path}" for label, path in links)
        html.append(format_html("<h2>{}</h2>", program.name))
        for heading, lines in sections:
            html.append(
                format_html(
                    "<h3>{}</h3><ul>{}</ul>",
                    heading,
                    format_html_join("", "<li>{}</li>", ((line,) for line in lines)),
                )
            )
        html.append(
            format_html(
                "<p>{}</p>",
                format_html_join(
                    " · ",
                    '<a href="{}{}">{}</a>',
                    ((settings.SITE_URL, path, label) for label, path in links),
                ),
            )
        )
    if len(digests) == 1:
        url = reverse("analytics:program", args=[digests[0].program.slug])
    else:
        url = reverse("analytics:organization")
    return Message(
        subject=_subject(digests),
        body="\n".join(text) + "\n",
        html_body="\n".join(html),
        url=url,
    )
