"""The feedback sweep (`surveys_send_due(now=...)`): who each trigger asks, that they are told
once, reminded once, asked for check-in pulses and skill ratings once, and that running it
again (or twice at once) changes nothing."""

import threading
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentorpath.feedback.models import SurveyResponse
from mentorpath.feedback.services import FeedbackReport, survey_answer, surveys_send_due
from mentorpath.feedback.tasks import send_feedback_requests
from mentorpath.mentoring.models import Mentorship
from mentorpath.mentoring.services import mentorship_end, mentorship_propose
from mentorpath.notifications.models import Notification
from tests.factories import EnrollmentFactory, PersonFactory, SkillFactory
from tests.factories.feedback import (
    PulseRatingFactory,
    SkillAssessmentFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    held_checkin,
)
from tests.factories.mentoring import GoalFactory, active_pair, participant, start

pytestmark = pytest.mark.django_db

MENTOR, MENTEE = "mentor@example.com", "mentee@example.com"


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """sweep(now=None) -> surveys_send_due(now=now), its emails sent."""

    def _sweep(now: datetime | None = None) -> FeedbackReport:
        with django_capture_on_commit_callbacks(execute=True):
            return surveys_send_due(now=now or timezone.now())

    return _sweep


def told() -> Counter:
    """(recipient email, key, url) → how many survey notices."""
    return Counter(
        Notification.objects.filter(kind="survey").values_list("recipient__email", "key", "url")
    )


def asked(survey) -> set[tuple[str, str, int | None]]:
    return set(survey.responses.values_list("person__email", "role", "mentorship_id"))


def open_survey(program, **fields):
    survey = SurveyFactory(program=program, **fields)
    SurveyQuestionFactory(survey=survey)
    return survey


def survey_told(survey, *emails: str) -> Counter:
    return Counter(
        {
            (email, f"survey:{pk}", f"/feedback/responses/{pk}/"): 1
            for email, pk in survey.responses.values_list("person__email", "pk")
            if email in emails
        }
    )


# After the first held check-in ------------------------------------------------------------


def test_first_checkin_survey_waits_for_a_held_checkin(program, pair, sweep):
    survey = open_survey(program)

    report = sweep()

    assert report == FeedbackReport()
    assert not survey.responses.exists()


def test_first_checkin_survey_asks_and_tells_both_once(program, pair, sweep):
    survey = open_survey(program, title="First steps")
    held_checkin(pair, days_ago=10, recorded_days_ago=10)  # too old for a pulse request

    first = sweep()
    second = sweep()

    assert asked(survey) == {(MENTOR, "mentor", pair.pk), (MENTEE, "mentee", pair.pk)}
    assert first == FeedbackReport(asked=2, survey_notices=2)
    assert second == FeedbackReport()
    assert told() == survey_told(survey, MENTOR, MENTEE)
    assert sorted(m.subject for m in mail.outbox) == ["Career Compass: First steps"] * 2


def test_the_survey_notice_says_when_it_closes(program, pair, sweep):
    survey = open_survey(program, title="First steps", closes_on=date(2030, 6, 30))
    held_checkin(pair, days_ago=10, recorded_days_ago=10)

    sweep()

    notice = Notification.objects.get(kind="survey", recipient__email=MENTEE)
    assert notice.subject == "Career Compass: First steps"
    assert notice.body == (
        "Your program team would like your view in “First steps”. It takes a few minutes; your "
        "name is never shown next to your written answers. It closes on 30 June 2030."
    )
    assert notice.url == f"/feedback/responses/{survey.responses.get(role='mentee').pk}/"


@pytest.mark.parametrize(
    ("audience", "expected"),
    [("mentor", {(MENTOR, "mentor")}), ("mentee", {(MENTEE, "mentee")})],
)
def test_audience_asks_one_side_only(program, pair, sweep, audience, expected):
    survey = open_survey(program, audience=audience)
    held_checkin(pair, days_ago=10, recorded_days_ago=10)

    sweep()

    assert {(email, role) for email, role, _ in asked(survey)} == expected
    assert {email for email, _, _ in told()} == {email for email, _ in expected}


def test_a_mentor_of_two_pairs_is_asked_once_about_the_first(program, pair, mentor, sweep):
    second_mentee = participant(program, "second@example.com", "mentee", level=2)
    second = start(mentorship_propose(mentor=mentor, mentee=second_mentee, by=None))
    Mentorship.objects.filter(pk=second.pk).update(started_at=pair.started_at + timedelta(days=1))
    survey = open_survey(program)
    held_checkin(second, days_ago=10, recorded_days_ago=10)
    held_checkin(pair, days_ago=10, recorded_days_ago=10)

    sweep()
    sweep()

    assert asked(survey) == {
        (MENTOR, "mentor", pair.pk),
        (MENTEE, "mentee", pair.pk),
        ("second@example.com", "mentee", second.pk),
    }
    assert sum(told().values()) == 3


