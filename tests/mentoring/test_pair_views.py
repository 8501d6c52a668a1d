"""Pair pages (home, check-ins, goals, notes, agreement, pair health), per persona.

Access: the mentor and the mentee act; the program team looks on (200 on the pages, 403 on
what only a participant does); executives and outsiders get 404 on every pair URL; anonymous
visitors are sent to log in."""

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mentorpath.mentoring.models import (
    Agreement,
    AgreementTemplate,
    CheckIn,
    Goal,
    GoalUpdate,
    Mentorship,
    Milestone,
    Note,
    NudgeMute,
)
from mentorpath.notifications.models import Notification
from mentorpath.people.models import Person
from tests.factories.mentoring import (
    CheckInFactory,
    GoalFactory,
    MilestoneFactory,
    NoteFactory,
    active_pair,
    proposed_pair,
)

pytestmark = pytest.mark.django_db

MANAGERS = ["manager_user", "admin_user"]
OTHERS = ["executive_user", "outsider_user"]
NEXT_YEAR = timezone.now().year + 1
# mid-January: Berlin is UTC+1 and New York UTC-5, far from any DST change
WINTER_DAY = date(NEXT_YEAR, 1, 15)


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    found = re.findall(r'class="message message-(\w+)">([^<]*)</li>', _text(response))
    return [f"{kind}: {html.unescape(text)}" for kind, text in found]


