"""`seed_demo`: the last two years (leavers, closed programs) and the feedback history."""

import io
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from mentorpath.accounts.models import User
from mentorpath.demo.seed import reference_now
from mentorpath.feedback.models import (
    PulseRating,
    SkillAssessment,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)
from mentorpath.feedback.queries import responses_pending_for
from mentorpath.mentoring.enums import STARTED_MENTORSHIP
from mentorpath.mentoring.models import CheckIn, Mentorship
from mentorpath.mentoring.queries import pair_health
from mentorpath.people.models import JobChange, Person
from mentorpath.programs.models import Enrollment, Program
from tests.demo.growth import wipe_growth

pytestmark = pytest.mark.django_db

PEOPLE = 120
HISTORY_PEOPLE = 400  # enough for comparison groups, text answers and every kind of rating
TODAY = date(2026, 3, 2)
YEAR = timedelta(days=365)


def seed(**options: object) -> str:
    out = io.StringIO()
    options = {"people": HISTORY_PEOPLE, "seed": 1, "today": TODAY, **options}
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def wipe() -> None:
    wipe_growth()
    Program.objects.all().delete()
    Person.objects.all().delete()
    User.objects.all().delete()


def fingerprint() -> list[object]:
    """What the history and feedback hold, without clock times (they follow the clock)."""
    return [
        sorted(Person.objects.values_list("email", "gender", "termination_date")),
        sorted(
            JobChange.objects.values_list(
                "person__email", "effective_date", "kind", "to_title", "to_level"
            )
        ),
        sorted(Program.objects.values_list("name", "status", "start_date", "end_date")),
        sorted(
            SurveyResponse.objects.values_list(
                "survey__program__name",
                "survey__title",
                "person__email",
                "role",
                "mentorship__mentee__person__email",
                Q(submitted_at__isnull=False),
                Q(reminded_at__isnull=False),
            )
        ),
        sorted(
            Counter(
                SurveyAnswer.objects.values_list("question__text", "number", "choice", "text")
            ).items()
        ),
        sorted(
            Counter(
                PulseRating.objects.values_list("person__email", "role", "rating", "comment")
            ).items()
        ),
        sorted(
            SkillAssessment.objects.values_list(
                "mentorship__mentee__person__email", "skill__name", "phase", "rater_role", "level"
            )
        ),
    ]


def closed_programs() -> dict[str, Program]:
    return {p.program_type: p for p in Program.objects.filter(status="closed")}


def test_same_seed_gives_the_same_history_and_feedback():
    seed(people=PEOPLE)
    first = fingerprint()
    wipe()

    seed(people=PEOPLE)

    assert fingerprint() == first
    assert first[3] and first[5]  # responses and pulses at the smallest size too


def test_closed_programs_ran_their_course_with_employed_cohorts():
    output = seed()

    programs = closed_programs()
    career, early = programs["career"], programs["early_talent"]
    assert career.name == f"Career Compass {career.start_date.year}"
    assert early.name == f"Early Talent {early.start_date.year}"
    assert TODAY - career.start_date == timedelta(days=730)
    assert TODAY - early.start_date == timedelta(days=455)
    assert career.eligible_departments.count() == 3  # the pilot
    for program in programs.values():
        assert program.end_date < TODAY - timedelta(days=150)
        targets = {o.kpi: (o.comparator, o.target) for o in program.objectives.all()}
        assert targets == {
            "retention_12m": ("gte", 90),
            "promotion_rate": ("gte", 20),
            "satisfaction": ("gte", 4),
            "engagement": ("gte", 75),
            "skill_growth": ("gte", 1),
            "completion": ("gte", 80),
        }
        pairs = Mentorship.objects.filter(program=program).select_related(
            "mentee__person", "mentor__person"
        )
        assert pairs.count() >= 10
        statuses = Counter(pairs.values_list("status", flat=True))
        assert set(statuses) <= {"completed", "ended_early"}
        assert statuses["completed"] >= 0.75 * pairs.count()
        assert not program.enrollments.filter(load__gt=0).exists()
        start = program.start_date
        for pair in pairs:
            assert program.start_date < pair.started_at.date() < pair.ended_at.date()
            assert pair.ended_at.date() <= program.end_date
            mentee, mentor = pair.mentee.person, pair.mentor.person
            assert pair.mentee.status == pair.mentor.status == "approved"
            assert mentee.hire_date < start
            assert mentee.termination_date is None or mentee.termination_date > start
            assert mentor.termination_date is None or mentor.termination_date > program.end_date
            assert pair.checkins.filter(status="held").exists()
            assert not pair.checkins.filter(starts_at__gt=pair.ended_at).exists()
        assert program.enrollments.filter(role="mentee", status="declined").exists()
        assert (
            Enrollment.objects.filter(program=program, role="mentee", status="approved").count()
            >= pairs.values("mentee").distinct().count()
        )
    active = Program.objects.get(status="active")
    assert {"satisfaction", "skill_growth"} <= set(active.objectives.values_list("kpi", flat=True))
    assert "Career Compass 2024" in output or "Career Compass 2023" in output
    assert "surveys" in output and "pulses" in output