def test_people_without_a_login_are_asked_but_not_told(program, sweep):
    no_login = EnrollmentFactory(
        program=program, person=PersonFactory(email="paper@example.com"), status="approved"
    )
    mentor = participant(program, "m2@example.com", "mentor", level=7)
    pair = start(mentorship_propose(mentor=mentor, mentee=no_login, by=None))
    survey = open_survey(program)
    held_checkin(pair, days_ago=10, recorded_days_ago=10)

    report = sweep()

    assert asked(survey) == {
        ("paper@example.com", "mentee", pair.pk),
        ("m2@example.com", "mentor", pair.pk),
    }
    assert report.asked == 2
    assert report.survey_notices == 1
    assert told() == survey_told(survey, "m2@example.com")


def test_surveys_that_are_draft_closed_or_past_their_closing_day_ask_nobody(program, pair, sweep):
    drafts = open_survey(program, status="draft")
    closed = open_survey(program, status="closed")
    past = open_survey(program, closes_on=timezone.localdate() - timedelta(days=1))
    held_checkin(pair, days_ago=10, recorded_days_ago=10)

    sweep()

    assert not SurveyResponse.objects.filter(survey__in=[drafts, closed, past]).exists()
    assert not told()


def test_a_survey_is_still_sent_on_its_closing_day(program, pair, sweep):
    survey = open_survey(program, closes_on=timezone.localdate())
    held_checkin(pair, days_ago=10, recorded_days_ago=10)

    sweep()

    assert len(asked(survey)) == 2


def test_surveys_of_other_programs_ask_nobody_here(program, pair, sweep):
    other = open_survey(SurveyFactory().program)
    held_checkin(pair, days_ago=10, recorded_days_ago=10)

    sweep()

    assert not other.responses.exists()


# Midpoint ---------------------------------------------------------------------------------

START = datetime(2030, 1, 1, 9, 0, tzinfo=timezone.get_current_timezone())


def running_from(pair, program, *, end_date: date | None) -> None:
    program.end_date = end_date
    program.save(update_fields=["end_date"])
    Mentorship.objects.filter(pk=pair.pk).update(started_at=START)


def test_midpoint_survey_asks_at_half_way_to_the_program_end(program, pair, sweep):
    running_from(pair, program, end_date=date(2030, 1, 21))  # midpoint: 11 January 04:30
    survey = open_survey(program, trigger="midpoint")

    sweep(datetime(2030, 1, 11, 4, 29, tzinfo=START.tzinfo))
    assert not survey.responses.exists()

    sweep(datetime(2030, 1, 11, 4, 30, tzinfo=START.tzinfo))
    assert asked(survey) == {(MENTOR, "mentor", pair.pk), (MENTEE, "mentee", pair.pk)}


def test_midpoint_of_a_pair_that_ended_early_is_half_way_to_its_end(program, pair, sweep):
    running_from(pair, program, end_date=date(2030, 12, 31))
    Mentorship.objects.filter(pk=pair.pk).update(
        status="ended_early", ended_at=datetime(2030, 1, 11, 9, tzinfo=START.tzinfo)
    )
    survey = open_survey(program, trigger="midpoint")

    sweep(datetime(2030, 1, 6, 8, 59, tzinfo=START.tzinfo))
    assert not survey.responses.exists()

    sweep(datetime(2030, 1, 6, 9, 0, tzinfo=START.tzinfo))
    assert len(asked(survey)) == 2


def test_a_pair_without_a_program_end_date_has_no_midpoint(program, pair, sweep):
    running_from(pair, program, end_date=None)
    survey = open_survey(program, trigger="midpoint")

    sweep(datetime(2035, 1, 1, tzinfo=START.tzinfo))

    assert not survey.responses.exists()


# End --------------------------------------------------------------------------------------


def test_end_survey_asks_pairs_that_completed_or_ended_early(program, pair, sweep):
    other = active_pair(program, "m3@example.com", "e3@example.com")
    running = active_pair(program, "m4@example.com", "e4@example.com")
    mentorship_end(mentorship=pair, reason="completed")
    mentorship_end(mentorship=other, reason="mismatch")
    survey = open_survey(program, trigger="end", audience="mentee")

    sweep()
    sweep()

    assert asked(survey) == {
        (MENTEE, "mentee", pair.pk),
        ("e3@example.com", "mentee", other.pk),
    }
    assert running.pk not in {pk for _, _, pk in asked(survey)}
    assert told() == survey_told(survey, MENTEE, "e3@example.com")


def test_end_survey_skips_proposals_that_never_started(program, mentor, mentee, sweep):
    proposed = mentorship_propose(mentor=mentor, mentee=mentee, by=None)
    mentorship_end(mentorship=proposed, reason="other")
    survey = open_survey(program, trigger="end")

    sweep()

    assert not survey.responses.exists()


