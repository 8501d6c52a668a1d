"""The weekly program digest, run at explicit moments (`digests_send_weekly(now=...)`): what a
manager is told, once per ISO week of their own time zone, and who is told nothing.

The troubled pair (Grace Hopper, mentee; Ada Lovelace, mentor) of Career Compass started 60
days before NOW and last met 40 days before it (a 14-day rhythm: stalled). The mentee rated
that check-in 2 two days ago; an older 1 is from eight days ago; the mentor rated it 4. One
of her goals is at risk; the program's satisfaction target (at least 4) is missed."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django.utils.module_loading import import_string

from mentorpath.analytics.services import digests_send_weekly
from mentorpath.analytics.tasks import send_weekly_digests
from mentorpath.feedback.models import PulseRating
from mentorpath.mentoring.models import CheckIn, Mentorship
from mentorpath.notifications.models import Notification
from mentorpath.notifications.services import preferences_set
from mentorpath.programs.models import Program
from tests.factories import (
    ObjectiveFactory,
    ProgramFactory,
    PulseRatingFactory,
    UserFactory,
)
from tests.factories.mentoring import (
    CheckInFactory,
    GoalFactory,
    active_pair,
    name_pair,
    spelled,
)

pytestmark = pytest.mark.django_db

BERLIN, TOKYO = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Tokyo")
TODAY = timezone.localdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday())
NOW = datetime.combine(MONDAY, time(9), tzinfo=BERLIN)
YEAR, WEEK, _ = NOW.isocalendar()
KEY_SUFFIX = f"{YEAR}-W{WEEK:02d}"
LAST_MET = NOW - timedelta(days=40)
SITE = settings.SITE_URL
PAIR_NAMES = "Grace Hopper (mentee) and Ada Lovelace (mentor)"
SECRET = "My mentor keeps cancelling"


def held(pair: Mentorship, starts_at: datetime) -> CheckIn:
    return CheckInFactory(
        mentorship=pair,
        starts_at=starts_at,
        status="held",
        held_minutes=45,
        recorded_by=pair.mentee.person,
        recorded_at=starts_at + timedelta(minutes=45),
    )


def rate(checkin: CheckIn, rating: int, *, side: str = "mentee", ago: timedelta, comment=""):
    person = getattr(checkin.mentorship, side).person
    pulse = PulseRatingFactory(
        checkin=checkin, person=person, role=side, rating=rating, comment=comment
    )
    PulseRating.objects.filter(pk=pulse.pk).update(created_at=NOW - ago, updated_at=NOW - ago)


def make_active(program: Program) -> Program:
    Program.objects.filter(pk=program.pk).update(status="active")
    program.refresh_from_db()
    return program


def start_at(pair: Mentorship, started_at: datetime) -> None:
    Mentorship.objects.filter(pk=pair.pk).update(started_at=started_at)


@pytest.fixture
def troubled(program, pair):
    make_active(program)
    pair = name_pair(pair)
    start_at(pair, NOW - timedelta(days=60))
    older = held(pair, NOW - timedelta(days=50))
    last = held(pair, LAST_MET)
    rate(older, 1, ago=timedelta(days=8))
    rate(last, 2, ago=timedelta(days=2), comment=SECRET)
    rate(last, 4, side="mentor", ago=timedelta(days=1))
    GoalFactory(mentorship=pair, title="Lead the quarterly planning", status="at_risk")
    GoalFactory(mentorship=pair, title="Speak at the all-hands", status="on_track")
    ObjectiveFactory(
        program=program, title="Useful check-ins", kpi="satisfaction", comparator="gte", target=4
    )
    return pair


def healthy_program(name: str, slug: str, manager) -> Program:
    """An active program whose one pair met three days before NOW and has nothing to flag."""
    program = make_active(ProgramFactory(name=name, slug=slug))
    program.managers.add(manager)
    pair = active_pair(program, f"mentor-{slug}@example.com", f"mentee-{slug}@example.com")
    start_at(pair, NOW - timedelta(days=20))
    held(pair, NOW - timedelta(days=3))
    return program


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """send(now) -> digests_send_weekly(now=now), its emails sent."""

    def _send(now: datetime = NOW) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return digests_send_weekly(now=now)

    return _send


def digests():
    return Notification.objects.filter(kind="program_digest").order_by("pk")


def expected_body(*, kpis: bool = True) -> str:
    lines = [
        f"What needs your attention in the programs you manage, week {WEEK} of {YEAR}.",
        "",
        "Career Compass",
        "Stalled pairs (1):",
        f"- {PAIR_NAMES}: no check-in held since {spelled(LAST_MET.date())}",
        "Check-ins rated 2 or lower in the last 7 days (1):",
        f"- {PAIR_NAMES}: 2/5 for the check-in of {spelled(LAST_MET.date())}",
        "Goals at risk (1):",
        f"- {PAIR_NAMES}: Lead the quarterly planning",
    ]
    if kpis:
        lines += [
            "KPIs off target (1):",
            "- Average check-in rating: 2.3 / 5 (target: at least 4.0 / 5)",
        ]
    lines += [
        f"Pairs: {SITE}/mentorships/program/career-compass/pairs/",
        f"Dashboard: {SITE}/analytics/program/career-compass/",
    ]
    return "\n".join(lines) + "\n"


# --- content -----------------------------------------------------------------------------------


def test_the_digest_tells_the_manager_what_needs_them(send, troubled, manager_user):
    sent = send()

    notice = digests().get()
    assert sent == 1
    assert notice.recipient == manager_user
    assert notice.key == f"digest:{manager_user.pk}:{KEY_SUFFIX}"
    assert notice.subject == "Weekly digest: Career Compass"
    assert notice.url == "/analytics/program/career-compass/"
    assert notice.body == expected_body()


def test_the_html_digest_has_the_same_lines_escaped(send, troubled, manager_user):
    GoalFactory(mentorship=troubled, title="<b>Bold</b> & brave", status="at_risk")

    send()

    html = digests().get().html_body
    assert "<h2>Career Compass</h2>" in html
    assert "<h3>Goals at risk (2)</h3>" in html
    assert f"<li>{PAIR_NAMES}: &lt;b&gt;Bold&lt;/b&gt; &amp; brave</li>" in html
    assert f'<a href="{SITE}/mentorships/program/career-compass/pairs/">Pairs</a>' in html
    assert "<b>Bold</b>" not in html


def test_no_comment_of_a_rating_is_in_the_digest(send, troubled):
    send()

    notice = digests().get()
    assert SECRET not in notice.body
    assert SECRET not in notice.html_body


def test_the_digest_is_emailed_with_its_html(send, troubled, manager_user):
    send()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.to, message.subject) == (
        ["manager@example.com"],
        "Weekly digest: Career Compass",
    )
    assert "Lead the quarterly planning" in message.body
    assert "<h3>Stalled pairs (1)</h3>" in message.alternatives[0][0]


def test_ratings_above_2_and_older_than_7_days_are_left_out(send, troubled):
    PulseRating.objects.filter(rating=2).update(rating=3)

    send()

    body = digests().get().body
    assert "Check-ins rated" not in body
    assert "1/5" not in body


def test_a_manager_of_two_programs_gets_one_digest_of_both(send, troubled, manager_user):
    other = make_active(ProgramFactory(name="Early Talent", slug="early-talent"))
    other.managers.add(manager_user)
    pair = name_pair(active_pair(other, "mentor-early@example.com", "mentee-early@example.com"))
    start_at(pair, NOW - timedelta(days=30))
    GoalFactory(mentorship=pair, title="Ship the first feature", status="at_risk")

    assert send() == 1

    notice = digests().get()
    assert notice.subject == "Weekly digest: Career Compass and Early Talent"
    assert notice.url == "/analytics/"
    early = notice.body.split("\nEarly Talent\n")[1]
    started = spelled((NOW - timedelta(days=30)).date())
    assert early == (
        "Stalled pairs (1):\n"
        f"- {PAIR_NAMES}: no check-in held since the start, {started}\n"
        "Goals at risk (1):\n"
        f"- {PAIR_NAMES}: Ship the first feature\n"
        f"Pairs: {SITE}/mentorships/program/early-talent/pairs/\n"
        f"Dashboard: {SITE}/analytics/program/early-talent/\n"
    )


def test_an_executive_who_manages_the_program_reads_no_small_group_kpi(
    send, troubled, executive_user
):
    troubled.program.managers.add(executive_user)

    send()

    notice = digests().get(recipient=executive_user)
    assert notice.body == expected_body(kpis=False)


def _pipeline_objective(program: Program) -> None:
    """Ten successors ready now wanted; nobody is: off target, so in the digest of those who
    may see succession data."""
    ObjectiveFactory(
        program=program,
        title="Ready-now successors for key roles",
        kpi="pipeline",
        comparator="gte",
        target=10,
    )


PIPELINE_LINE = "- Successors ready now: 0 (target: at least 10)"


def test_a_manager_is_never_told_of_the_succession_pipeline(send, troubled, manager_user):
    _pipeline_objective(troubled.program)

    send()

    notice = digests().get(recipient=manager_user)
    assert notice.body == expected_body()
    for text in (notice.body, notice.html_body, mail.outbox[0].body):
        assert "Successors ready now" not in text
        assert "Ready-now successors" not in text


@pytest.mark.parametrize("persona", ["admin_user", "executive_user"])
def test_an_admin_or_executive_who_manages_the_program_is_told_of_the_pipeline(
    request, send, troubled, persona
):
    reader = request.getfixturevalue(persona)
    troubled.program.managers.add(reader)
    _pipeline_objective(troubled.program)

    send()

    notice = digests().get(recipient=reader)
    assert PIPELINE_LINE in notice.body.splitlines()
    assert "<li>Successors ready now: 0 (target: at least 10)</li>" in notice.html_body


# --- who is told -------------------------------------------------------------------------------


def test_a_manager_with_nothing_to_report_gets_nothing(send, troubled, manager_user):
    calm = UserFactory(email="calm@example.com")
    healthy_program("Quiet Program", "quiet", calm)

    assert send() == 1

    assert list(digests().values_list("recipient__email", flat=True)) == ["manager@example.com"]


def test_a_healthy_program_alone_sends_nothing(send, manager_user):
    healthy_program("Quiet Program", "quiet", manager_user)

    assert send() == 0
    assert not digests().exists()


@pytest.mark.parametrize("status", ["draft", "enrolling", "matching", "closed"])
def test_only_active_programs_are_reported(send, troubled, status):
    Program.objects.filter(pk=troubled.program_id).update(status=status)

    assert send() == 0
    assert not digests().exists()


def test_an_inactive_program_of_the_same_manager_is_left_out(send, troubled, manager_user):
    closed = ProgramFactory(name="Old Program", slug="old")
    closed.managers.add(manager_user)
    pair = active_pair(closed, "mentor-old@example.com", "mentee-old@example.com")
    GoalFactory(mentorship=pair, title="Never reported", status="at_risk")
    Program.objects.filter(pk=closed.pk).update(status="closed")

    send()

    assert digests().get().body == expected_body()


def test_a_deactivated_manager_gets_nothing(send, troubled, manager_user):
    manager_user.is_active = False
    manager_user.save(update_fields=["is_active"])

    assert send() == 0


# --- once a week -------------------------------------------------------------------------------


def test_the_digest_is_sent_once_a_week_however_often_it_runs(send, troubled, manager_user):
    first = send(NOW)
    again = send(NOW + timedelta(hours=1))
    later_that_week = send(NOW + timedelta(days=4))
    next_week = send(NOW + timedelta(days=7))

    assert (first, again, later_that_week, next_week) == (1, 0, 0, 1)
    assert list(digests().values_list("key", flat=True)) == [
        f"digest:{manager_user.pk}:{KEY_SUFFIX}",
        f"digest:{manager_user.pk}:{(NOW + timedelta(days=7)).isocalendar()[0]}"
        f"-W{(NOW + timedelta(days=7)).isocalendar()[1]:02d}",
    ]
    assert len(mail.outbox) == 2


def test_monday_digests_wait_until_7_in_the_managers_zone(send, troubled):
    early = datetime.combine(MONDAY, time(6, 59), tzinfo=BERLIN)

    assert send(early) == 0
    assert send(early + timedelta(minutes=1)) == 1


def test_a_week_is_the_managers_own(send, troubled, manager_user):
    """Sunday 23:30 UTC is Monday 08:30 in Tokyo: a Tokyo manager's new week has begun."""
    manager_user.person.time_zone = "Asia/Tokyo"
    manager_user.person.save(update_fields=["time_zone"])
    sunday_night = datetime.combine(
        MONDAY - timedelta(days=1), time(23, 30), tzinfo=ZoneInfo("UTC")
    )

    assert send(sunday_night) == 1

    year, week, _ = sunday_night.astimezone(TOKYO).isocalendar()
    assert (year, week) == (YEAR, WEEK)
    assert digests().get().key == f"digest:{manager_user.pk}:{KEY_SUFFIX}"