def level_and_department_on(person: Person, day: date) -> tuple[int, int]:
    changes = [c for c in person.job_changes.all() if c.effective_date <= day]
    last = max(changes, key=lambda c: (c.effective_date, c.pk))
    return last.to_level, last.to_department_id


def tenure_band(person: Person, day: date) -> str:
    years = (day - person.hire_date).days / 365
    return "<1" if years < 1 else "1–3" if years < 3 else "3–5" if years < 5 else "5+"


def test_outcomes_of_mentees_and_comparison_strata_are_measurable():
    seed()

    mentees = set(
        Mentorship.objects.filter(status__in=STARTED_MENTORSHIP).values_list(
            "mentee__person", flat=True
        )
    )
    people = list(Person.objects.prefetch_related("job_changes"))
    largest = 0
    counts: dict[str, Counter[str]] = {"mentees": Counter(), "others": Counter()}
    for program in closed_programs().values():
        start = program.start_date
        participants = set(
            Mentorship.objects.filter(program=program).values_list("mentee__person", flat=True)
        )
        strata: dict[tuple[int, int, str], list[Person]] = defaultdict(list)
        for person in people:
            employed = person.hire_date <= start and (
                person.termination_date is None or person.termination_date > start
            )
            if employed and (person.pk in participants or person.pk not in mentees):
                strata[
                    (*level_and_department_on(person, start), tenure_band(person, start))
                ].append(person)
        for group in strata.values():
            ours = [p for p in group if p.pk in participants]
            theirs = [p for p in group if p.pk not in mentees]
            if ours:
                largest = max(largest, len(theirs))
            for side, members in (("mentees", ours), ("others", theirs)):
                for person in members:
                    left = person.termination_date
                    promoted = any(
                        c.kind == "promotion" and start < c.effective_date <= start + YEAR
                        for c in person.job_changes.all()
                    )
                    counts[side]["n"] += 1
                    counts[side]["left"] += left is not None and left <= start + YEAR
                    counts[side]["promoted"] += promoted
        assert len(participants) >= 10

    assert largest >= 5  # a stratum where the comparison means something
    mentees_, others = counts["mentees"], counts["others"]
    assert others["n"] > 3 * mentees_["n"]
    # Some mentees still leave, plenty of others are promoted: modest, not miraculous.
    assert mentees_["left"] >= 1 and others["left"] >= 5
    assert mentees_["promoted"] >= 3 and others["promoted"] >= 10
    mentee_retention = 1 - mentees_["left"] / mentees_["n"]
    other_retention = 1 - others["left"] / others["n"]
    assert 0.8 <= mentee_retention < 1
    assert 0.75 <= other_retention <= 0.97
    assert abs(mentee_retention - other_retention) < 0.15
    terminated = Person.objects.filter(termination_date__gt=TODAY - 2 * YEAR).count()
    assert 0.08 * HISTORY_PEOPLE <= terminated <= 0.25 * HISTORY_PEOPLE