# On a date --------------------------------------------------------------------------------


def test_date_survey_asks_every_approved_participant_from_its_day(program, pair, sweep):
    EnrollmentFactory(program=program, person=PersonFactory(), status="pending")
    waiting = participant(program, "waiting@example.com", "mentee")
    today = timezone.localdate()
    survey = open_survey(program, trigger="date", send_on=today + timedelta(days=1))

    sweep()
    assert not survey.responses.exists()

    survey.send_on = today
    survey.save()
    sweep()
    sweep()

    assert asked(survey) == {
        (MENTOR, "mentor", pair.pk),
        (MENTEE, "mentee", pair.pk),
        ("waiting@example.com", "mentee", None),
    }
    assert told() == survey_told(survey, MENTOR, MENTEE, waiting.person.email)


def test_date_survey_for_mentors_asks_mentors_only(program, pair, sweep):
    survey = open_survey(program, trigger="date", send_on=timezone.localdate(), audience="mentor")

    sweep()

    assert asked(survey) == {(MENTOR, "mentor", pair.pk)}


# Reminders --------------------------------------------------------------------------------


def test_reminds_once_three_days_after_asking(program, pair, sweep):
    survey = open_survey(program, title="First steps")
    held_checkin(pair, days_ago=10, recorded_days_ago=10)
    now = timezone.now()
    sweep(now)

    assert sweep(now + timedelta(days=3) - timedelta(seconds=1)).reminders == 0
    assert sweep(now + timedelta(days=3)).reminders == 2
    assert sweep(now + timedelta(days=4)).reminders == 0

    reminders = Notification.objects.filter(kind="survey", key__endswith=":reminder")
    assert sorted(reminders.values_list("recipient__email", "key", "subject")) == sorted(
        (email, f"survey:{pk}:reminder", "Reminder: First steps")
        for email, pk in survey.responses.values_list("person__email", "pk")
    )
    assert set(survey.responses.values_list("reminded_at", flat=True)) == {now + timedelta(days=3)}


def test_no_reminder_after_answering_or_closing(program, pair, mentee, mentor, sweep):
    survey = open_survey(program)
    question = survey.questions.get()
    held_checkin(pair, days_ago=10, recorded_days_ago=10)
    now = timezone.now()
    sweep(now)
    survey_answer(response=survey.responses.get(person=mentee.person), answers={question.pk: 5})
    later = open_survey(program)
    sweep(now)
    later.status = "closed"
    later.save()

    report = sweep(now + timedelta(days=5))

    assert report.reminders == 1
    assert set(
        Notification.objects.filter(key__endswith=":reminder").values_list(
            "recipient__email", flat=True
        )
    ) == {MENTOR}


# Check-in pulses --------------------------------------------------------------------------


def test_pulse_asks_both_after_a_held_checkin_once(program, pair, sweep):
    checkin = held_checkin(pair, days_ago=1)

    first = sweep()
    second = sweep()

    assert (first.pulses, second.pulses) == (2, 0)
    assert told() == Counter(
        {
            (
                MENTOR,
                f"pulse:{checkin.pk}:{pair.mentor.person.pk}",
                f"/feedback/pulse/{checkin.pk}/",
            ): 1,
            (
                MENTEE,
                f"pulse:{checkin.pk}:{pair.mentee.person.pk}",
                f"/feedback/pulse/{checkin.pk}/",
            ): 1,
        }
    )


def test_pulse_is_not_asked_of_who_already_rated(program, pair, sweep):
    checkin = held_checkin(pair, days_ago=1)
    PulseRatingFactory(checkin=checkin, person=pair.mentee.person)

    sweep()

    assert {email for email, _, _ in told()} == {MENTOR}


def test_pulse_is_asked_for_checkins_recorded_in_the_last_three_days_only(program, pair, sweep):
    held_checkin(pair, days_ago=5, recorded_days_ago=3.1)
    recent = held_checkin(pair, days_ago=5, recorded_days_ago=2.9)
    scheduled = held_checkin(pair, days_ago=1)
    scheduled.status = "missed"
    scheduled.held_minutes = None
    scheduled.save()

    sweep()

    assert {key for _, key, _ in told()} == {
        f"pulse:{recent.pk}:{pair.mentor.person.pk}",
        f"pulse:{recent.pk}:{pair.mentee.person.pk}",
    }


# Skill ratings ----------------------------------------------------------------------------