def _by_id(response, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">([^<]*)<', _text(response))
    assert match is not None, f"no #{element_id} on the page"
    return html.unescape(match.group(1))


def _field_errors(response) -> dict[str, str]:
    found = re.findall(r'<p class="error" id="id_(\w+)_error">([^<]*)</p>', _text(response))
    return {name: html.unescape(text) for name, text in found}


def _form_errors(response) -> list[str]:
    block = re.search(r'id="form-errors">(.*?)</div>', _text(response), re.S)
    return [] if block is None else re.findall(r"<li>([^<]*)</li>", block.group(1))


def url(pair: Mentorship, action: str = "") -> str:
    return f"/mentorships/{pair.pk}/" + (f"{action}/" if action else "")


def checkin_url(checkin: CheckIn, action: str = "") -> str:
    return url(checkin.mentorship, f"checkins/{checkin.pk}") + (f"{action}/" if action else "")


def goal_url(goal: Goal, action: str = "") -> str:
    return url(goal.mentorship, f"goals/{goal.pk}") + (f"{action}/" if action else "")


def person_of(user) -> Person:
    return Person.objects.get(user=user)


def set_zone(user, zone: str) -> None:
    Person.objects.filter(user=user).update(time_zone=zone)


def schedule_data(**changes) -> dict[str, str]:
    data = {
        "date": WINTER_DAY.isoformat(),
        "time": "09:00",
        "time_zone": "Europe/Berlin",
        "duration_minutes": "45",
        "location": "Room 4.12",
        "video_url": "",
        "agenda": "1. Goals\n2. Next steps",
    }
    return {**data, **changes}


def goal_data(**changes) -> dict[str, str]:
    data = {
        "title": "Lead a planning round",
        "description": "Run the next quarterly planning of my team.",
        "measure": "The plan is accepted by the team",
        "target_date": (timezone.localdate() + timedelta(days=90)).isoformat(),
        "skill": "",
        "objective": "",
    }
    return {**data, **changes}


@pytest.fixture
def checkin(pair) -> CheckIn:
    """Scheduled by the mentee a week from now; the mentor is the invitee."""
    return CheckInFactory(mentorship=pair)


@pytest.fixture
def started(pair) -> CheckIn:
    """Scheduled by the mentee, started an hour ago: ready to be recorded."""
    return CheckInFactory(
        mentorship=pair, starts_at=timezone.now().replace(microsecond=0) - timedelta(hours=1)
    )


@pytest.fixture
def goal(pair) -> Goal:
    return GoalFactory(mentorship=pair, title="Speak at the all-hands")


@pytest.fixture
def milestone(goal) -> Milestone:
    return MilestoneFactory(goal=goal, title="Draft the talk")


@pytest.fixture
def note(pair) -> Note:
    return NoteFactory(mentorship=pair, body="Shared by the mentee")


def every_pair_route(pair, checkin, goal, milestone, note) -> list[tuple[str, str]]:
    """(method, path) of every page and action on one pair."""
    return [
        ("get", url(pair)),
        ("post", url(pair, "respond")),
        ("post", url(pair, "end")),
        ("post", url(pair, "pause")),
        ("post", url(pair, "resume")),
        ("post", url(pair, "mute")),
        ("post", url(pair, "nudge")),
        ("post", url(pair, "agreement/acknowledge")),
        ("post", url(pair, "agreement/rhythm")),
        ("post", url(pair, "notes")),
        ("post", url(pair, f"notes/{note.pk}/delete")),
        ("get", url(pair, "checkins/new")),
        ("post", url(pair, "checkins/new")),
        ("get", checkin_url(checkin)),
        ("get", checkin_url(checkin, "edit")),
        ("post", checkin_url(checkin, "edit")),
        ("post", checkin_url(checkin, "cancel")),
        ("post", checkin_url(checkin, "respond")),
        ("post", checkin_url(checkin, "record")),
        ("get", url(pair, "goals/new")),
        ("post", url(pair, "goals/new")),
        ("get", goal_url(goal)),
        ("get", goal_url(goal, "edit")),
        ("post", goal_url(goal, "edit")),
        ("post", goal_url(goal, "updates")),
        ("post", goal_url(goal, "milestones")),
        ("post", goal_url(goal, f"milestones/{milestone.pk}/done")),
        ("get", f"/calendar/checkins/{checkin.pk}.ics"),
    ]


def statuses(client: Client, routes: list[tuple[str, str]]) -> dict[str, int]:
    return {
        f"{method} {path}": getattr(client, method)(path).status_code for method, path in routes
    }


# --- who may open what -------------------------------------------------------------------------


def test_pair_routes_anonymous_redirect_to_login(pair, checkin, goal, milestone, note, program):
    routes = [
        *every_pair_route(pair, checkin, goal, milestone, note),
        ("get", f"/mentorships/program/{program.slug}/pairs/"),
        ("get", f"/mentorships/program/{program.slug}/agreement/"),
        ("post", f"/mentorships/program/{program.slug}/agreement/"),
    ]
    client = Client()

    redirects = {
        f"{method} {path}": (response.status_code, response.url)
        for method, path in routes
        for response in [getattr(client, method)(path)]
    }

    assert redirects == {
        f"{method} {path}": (302, f"/accounts/login/?next={path}") for method, path in routes
    }
    assert CheckIn.objects.count() == 1
    assert Goal.objects.count() == 1


@pytest.mark.parametrize("persona", OTHERS)
def test_pair_routes_are_404_for_executives_and_outsiders(
    request, client_for, pair, checkin, goal, milestone, note, persona
):
    routes = every_pair_route(pair, checkin, goal, milestone, note)

    found = statuses(client_for(request.getfixturevalue(persona)), routes)

    assert found == {f"{method} {path}": 404 for method, path in routes}
    pair.refresh_from_db()
    assert pair.status == "active"
    assert Note.objects.count() == 1
    assert Notification.objects.filter(kind="pair_nudge").count() == 0


@pytest.mark.parametrize("persona", OTHERS)
def test_program_pages_are_403_for_executives_and_outsiders(
    request, client_for, program, pair, persona
):
    """The program itself is visible to every employee (and executives), so its team pages
    refuse with 403, as every program-management page does; they list no pair."""
    client = client_for(request.getfixturevalue(persona))

    pairs = client.get(f"/mentorships/program/{program.slug}/pairs/")
    agreement = client.get(f"/mentorships/program/{program.slug}/agreement/")
    saved = client.post(
        f"/mentorships/program/{program.slug}/agreement/",
        {"expectations": "x", "meeting_rhythm": "x", "confidentiality": "x", "how_to_end": "x"},
    )

    assert (pairs.status_code, agreement.status_code, saved.status_code) == (403, 403, 403)
    assert url(pair) not in _text(pairs)
    assert not AgreementTemplate.objects.exists()


@pytest.mark.parametrize("persona", MANAGERS)
def test_pair_pages_open_to_the_program_team(
    request, client_for, pair, checkin, goal, note, persona
):
    client = client_for(request.getfixturevalue(persona))

    pages = statuses(
        client, [("get", url(pair)), ("get", checkin_url(checkin)), ("get", goal_url(goal))]
    )
    home = client.get(url(pair))

    assert set(pages.values()) == {200}
    assert "Shared by the mentee" in _text(home)
    assert "Schedule a check-in" not in _text(home)
    assert url(pair, "checkins/new") not in _text(home)
    assert url(pair, "goals/new") not in _text(home)
    assert url(pair, "agreement/acknowledge") not in _text(home)
    assert f'action="{url(pair, "nudge")}"' in _text(home)


@pytest.mark.parametrize("persona", MANAGERS)
def test_participant_actions_are_403_for_the_program_team(
    request, client_for, pair, checkin, started, goal, milestone, note, persona
):
    routes = [
        ("get", url(pair, "checkins/new")),
        ("post", url(pair, "checkins/new")),
        ("get", checkin_url(checkin, "edit")),
        ("post", checkin_url(checkin, "edit")),
        ("post", checkin_url(checkin, "cancel")),
        ("post", checkin_url(checkin, "respond")),
        ("post", checkin_url(started, "record")),
        ("post", url(pair, "notes")),
        ("post", url(pair, f"notes/{note.pk}/delete")),
        ("get", url(pair, "goals/new")),
        ("post", url(pair, "goals/new")),
        ("get", goal_url(goal, "edit")),
        ("post", goal_url(goal, "edit")),
        ("post", goal_url(goal, "updates")),
        ("post", goal_url(goal, "milestones")),
        ("post", goal_url(goal, f"milestones/{milestone.pk}/done")),
        ("post", url(pair, "agreement/acknowledge")),
        ("post", url(pair, "agreement/rhythm")),
        ("post", url(pair, "mute")),
    ]
    client = client_for(request.getfixturevalue(persona))

    found = statuses(client, routes)
    with_data = {
        "schedule": client.post(url(pair, "checkins/new"), schedule_data()).status_code,
        "record": client.post(
            checkin_url(started, "record"), {"outcome": "held", "held_minutes": "30"}
        ).status_code,
        "note": client.post(
            url(pair, "notes"), {"body": "From the manager", "visibility": "shared"}
        ).status_code,
        "goal": client.post(url(pair, "goals/new"), goal_data()).status_code,
        "rhythm": client.post(url(pair, "agreement/rhythm"), {"rhythm_days": "21"}).status_code,
        "mute": client.post(url(pair, "mute"), {"muted": "1"}).status_code,
    }

    assert found == {f"{method} {path}": 403 for method, path in routes}
    assert set(with_data.values()) == {403}
    assert CheckIn.objects.count() == 2
    assert CheckIn.objects.get(pk=started.pk).status == "scheduled"
    assert list(Note.objects.values_list("body", flat=True)) == ["Shared by the mentee"]
    assert list(Goal.objects.values_list("title", flat=True)) == ["Speak at the all-hands"]
    agreement = Agreement.objects.get(mentorship=pair)
    assert (agreement.rhythm_days, agreement.mentor_acknowledged_at) == (14, None)
    assert not NudgeMute.objects.exists()


@pytest.mark.parametrize("persona", MANAGERS)
def test_calendar_invite_is_404_for_the_program_team(request, client_for, checkin, persona):
    response = client_for(request.getfixturevalue(persona)).get(
        f"/calendar/checkins/{checkin.pk}.ics"
    )

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user"])
def test_program_team_pages_are_403_for_the_pair(request, client_for, program, pair, persona):
    client = client_for(request.getfixturevalue(persona))

    found = statuses(
        client,
        [
            ("get", f"/mentorships/program/{program.slug}/pairs/"),
            ("get", f"/mentorships/program/{program.slug}/agreement/"),
            ("post", f"/mentorships/program/{program.slug}/agreement/"),
            ("post", url(pair, "nudge")),
        ],
    )

    assert set(found.values()) == {403}
    assert not AgreementTemplate.objects.exists()
    assert Notification.objects.filter(kind="pair_nudge").count() == 0


def test_pair_pages_of_another_pair_are_404_for_a_participant(client_for, program, mentee_user):
    other = active_pair(program, "other-mentor@example.com", "other-mentee@example.com")
    other_checkin = CheckInFactory(mentorship=other)
    other_goal = GoalFactory(mentorship=other)

    found = statuses(
        client_for(mentee_user),
        [
            ("get", url(other)),
            ("get", checkin_url(other_checkin)),
            ("get", goal_url(other_goal)),
            ("get", f"/calendar/checkins/{other_checkin.pk}.ics"),
        ],
    )

    assert set(found.values()) == {404}


# --- scheduling a check-in and each viewer's time zone ----------------------------------------


def test_checkin_new_prefills_a_suggestion_and_the_first_agenda(client_for, pair, mentee_user):
    response = client_for(mentee_user).get(url(pair, "checkins/new"))

    assert response.status_code == 200
    text = _text(response)
    assert '<option value="Europe/Berlin" selected>Europe/Berlin</option>' in text
    assert 'name="time" value="10:00' in text
    assert "1. Introductions: background" in text
    assert "Suggested from your rhythm of every 14 days." in text


def test_checkin_schedule_stores_utc_and_each_side_sees_their_own_clock(
    client_for, pair, mentor_user, mentee_user
):
    set_zone(mentee_user, "America/New_York")

    response = client_for(mentor_user).post(
        url(pair, "checkins/new"), schedule_data(time="09:00", time_zone="Europe/Berlin")
    )

    checkin = CheckIn.objects.get()
    assert response.status_code == 302
    assert response.url == checkin_url(checkin)
    assert checkin.starts_at == datetime(NEXT_YEAR, 1, 15, 8, 0, tzinfo=UTC)
    assert (checkin.time_zone, checkin.duration_minutes, checkin.location) == (
        "Europe/Berlin",
        45,
        "Room 4.12",
    )
    assert checkin.scheduled_by == person_of(mentor_user)
    weekday = WINTER_DAY.strftime("%A")
    as_mentor = client_for(mentor_user).get(checkin_url(checkin))
    as_mentee = client_for(mentee_user).get(checkin_url(checkin))
    assert _by_id(as_mentor, "checkin-time") == f"{weekday} 15 January {NEXT_YEAR}, 09:00 CET"
    assert _by_id(as_mentee, "checkin-time") == f"{weekday} 15 January {NEXT_YEAR}, 03:00 EST"
    home = client_for(mentee_user).get(url(pair))
    assert f"{WINTER_DAY.strftime('%a')} 15 Jan {NEXT_YEAR}, 03:00 EST</time>" in _text(home)


def test_checkin_schedule_in_the_readers_zone_is_read_in_that_zone(client_for, pair, mentee_user):
    set_zone(mentee_user, "America/New_York")

    client_for(mentee_user).post(
        url(pair, "checkins/new"), schedule_data(time="03:00", time_zone="America/New_York")
    )

    assert CheckIn.objects.get().starts_at == datetime(NEXT_YEAR, 1, 15, 8, 0, tzinfo=UTC)


def test_checkin_schedule_shows_a_message_and_notifies_the_partner(
    client_for, pair, mentor_user, mentee_user
):
    response = client_for(mentee_user).post(url(pair, "checkins/new"), schedule_data(), follow=True)

    assert _messages(response) == ["success: Check-in scheduled; you both have a calendar invite."]
    assert _by_id(response, "checkin-status") == "Scheduled"
    assert "invitation waiting for an answer" in _text(response)
    assert Notification.objects.filter(recipient=mentor_user, kind="checkin_invite").count() == 1


def test_checkin_schedule_with_invalid_fields_shows_errors_and_saves_nothing(
    client_for, pair, mentee_user
):
    response = client_for(mentee_user).post(
        url(pair, "checkins/new"),
        schedule_data(
            date="2027-02-30",
            time="25:00",
            time_zone="Mars/Olympus_Mons",
            duration_minutes="2",
            video_url="not a url",
        ),
    )

    assert response.status_code == 200
    assert _field_errors(response) == {
        "date": "Enter a valid date.",
        "time": "Enter a valid time.",
        "time_zone": "Select a valid choice. Mars/Olympus_Mons is not one of the available "
        "choices.",
        "duration_minutes": "Ensure this value is greater than or equal to 5.",
        "video_url": "Enter a valid URL.",
    }
    assert not CheckIn.objects.exists()


def test_checkin_schedule_more_than_60_days_back_is_refused(client_for, pair, mentee_user):
    long_ago = timezone.localdate() - timedelta(days=70)

    response = client_for(mentee_user).post(
        url(pair, "checkins/new"), schedule_data(date=long_ago.isoformat())
    )

    assert response.status_code == 200
    assert _form_errors(response) == ["That is more than 60 days ago."]
    assert not CheckIn.objects.exists()


def test_checkin_page_links_the_calendar_invite_for_participants(
    client_for, checkin, mentor_user, mentee_user, manager_user
):
    link = f'href="/calendar/checkins/{checkin.pk}.ics"'

    pages = {
        user.email: _text(client_for(user).get(checkin_url(checkin)))
        for user in (mentor_user, mentee_user, manager_user)
    }
    invite = client_for(mentee_user).get(f"/calendar/checkins/{checkin.pk}.ics")

    assert link in pages["mentor@example.com"]
    assert link in pages["mentee@example.com"]
    assert link not in pages["manager@example.com"]
    assert invite.status_code == 200
    assert invite["Content-Type"].startswith("text/calendar")
    assert f"UID:checkin-{checkin.uid}@mentorpath" in invite.content.decode()


def test_checkin_invitee_accepts_and_the_scheduler_cannot(
    client_for, checkin, mentor_user, mentee_user
):
    as_mentor = client_for(mentor_user).get(checkin_url(checkin))
    accepted = client_for(mentor_user).post(
        checkin_url(checkin, "respond"), {"answer": "accept"}, follow=True
    )
    by_scheduler = client_for(mentee_user).post(
        checkin_url(checkin, "respond"), {"answer": "accept"}, follow=True
    )

    assert 'name="answer" value="accept"' in _text(as_mentor)
    assert _messages(accepted) == ["success: You accepted the check-in."]
    assert _messages(by_scheduler) == [
        "error: You scheduled this check-in; your partner answers it."
    ]
    assert CheckIn.objects.get().invitee_response == "accepted"


def test_checkin_edit_prefills_then_moves_it(client_for, pair, mentor_user, mentee_user):
    checkin = CheckInFactory(
        mentorship=pair, starts_at=datetime(NEXT_YEAR, 1, 15, 8, 0, tzinfo=UTC)
    )
    client = client_for(mentee_user)

    form = client.get(checkin_url(checkin, "edit"))
    moved = client.post(
        checkin_url(checkin, "edit"), schedule_data(time="10:30", location="Café"), follow=True
    )

    assert 'name="time" value="09:00' in _text(form)
    assert f'name="date" value="{WINTER_DAY.isoformat()}"' in _text(form)
    assert _messages(moved) == ["success: Check-in updated; both calendar invites follow."]
    checkin.refresh_from_db()
    assert checkin.starts_at == datetime(NEXT_YEAR, 1, 15, 9, 30, tzinfo=UTC)
    assert (checkin.location, checkin.sequence) == ("Café", 1)


def test_checkin_cancel_then_cancel_again_shows_why_not(client_for, checkin, mentor_user):
    client = client_for(mentor_user)

    first = client.post(checkin_url(checkin, "cancel"), follow=True)
    second = client.post(checkin_url(checkin, "cancel"), follow=True)

    assert _messages(first) == ["success: Check-in cancelled; the calendar invites are withdrawn."]
    assert _by_id(first, "checkin-status") == "Cancelled"
    assert _messages(second) == ["error: This check-in is cancelled; it cannot be cancelled."]


# --- recording ---------------------------------------------------------------------------------


def test_checkin_record_held_with_minutes(client_for, started, mentor_user, pair):
    response = client_for(mentor_user).post(
        checkin_url(started, "record"), {"outcome": "held", "held_minutes": "50"}, follow=True
    )

    assert response.redirect_chain == [(checkin_url(started), 302)]
    assert _messages(response) == ["success: Recorded as held (50 minutes)."]
    assert _by_id(response, "checkin-status") == "Held"
    assert " · held 50 min" in _text(response)
    started.refresh_from_db()
    assert (started.status, started.held_minutes) == ("held", 50)
    assert started.recorded_by == person_of(mentor_user)
    home = client_for(mentor_user).get(url(pair))
    assert "1 check-in held (0.8 h)" in _text(home)


def test_checkin_record_held_without_minutes_uses_the_planned_duration(
    client_for, started, mentee_user
):
    client_for(mentee_user).post(checkin_url(started, "record"), {"outcome": "held"})

    started.refresh_from_db()
    assert (started.status, started.held_minutes) == ("held", 45)


def test_checkin_record_missed(client_for, started, mentee_user):
    response = client_for(mentee_user).post(
        checkin_url(started, "record"), {"outcome": "missed"}, follow=True
    )

    assert _messages(response) == [
        "success: Recorded as missed. Schedule the next one when you can."
    ]
    started.refresh_from_db()
    assert (started.status, started.held_minutes) == ("missed", None)


def test_checkin_record_before_it_started_is_refused(client_for, checkin, mentee_user):
    page = client_for(mentee_user).get(checkin_url(checkin))
    response = client_for(mentee_user).post(
        checkin_url(checkin, "record"), {"outcome": "held"}, follow=True
    )

    assert checkin_url(checkin, "record") not in _text(page)
    assert _messages(response) == ["error: This check-in has not started yet."]
    assert CheckIn.objects.get().status == "scheduled"


def test_checkin_record_with_invalid_input_shows_errors(client_for, started, mentee_user):
    response = client_for(mentee_user).post(
        checkin_url(started, "record"), {"outcome": "happened", "held_minutes": "900"}, follow=True
    )

    assert _messages(response) == [
        "error: Select a valid choice. happened is not one of the available choices.",
        "error: Ensure this value is less than or equal to 480.",
    ]
    assert CheckIn.objects.get(pk=started.pk).status == "scheduled"


# --- notes ---------------------------------------------------------------------------------------


def test_notes_shared_for_all_viewers_private_for_its_author_only(
    client_for, pair, mentor_user, mentee_user, manager_user, admin_user
):
    mentee = client_for(mentee_user)

    shared = mentee.post(
        url(pair, "notes"),
        {"body": "We agreed on a reading list", "visibility": "shared"},
        follow=True,
    )
    private = mentee.post(
        url(pair, "notes"),
        {"body": "I feel unsure about my manager", "visibility": "private"},
        follow=True,
    )

    assert _messages(shared) == ["success: Note shared with your mentoring partner."]
    assert _messages(private) == ["success: Private note saved: only you will ever see it."]
    own = _text(client_for(mentee_user).get(url(pair)))
    assert "We agreed on a reading list" in own
    assert "I feel unsure about my manager" in own
    for user in (mentor_user, manager_user, admin_user):
        page = _text(client_for(user).get(url(pair)))
        assert "We agreed on a reading list" in page, user.email
        assert "unsure about my manager" not in page, user.email
        assert "<strong>private</strong>" not in page, user.email
    assert Note.objects.get(visibility="private").author == person_of(mentee_user)


def test_notes_on_a_checkin_page_follow_the_same_privacy(
    client_for, started, mentor_user, mentee_user, manager_user
):
    mentee = client_for(mentee_user)

    mentee.post(
        url(started.mentorship, "notes"),
        {"body": "Next: shadow a planning day", "visibility": "shared", "checkin": started.pk},
    )
    response = mentee.post(
        url(started.mentorship, "notes"),
        {"body": "Too shy to ask for feedback", "visibility": "private", "checkin": started.pk},
        follow=True,
    )

    assert response.redirect_chain == [(checkin_url(started), 302)]
    assert "Too shy to ask for feedback" in _text(response)
    for user in (mentor_user, manager_user):
        page = _text(client_for(user).get(checkin_url(started)))
        assert "Next: shadow a planning day" in page, user.email
        assert "Too shy to ask" not in page, user.email
    assert set(Note.objects.values_list("checkin", flat=True)) == {started.pk}


def test_note_without_a_body_shows_the_error_and_saves_nothing(client_for, pair, mentee_user):
    response = client_for(mentee_user).post(
        url(pair, "notes"), {"body": "", "visibility": "shared"}, follow=True
    )

    assert _messages(response) == ["error: This field is required."]
    assert not Note.objects.exists()


def test_note_delete_by_its_author_and_refused_to_the_partner(
    client_for, pair, note, mentor_user, mentee_user
):
    refused = client_for(mentor_user).post(url(pair, f"notes/{note.pk}/delete"), follow=True)
    deleted = client_for(mentee_user).post(url(pair, f"notes/{note.pk}/delete"), follow=True)

    assert _messages(refused) == ["error: Only its author can delete a note."]
    assert _messages(deleted) == ["success: Note deleted."]
    assert not Note.objects.exists()


def test_note_delete_of_someone_elses_private_note_is_404(client_for, pair, mentor_user):
    secret = NoteFactory(mentorship=pair, visibility="private", body="Mine alone")

    response = client_for(mentor_user).post(url(pair, f"notes/{secret.pk}/delete"))

    assert response.status_code == 404
    assert Note.objects.filter(pk=secret.pk).exists()


# --- agreement, rhythm, mute -------------------------------------------------------------------


def test_acknowledge_the_agreement(client_for, pair, mentee_user):
    client = client_for(mentee_user)
    before = client.get(url(pair))

    response = client.post(url(pair, "agreement/acknowledge"), follow=True)

    assert "I have read and acknowledge the agreement" in _text(before)
    assert _messages(response) == ["success: You acknowledged the agreement."]
    assert "I have read and acknowledge the agreement" not in _text(response)
    pair.agreement.refresh_from_db()
    assert pair.agreement.mentee_acknowledged_at is not None
    assert pair.agreement.mentor_acknowledged_at is None


def test_rhythm_change_and_an_invalid_rhythm(client_for, pair, mentor_user):
    client = client_for(mentor_user)

    changed = client.post(url(pair, "agreement/rhythm"), {"rhythm_days": "21"}, follow=True)
    refused = client.post(url(pair, "agreement/rhythm"), {"rhythm_days": "3"}, follow=True)

    assert _messages(changed) == ["success: You now meet every 21 days."]
    assert _messages(refused) == ["error: Ensure this value is greater than or equal to 7."]
    assert _by_id(refused, "rhythm") == "21 days"
    pair.agreement.refresh_from_db()
    assert (pair.agreement.rhythm_days, pair.agreement.rhythm_changed_by) == (
        21,
        person_of(mentor_user),
    )


def test_mute_then_unmute_reminders(client_for, pair, mentee_user):
    client = client_for(mentee_user)

    muted = client.post(url(pair, "mute"), {"muted": "1"}, follow=True)
    muted_rows = list(NudgeMute.objects.values_list("user", flat=True))
    unmuted = client.post(url(pair, "mute"), {"muted": "0"}, follow=True)

    assert _messages(muted) == ["success: Reminders to meet are off for this pair."]
    assert "Turn reminders to meet back on" in _text(muted)
    assert muted_rows == [mentee_user.pk]
    assert _messages(unmuted) == ["success: Reminders to meet are on again for this pair."]
    assert not NudgeMute.objects.exists()


# --- goals and milestones ----------------------------------------------------------------------


def test_goal_new_prefills_from_a_template(client_for, pair, mentee_user):
    response = client_for(mentee_user).get(url(pair, "goals/new") + "?template=0")

    text = _text(response)
    assert response.status_code == 200
    assert 'name="title" value="Map my next career step"' in text
    assert "Identify the role I want in two years and the gaps between it and today." in text
    assert 'value="A written development plan reviewed with my mentor"' in text


def test_goal_new_with_an_unknown_template_is_an_empty_form(client_for, pair, mentee_user):
    response = client_for(mentee_user).get(url(pair, "goals/new") + "?template=99")

    assert response.status_code == 200
    assert 'name="title" value=' not in _text(response)


def test_goal_create_by_the_mentee(client_for, pair, program, mentee_user):
    objective = program.objectives.get()

    response = client_for(mentee_user).post(
        url(pair, "goals/new"), goal_data(objective=str(objective.pk)), follow=True
    )

    goal = Goal.objects.get()
    assert response.redirect_chain == [(goal_url(goal), 302)]
    assert _messages(response) == ["success: Goal added. Break it into milestones next."]
    assert (goal.title, goal.objective, goal.status, goal.progress) == (
        "Lead a planning round",
        objective,
        "not_started",
        0,
    )


def test_goal_create_by_the_mentor_is_refused(client_for, pair, mentor_user):
    response = client_for(mentor_user).post(url(pair, "goals/new"), goal_data())

    assert response.status_code == 200
    assert _form_errors(response) == ["Goals belong to the mentee: only they add or edit them."]
    assert not Goal.objects.exists()


def test_pair_home_has_no_add_goal_button_for_the_mentor(client_for, pair, mentor_user):
    response = client_for(mentor_user).get(url(pair))

    assert url(pair, "goals/new") not in _text(response)


def test_goal_create_with_missing_fields_shows_errors(client_for, pair, mentee_user):
    response = client_for(mentee_user).post(
        url(pair, "goals/new"), goal_data(title="", target_date="someday")
    )

    assert _field_errors(response) == {
        "title": "This field is required.",
        "target_date": "Enter a valid date.",
    }
    assert not Goal.objects.exists()


def test_goal_edit_by_the_mentee_and_refused_to_the_mentor(
    client_for, goal, mentor_user, mentee_user
):
    refused = client_for(mentor_user).post(goal_url(goal, "edit"), goal_data(title="Mentor's"))
    edited = client_for(mentee_user).post(
        goal_url(goal, "edit"), goal_data(title="Speak twice"), follow=True
    )

    assert _form_errors(refused) == ["Goals belong to the mentee: only they add or edit them."]
    assert _messages(edited) == ["success: Goal saved."]
    assert Goal.objects.get().title == "Speak twice"


def test_goal_update_progress_by_the_mentor(client_for, goal, mentor_user, mentee_user):
    response = client_for(mentor_user).post(
        goal_url(goal, "updates"),
        {"progress": "40", "status": "", "comment": "Good draft"},
        follow=True,
    )

    assert _messages(response) == ["success: Update posted."]
    assert _by_id(response, "goal-progress") == "40%"
    assert _by_id(response, "goal-status") == "On track"
    assert "Good draft" in _text(response)
    update = GoalUpdate.objects.get()
    assert (update.progress, update.comment, update.author) == (
        40,
        "Good draft",
        person_of(mentor_user),
    )
    assert Notification.objects.filter(recipient=mentee_user, kind="goal_update").count() == 1


def test_goal_update_empty_is_refused_on_the_page(client_for, goal, mentee_user):
    response = client_for(mentee_user).post(
        goal_url(goal, "updates"), {"progress": "", "status": "", "comment": " "}
    )

    assert response.status_code == 200
    assert _form_errors(response) == ["Write a comment or change the progress or status."]
    assert not GoalUpdate.objects.exists()


def test_milestone_add_then_done_then_reopened(client_for, goal, mentor_user, mentee_user):
    due = timezone.localdate() + timedelta(days=10)

    added = client_for(mentee_user).post(
        goal_url(goal, "milestones"),
        {"title": "First outline", "due_on": due.isoformat()},
        follow=True,
    )
    milestone = Milestone.objects.get()
    done = client_for(mentor_user).post(
        goal_url(goal, f"milestones/{milestone.pk}/done"), {"done": "1"}, follow=True
    )
    done_at = Milestone.objects.get().done_at
    reopened = client_for(mentee_user).post(
        goal_url(goal, f"milestones/{milestone.pk}/done"), {"done": "0"}, follow=True
    )

    assert _messages(added) == ["success: Milestone added."]
    assert (milestone.title, milestone.due_on) == ("First outline", due)
    assert _messages(done) == ["success: Milestone done."]
    assert "✔ <s>First outline</s>" in _text(done)
    assert done_at is not None
    assert _messages(reopened) == ["success: Milestone reopened."]
    assert Milestone.objects.get().done_at is None


def test_milestone_add_by_the_mentor_is_refused(client_for, goal, mentor_user):
    page = client_for(mentor_user).get(goal_url(goal))
    response = client_for(mentor_user).post(
        goal_url(goal, "milestones"),
        {"title": "Mentor's idea", "due_on": timezone.localdate().isoformat()},
    )

    assert f'action="{goal_url(goal, "milestones")}"' not in _text(page)
    assert f'href="{goal_url(goal, "edit")}"' not in _text(page)
    assert response.status_code == 200
    assert not Milestone.objects.exists()


def test_milestone_of_another_goal_is_404(client_for, pair, goal, mentee_user):
    other = MilestoneFactory(goal=GoalFactory(mentorship=pair))

    response = client_for(mentee_user).post(
        goal_url(goal, f"milestones/{other.pk}/done"), {"done": "1"}
    )

    assert response.status_code == 404
    assert Milestone.objects.get().done_at is None


# --- pause, resume, end ------------------------------------------------------------------------


def test_pause_then_resume_with_messages(client_for, pair, mentee_user, mentor_user):
    paused = client_for(mentee_user).post(
        url(pair, "pause"), {"note": "Parental leave until March"}, follow=True
    )
    resumed = client_for(mentor_user).post(url(pair, "resume"), follow=True)

    assert _messages(paused) == [
        "success: The mentorship is paused: no reminders to meet until it resumes."
    ]
    assert _by_id(paused, "mentorship-status") == "Paused"
    assert ": Parental leave until March." in _text(paused)
    assert _messages(resumed) == ["success: Welcome back: the mentorship is active again."]
    assert _by_id(resumed, "mentorship-status") == "Active"
    pair.refresh_from_db()
    assert (pair.status, pair.paused_at, pair.pause_note) == ("active", None, "")


@pytest.mark.parametrize("persona", MANAGERS)
def test_pause_by_the_program_team(request, client_for, pair, persona):
    response = client_for(request.getfixturevalue(persona)).post(url(pair, "pause"), follow=True)

    assert _by_id(response, "mentorship-status") == "Paused"


def test_refused_transitions_are_shown_as_messages(client_for, pair, mentee_user):
    client = client_for(mentee_user)

    resume_active = client.post(url(pair, "resume"), follow=True)
    client.post(url(pair, "end"), {"reason": "completed"}, follow=True)
    pause_completed = client.post(url(pair, "pause"), follow=True)
    status = Mentorship.objects.get().status

    assert _messages(resume_active) == [
        "error: This mentorship is active; it cannot become active."
    ]
    assert _messages(pause_completed) == [
        "error: This mentorship is already completed; it cannot change any more."
    ]
    assert status == "completed"


def test_pause_a_proposed_pair_is_refused(client_for, program, manager_user):
    proposed = proposed_pair(program, "m1@example.com", "e1@example.com")

    response = client_for(manager_user).post(url(proposed, "pause"), follow=True)

    assert _messages(response) == ["error: This mentorship is proposed; it cannot become paused."]


def test_end_completed_cancels_future_checkins(client_for, pair, checkin, mentor_user):
    response = client_for(mentor_user).post(
        url(pair, "end"), {"reason": "completed", "note": "Goals reached"}, follow=True
    )

    assert _messages(response) == ["success: The mentorship has ended."]
    assert _by_id(response, "mentorship-status") == "Completed"
    assert "Schedule a check-in" not in _text(response)
    assert CheckIn.objects.get().status == "cancelled"


def test_schedule_while_paused_is_refused(client_for, pair, mentee_user):
    client = client_for(mentee_user)
    client.post(url(pair, "pause"), follow=True)

    response = client.post(url(pair, "checkins/new"), schedule_data())

    assert _form_errors(response) == [
        "This mentorship is paused; check-ins can be scheduled while it is active."
    ]
    assert not CheckIn.objects.exists()


# --- the program team's pair health and nudges -------------------------------------------------


def stall(pair: Mentorship) -> CheckIn:
    """The pair's last held check-in was two months ago: more than twice its 14-day rhythm."""
    return CheckInFactory(
        mentorship=pair,
        starts_at=timezone.now() - timedelta(days=60),
        status="held",
        held_minutes=45,
    )


def test_pairs_lists_every_pair_with_its_flags(client_for, program, pair, manager_user):
    stall(pair)
    healthy = active_pair(program, "fresh-mentor@example.com", "fresh-mentee@example.com")

    response = client_for(manager_user).get(f"/mentorships/program/{program.slug}/pairs/")
    flagged = client_for(manager_user).get(
        f"/mentorships/program/{program.slug}/pairs/?show=flagged"
    )

    text = _text(response)
    assert response.status_code == 200
    assert "<li><strong>2</strong> pairs</li>" in text
    assert "<li><strong>1</strong> stalled</li>" in text
    assert text.count('<span class="badge badge-failed">stalled</span>') == 1
    stalled_row = re.search(rf'<tr class="flagged">\s*<td><a href="{url(pair)}">', text)
    assert stalled_row is not None
    assert re.search(rf'<tr>\s*<td><a href="{url(healthy)}">', text) is not None
    assert f'action="{url(pair, "nudge")}"' in text
    assert "<li><strong>1</strong> pairs flagged</li>" in _text(flagged)
    assert url(pair) in _text(flagged)
    assert url(healthy) not in _text(flagged)


def test_nudge_from_pairs_notifies_both_once_a_day(
    client_for, program, pair, manager_user, mentor_user, mentee_user
):
    stall(pair)
    client = client_for(manager_user)
    pairs_url = f"/mentorships/program/{program.slug}/pairs/"

    first = client.post(url(pair, "nudge"), {"from": "pairs"}, follow=True)
    second = client.post(url(pair, "nudge"), {"from": "pairs"}, follow=True)

    assert first.redirect_chain == [(pairs_url, 302)]
    assert _messages(first) == ["success: Both have been nudged to plan their next check-in."]
    assert _messages(second) == ["info: This pair was already nudged today."]
    nudges = Notification.objects.filter(kind="pair_nudge").order_by("recipient__email")
    assert [(n.recipient, n.url) for n in nudges] == [
        (mentee_user, url(pair)),
        (mentor_user, url(pair)),
    ]
    assert nudges[0].subject == (
        f"A nudge from your program team about {person_of(mentor_user).full_name}"
    )


def test_nudge_from_the_pair_home_returns_there(client_for, pair, admin_user):
    response = client_for(admin_user).post(url(pair, "nudge"), follow=True)

    assert response.redirect_chain == [(url(pair), 302)]
    assert _messages(response) == ["success: Both have been nudged to plan their next check-in."]
    assert Notification.objects.filter(kind="pair_nudge").count() == 2


def test_nudge_a_paused_pair_is_refused(client_for, pair, manager_user):
    client = client_for(manager_user)
    client.post(url(pair, "pause"), follow=True)

    response = client.post(url(pair, "nudge"), follow=True)

    assert _messages(response) == ["error: Only an active pair can be nudged."]
    assert not Notification.objects.filter(kind="pair_nudge").exists()


# --- the program's agreement template ----------------------------------------------------------


AGREEMENT_V2 = {
    "expectations": "Version two: the mentee brings one question a week.",
    "meeting_rhythm": "Every other week, 30 minutes.",
    "confidentiality": "Nothing leaves the room.",
    "how_to_end": "Tell the program team.",
}


def test_agreement_template_prefills_the_defaults(client_for, program, manager_user):
    response = client_for(manager_user).get(f"/mentorships/program/{program.slug}/agreement/")

    assert response.status_code == 200
    assert "The mentee leads: they bring goals and questions to each check-in" in _text(response)


def test_agreement_template_applies_to_pairs_started_afterwards_only(
    client_for, program, pair, manager_user
):
    old_expectations = pair.agreement.expectations
    page = f"/mentorships/program/{program.slug}/agreement/"

    response = client_for(manager_user).post(page, AGREEMENT_V2, follow=True)
    later = active_pair(program, "later-mentor@example.com", "later-mentee@example.com")

    assert response.redirect_chain == [(page, 302)]
    assert _messages(response) == [
        "success: Agreement saved. Pairs that start from now on will read this version."
    ]
    assert "Version two: the mentee brings one question a week." in _text(response)
    assert AgreementTemplate.objects.get(program=program).how_to_end == "Tell the program team."
    later.agreement.refresh_from_db()
    assert later.agreement.expectations == AGREEMENT_V2["expectations"]
    assert later.agreement.confidentiality == "Nothing leaves the room."
    pair.agreement.refresh_from_db()
    assert pair.agreement.expectations == old_expectations
    assert old_expectations.startswith("The mentee leads")
    home = client_for(manager_user).get(url(later))
    assert "Version two: the mentee brings one question a week." in _text(home)


def test_agreement_template_with_an_empty_section_shows_the_error(
    client_for, program, manager_user
):
    response = client_for(manager_user).post(
        f"/mentorships/program/{program.slug}/agreement/", {**AGREEMENT_V2, "how_to_end": ""}
    )

    assert response.status_code == 200
    assert _field_errors(response) == {"how_to_end": "This field is required."}
    assert not AgreementTemplate.objects.exists()


# --- the pair home -----------------------------------------------------------------------------


def test_pair_home_for_the_mentee_lists_checkins_goals_and_actions(
    client_for, pair, checkin, started, goal, mentee_user
):
    response = client_for(mentee_user).get(url(pair))

    text = _text(response)
    assert response.status_code == 200
    assert _by_id(response, "mentorship-status") == "Active"
    assert f'<strong>Next:</strong> <a href="{checkin_url(checkin)}">' in text
    assert f'How did <a href="{checkin_url(started)}">the check-in of' in text
    assert f'<a href="{goal_url(goal)}">Speak at the all-hands</a>' in text
    assert f'href="{url(pair, "checkins/new")}">Schedule a check-in</a>' in text
    assert f'href="{url(pair, "goals/new")}">Add a goal</a>' in text