def test_surveys_ask_each_participant_once_and_most_answer():
    seed()
    now = reference_now(TODAY)

    surveys = Survey.objects.select_related("program").annotate(
        asked=Count("responses"),
        answered=Count("responses", filter=Q(responses__submitted_at__isnull=False)),
    )
    assert {s.program.name for s in surveys} == set(
        Program.objects.filter(mentorships__isnull=False).values_list("name", flat=True)
    )
    assert Counter(s.trigger for s in surveys) == {
        "first_checkin": 3,
        "midpoint": 3,
        "end": 3,
        "date": 1,
    }
    for survey in surveys:
        assert survey.answered >= 1, survey
        assert survey.status == ("closed" if survey.program.status == "closed" else "open")
    date_survey = surveys.get(trigger="date")
    assert date_survey.send_on == TODAY - timedelta(days=4) and date_survey.closes_on > TODAY
    triggered = SurveyResponse.objects.exclude(survey__trigger="date")
    answered = triggered.filter(submitted_at__isnull=False).count()
    assert 0.6 <= answered / triggered.count() <= 0.85
    assert not (
        SurveyResponse.objects.values("survey", "person").annotate(n=Count("pk")).filter(n__gt=1)
    )

    responses = SurveyResponse.objects.select_related(
        "survey__program", "mentorship__mentor", "mentorship__mentee"
    )
    for r in responses:
        survey, pair = r.survey, r.mentorship
        assert survey.created_at < r.asked_at < now
        # Asked while approved; a mentee who left the company since has withdrawn.
        assert Enrollment.objects.filter(
            program=survey.program, person=r.person, role=r.role, status="approved"
        ).exists() or (
            r.person.termination_date is not None
            and Enrollment.objects.filter(
                program=survey.program, person=r.person, role=r.role, status="withdrawn"
            ).exists()
        )
        if pair is not None:
            assert pair.program_id == survey.program_id
            assert r.person_id == getattr(pair, r.role).person_id
        if r.submitted_at is not None:
            assert r.asked_at < r.submitted_at <= now
            if survey.closes_on:
                assert r.submitted_at.date() <= survey.closes_on
        if r.reminded_at is not None:
            assert r.asked_at < r.reminded_at <= (r.submitted_at or now)
        if survey.trigger == "first_checkin":
            first = pair.checkins.filter(status="held").order_by("starts_at").first()
            assert first.ends_at <= r.asked_at
        elif survey.trigger == "end":
            assert pair.ended_at <= r.asked_at
            assert r.person.termination_date is None or r.person.termination_date > (
                r.asked_at.date()
            )
        elif survey.trigger == "midpoint":
            assert pair.started_at < r.asked_at


def test_survey_answers_fit_their_questions():
    seed()

    answers = SurveyAnswer.objects.select_related("question", "response")
    for a in answers:
        q = a.question
        assert a.response.submitted_at is not None
        if q.kind == "rating":
            assert 1 <= a.number <= 5
        elif q.kind == "nps":
            assert 0 <= a.number <= 10
        elif q.kind in ("single", "multiple"):
            assert a.choice in q.choices and a.number is None
        else:
            assert a.text and "{" not in a.text and a.number is None
    singles = answers.filter(question__kind="single").values("response", "question")
    assert not singles.annotate(n=Count("pk")).filter(n__gt=1)
    multiples = Counter(
        answers.filter(question__kind="multiple").values_list("response", flat=True)
    )
    assert max(multiples.values()) > 1
    text_counts = Counter(answers.filter(question__kind="text").values_list("question", flat=True))
    for survey in Survey.objects.annotate(
        answered=Count("responses", filter=Q(responses__submitted_at__isnull=False))
    ):
        if survey.answered >= 10:
            for q in survey.questions.filter(kind="text"):
                assert text_counts[q.pk] > 5, (survey, q)
    ratings = list(answers.filter(question__kind="rating").values_list("number", flat=True))
    assert 3.7 <= sum(ratings) / len(ratings) <= 4.5
    nps = list(answers.filter(question__kind="nps").values_list("number", flat=True))
    promoters = sum(n >= 9 for n in nps) / len(nps)
    detractors = sum(n <= 6 for n in nps) / len(nps)
    assert 0.1 <= promoters - detractors <= 0.7
    assert len(set(answers.exclude(text="").values_list("text", flat=True))) > 30