def test_skill_start_ratings_asked_once_of_active_pairs_with_goal_skills(program, pair, sweep):
    GoalFactory(mentorship=pair, skill=SkillFactory(name="Negotiation"))
    GoalFactory(mentorship=pair)
    no_skills = active_pair(program, "m5@example.com", "e5@example.com")
    GoalFactory(mentorship=no_skills)

    first = sweep()
    second = sweep()

    assert (first.skill_requests, second.skill_requests) == (2, 0)
    url = f"/feedback/skills/{pair.pk}/start/"
    assert told() == Counter(
        {
            (MENTEE, f"skills:{pair.pk}:start:self", url): 1,
            (MENTOR, f"skills:{pair.pk}:start:mentor", url): 1,
        }
    )


def test_skill_start_ratings_not_asked_of_who_already_rated(program, pair, sweep):
    skill = SkillFactory()
    GoalFactory(mentorship=pair, skill=skill)
    SkillAssessmentFactory(mentorship=pair, skill=skill, rater_role="self")

    sweep()

    assert {key for _, key, _ in told()} == {f"skills:{pair.pk}:start:mentor"}


def test_skill_end_ratings_asked_of_completed_pairs(program, pair, sweep):
    skill = SkillFactory()
    GoalFactory(mentorship=pair, skill=skill)
    SkillAssessmentFactory(mentorship=pair, skill=skill, rater_role="self")
    SkillAssessmentFactory(mentorship=pair, skill=skill, rater_role="mentor")
    mentorship_end(mentorship=pair, reason="completed")

    report = sweep()

    assert report.skill_requests == 2
    url = f"/feedback/skills/{pair.pk}/end/"
    assert told() == Counter(
        {
            (MENTEE, f"skills:{pair.pk}:end:self", url): 1,
            (MENTOR, f"skills:{pair.pk}:end:mentor", url): 1,
        }
    )


def test_skill_end_ratings_not_asked_of_pairs_that_ended_early_or_long_ago(program, pair, sweep):
    GoalFactory(mentorship=pair, skill=SkillFactory())
    mentorship_end(mentorship=pair, reason="mismatch")
    old = active_pair(program, "m6@example.com", "e6@example.com")
    GoalFactory(mentorship=old, skill=SkillFactory())
    mentorship_end(mentorship=old, reason="completed")
    Mentorship.objects.filter(pk=old.pk).update(ended_at=timezone.now() - timedelta(days=31))

    assert sweep().skill_requests == 0


# Running it -------------------------------------------------------------------------------


def test_sweep_uses_a_fixed_number_of_queries_when_nothing_is_new(program, sweep):
    survey_first = open_survey(program)
    open_survey(program, trigger="end")
    open_survey(program, trigger="date", send_on=timezone.localdate())
    open_survey(program, trigger="midpoint")

    def queries_with(n_pairs: int) -> int:
        for i in range(n_pairs):
            pair = active_pair(
                program, f"qm{n_pairs}-{i}@example.com", f"qe{n_pairs}-{i}@example.com"
            )
            held_checkin(pair, days_ago=10, recorded_days_ago=10)
            GoalFactory(mentorship=pair, skill=SkillFactory())
        sweep()
        with CaptureQueriesContext(connection) as queries:
            surveys_send_due(now=timezone.now())
        return len(queries)

    few, many = queries_with(1), queries_with(4)

    assert few == many
    assert few <= 15
    assert survey_first.responses.count() == 10


def test_sweep_after_someone_answered_changes_nothing(program, pair, mentee, sweep):
    survey = open_survey(program)
    question = survey.questions.get()
    held_checkin(pair, days_ago=10, recorded_days_ago=10)
    sweep()
    survey_answer(response=survey.responses.get(person=mentee.person), answers={question.pk: 4})
    rows = list(survey.responses.order_by("pk").values_list("pk", "asked_at", "submitted_at"))
    notices = told()

    assert sweep() == FeedbackReport()

    assert (
        list(survey.responses.order_by("pk").values_list("pk", "asked_at", "submitted_at")) == rows
    )
    assert told() == notices


def test_the_task_runs_the_sweep(program, pair, django_capture_on_commit_callbacks):
    open_survey(program)
    held_checkin(pair, days_ago=1)

    with django_capture_on_commit_callbacks(execute=True):
        total = send_feedback_requests()

    assert total == 4  # two survey notices, two pulse requests
    assert send_feedback_requests() == 0


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_ask_and_tell_each_person_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time; the race needs PostgreSQL")
    from tests.factories import ProgramFactory

    program = ProgramFactory()
    pairs = [active_pair(program, f"cm{i}@example.com", f"ce{i}@example.com") for i in range(4)]
    for pair in pairs:
        held_checkin(pair, days_ago=1)
        GoalFactory(mentorship=pair, skill=SkillFactory())
    survey = open_survey(program)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            surveys_send_due()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert survey.responses.count() == 8
    counts = told()
    assert len(counts) == 8 + 8 + 8  # survey notices, pulses, skill requests
    assert set(counts.values()) == {1}