def test_a_manager_without_a_zone_counts_in_the_sites_zone(send, troubled, manager_user):
    manager_user.person.time_zone = ""
    manager_user.person.save(update_fields=["time_zone"])

    assert send(datetime.combine(MONDAY, time(6, 30), tzinfo=ZoneInfo(settings.TIME_ZONE))) == 0
    assert send(datetime.combine(MONDAY, time(7, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))) == 1


# --- preferences ------------------------------------------------------------------------------


def test_a_manager_who_wants_no_digest_email_finds_it_in_the_app(send, troubled, manager_user):
    preferences_set(user=manager_user, prefs={"program_digest": (False, True)})

    assert send() == 1

    notice = digests().get()
    assert (notice.in_app, notice.email_wanted) == (True, False)
    assert mail.outbox == []


def test_a_manager_who_turned_the_digest_off_is_not_told_twice(send, troubled, manager_user):
    preferences_set(user=manager_user, prefs={"program_digest": (False, False)})

    first, again = send(), send(NOW + timedelta(hours=1))

    notice = digests().get()
    assert (notice.in_app, notice.email_wanted) == (False, False)
    assert (first, again) == (1, 0)
    assert mail.outbox == []


# --- the beat ---------------------------------------------------------------------------------


def test_the_beat_runs_the_digest_task_hourly():
    entry = settings.CELERY_BEAT_SCHEDULE["weekly-digest"]

    assert entry["schedule"] == 60 * 60
    assert import_string(entry["task"]) is send_weekly_digests


def test_the_task_sends_this_weeks_digests(
    troubled, manager_user, django_capture_on_commit_callbacks
):
    """The task runs at the real time: the troubled pair's flags hold whatever today is."""
    with django_capture_on_commit_callbacks(execute=True):
        result = send_weekly_digests.apply()

    now = timezone.now().astimezone(BERLIN)
    expected = 0 if now.weekday() == 0 and now.time() < time(7) else 1
    assert result.get() == expected
    assert digests().count() == expected