def test_pulses_rate_held_checkins_from_the_pair():
    seed()
    now = reference_now(TODAY)

    pulses = PulseRating.objects.select_related(
        "checkin__mentorship__mentor", "checkin__mentorship__mentee"
    )
    for p in pulses:
        checkin, pair = p.checkin, p.checkin.mentorship
        assert checkin.status == "held"
        assert p.person_id == getattr(pair, p.role).person_id
        assert checkin.ends_at <= p.created_at <= now
    held = CheckIn.objects.filter(status="held").count()
    by_side = Counter(pulses.values_list("role", flat=True))
    for side in ("mentor", "mentee"):
        assert 0.45 <= by_side[side] / held <= 0.75
    ratings = Counter(pulses.values_list("rating", flat=True))
    assert (ratings[4] + ratings[5]) / sum(ratings.values()) >= 0.7
    assert ratings[2] + ratings[3] > 0.1 * sum(ratings.values())
    stalled = [
        h.mentorship
        for h in pair_health(program=Program.objects.get(status="active"), now=now)
        if h.stalled
    ]
    assert pulses.filter(checkin__mentorship__in=stalled, rating__lte=2).exists()


def test_skill_assessments_rate_goal_skills_and_grow_about_a_level():
    seed()

    assessments = SkillAssessment.objects.select_related("mentorship__mentor", "mentorship__mentee")
    growth = []
    for a in assessments:
        pair = a.mentorship
        assert pair.goals.filter(skill=a.skill_id).exists()
        side = "mentee" if a.rater_role == "self" else "mentor"
        assert a.rater_id == getattr(pair, side).person_id
        assert pair.started_at < a.created_at
        if a.phase == "end":
            assert pair.ended_at is not None
            start = assessments.get(
                mentorship=pair, skill=a.skill_id, phase="start", rater_role=a.rater_role
            )
            assert start.created_at < a.created_at
            if a.rater_role == "self":
                growth.append(a.level - start.level)
    assert len(growth) >= 15
    assert 0.7 <= sum(growth) / len(growth) <= 1.4
    assert Counter(assessments.values_list("rater_role", "phase")).keys() == {
        ("self", "start"),
        ("self", "end"),
        ("mentor", "start"),
        ("mentor", "end"),
    }


def test_demo_mentee_has_a_survey_waiting_and_the_mentor_a_check_in_to_rate():
    seed(people=PEOPLE, today=None)  # "waiting" is judged against today's date

    mentee = Person.objects.get(email="mentee@example.com")
    waiting = list(responses_pending_for(person=mentee))
    assert [r.survey.trigger for r in waiting] == ["date"]
    assert mentee.survey_responses.filter(
        survey__trigger="first_checkin", submitted_at__isnull=False
    ).exists()
    mentor = Person.objects.get(email="mentor@example.com")
    assert not responses_pending_for(person=mentor).exists()
    held = CheckIn.objects.filter(
        mentorship__mentor__person=mentor, mentorship__mentee__person=mentee, status="held"
    )
    latest = held.order_by("-starts_at").first()
    assert not latest.pulses.filter(person=mentor).exists()
    assert PulseRating.objects.filter(person=mentor).exists()


def test_gender_is_recorded_for_most_people():
    seed()

    genders = Counter(Person.objects.values_list("gender", flat=True))
    recorded = HISTORY_PEOPLE - genders[""]
    assert 0.8 <= recorded / HISTORY_PEOPLE <= 0.9
    assert genders.keys() == {"", "woman", "man", "non_binary", "undisclosed"}
    assert genders["woman"] >= 0.35 * recorded and genders["man"] >= 0.35 * recorded
    assert genders["non_binary"] + genders["undisclosed"] <= 0.12 * recorded
    assert Person.objects.get(email="mentee@example.com").gender in ("woman", "")


def test_no_mentorships_leaves_out_the_closed_programs_and_feedback():
    seed(people=PEOPLE, no_mentorships=True)

    assert not Program.objects.filter(status="closed").exists()
    assert not Survey.objects.exists()
    assert not PulseRating.objects.exists() and not SkillAssessment.objects.exists()
    assert Person.objects.exclude(gender="").exists()
