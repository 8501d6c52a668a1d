"""Mentorship pages: my pairs, one pair, answering a proposal, ending a pair, per persona."""

import html
import re

import pytest
from django.test import Client

from mentorpath.matching import services as matching
from mentorpath.mentoring.models import Mentorship
from mentorpath.mentoring.services import mentorship_propose
from mentorpath.programs.models import Enrollment
from tests.factories import EnrollmentFactory, LanguageFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

REASONS = [{"criterion": "level_gap", "text": "4 levels above you", "share": 60.0}]
PAIR = ["mentor_user", "mentee_user"]
MANAGERS = ["manager_user", "admin_user"]
OTHERS = ["executive_user", "outsider_user"]


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    found = re.findall(r'class="message message-(\w+)">([^<]*)</li>', _text(response))
    return [f"{kind}: {html.unescape(text)}" for kind, text in found]


def _status(response) -> str:
    return re.search(r'id="mentorship-status">([^<]*)</span>', _text(response)).group(1)


@pytest.fixture
def mentorship(mentor, mentee, manager_user) -> Mentorship:
    return mentorship_propose(
        mentor=mentor, mentee=mentee, by=manager_user, score=0.72, explanation=REASONS
    )


def url(mentorship: Mentorship, action: str = "") -> str:
    return f"/mentorships/{mentorship.pk}/" + (f"{action}/" if action else "")


def another_pair(program) -> Mentorship:
    mentor = EnrollmentFactory(
        program=program, person=PersonFactory(level=7), role="mentor", status="approved"
    )
    mentee = EnrollmentFactory(program=program, person=PersonFactory(level=2), status="approved")
    return mentorship_propose(mentor=mentor, mentee=mentee, by=None)


def test_mentorship_pages_anonymous_redirect_to_login(mentorship):
    for method, path in [
        ("get", "/mentorships/"),
        ("get", url(mentorship)),
        ("post", url(mentorship, "respond")),
        ("post", url(mentorship, "end")),
    ]:
        client = Client()
        if method == "get":
            response = client.get(path)
        else:
            response = client.post(path, {"answer": "accept", "reason": "other"})

        assert response.status_code == 302
        assert response.url == f"/accounts/login/?next={path}"
    assert Mentorship.objects.get().status == "proposed"


# --- my mentorships ----------------------------------------------------------------------------


def test_my_mentorships_for_the_mentor_and_the_mentee(
    client_for, mentorship, mentor_user, mentee_user, mentor, mentee
):
    as_mentor = client_for(mentor_user).get("/mentorships/")
    as_mentee = client_for(mentee_user).get("/mentorships/")

    link = f'<a href="{url(mentorship)}">'
    assert as_mentor.status_code == as_mentee.status_code == 200
    assert f"{link}Mentoring {html.escape(mentee.person.full_name)}</a>" in _text(as_mentor)
    assert f"{link}Mentored by {html.escape(mentor.person.full_name)}</a>" in _text(as_mentee)
    assert '<span class="badge badge-proposed">Proposed</span>' in _text(as_mentee)


@pytest.mark.parametrize("persona", [*MANAGERS, *OTHERS])
def test_my_mentorships_empty_for_people_not_in_a_pair(request, client_for, mentorship, persona):
    response = client_for(request.getfixturevalue(persona)).get("/mentorships/")

    assert response.status_code == 200
    assert "<li>No mentorship yet.</li>" in _text(response)
    assert url(mentorship) not in _text(response)


def test_my_mentorships_without_an_employee_profile_is_403(client_for, db):
    response = client_for(UserFactory(email="no-profile@example.com")).get("/mentorships/")

    assert response.status_code == 403


# --- one mentorship ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PAIR)
def test_detail_for_the_pair_offers_accept_and_decline(request, client_for, mentorship, persona):
    response = client_for(request.getfixturevalue(persona)).get(url(mentorship))

    assert response.status_code == 200
    text = _text(response)
    assert _status(response) == "Proposed"
    assert " · match score 0.72" in text
    assert "<li>4 levels above you</li>" in text
    assert '<button type="submit" name="answer" value="accept">Accept</button>' in text
    assert f'action="{url(mentorship, "end")}"' in text


@pytest.mark.parametrize("persona", MANAGERS)
def test_detail_for_a_manager_offers_ending_not_answering(request, client_for, mentorship, persona):
    response = client_for(request.getfixturevalue(persona)).get(url(mentorship))

    assert response.status_code == 200
    text = _text(response)
    assert 'value="accept"' not in text
    assert f'action="{url(mentorship, "end")}"' in text


@pytest.mark.parametrize("persona", OTHERS)
def test_detail_is_404_for_others(request, client_for, mentorship, persona):
    response = client_for(request.getfixturevalue(persona)).get(url(mentorship))

    assert response.status_code == 404


def test_detail_of_another_pair_is_404_for_a_participant(
    client_for, mentorship, program, mentee_user
):
    other = another_pair(program)

    response = client_for(mentee_user).get(url(other))

    assert response.status_code == 404


# --- respond -----------------------------------------------------------------------------------


def test_respond_mentor_and_mentee_accept_then_active(
    client_for, mentorship, mentor_user, mentee_user
):
    first = client_for(mentee_user).post(
        url(mentorship, "respond"), {"answer": "accept"}, follow=True
    )
    second = client_for(mentor_user).post(
        url(mentorship, "respond"), {"answer": "accept"}, follow=True
    )

    assert first.redirect_chain == [(url(mentorship), 302)]
    assert _messages(first) == [
        "success: You accepted. We will let you know when the other side does."
    ]
    assert _status(first) == "Proposed"
    assert 'value="accept"' not in _text(first)
    assert _messages(second) == [
        "success: You both accepted: your mentorship has started. "
        "Read your agreement and schedule your first check-in."
    ]
    assert _status(second) == "Active"
    mentorship.refresh_from_db()
    assert mentorship.status == "active"
    assert mentorship.started_at is not None


def test_respond_decline_frees_the_slot_and_returns_the_mentee_to_the_pool(
    client_for, mentorship, program, manager_user, mentor, mentee, mentee_user
):
    response = client_for(mentee_user).post(
        url(mentorship, "respond"), {"answer": "decline"}, follow=True
    )

    assert _messages(response) == [
        "success: You declined this pairing. The program team will follow up."
    ]
    assert _status(response) == "Declined"
    mentorship.refresh_from_db()
    assert (mentorship.status, mentorship.declined_by) == ("declined", "mentee")
    assert Enrollment.objects.get(pk=mentor.pk).load == 0
    english = LanguageFactory(code="en", name="English")
    mentor.person.languages.add(english)
    mentee.person.languages.add(english)
    run = matching.match_run_execute(run=matching.match_run_start(program=program, by=manager_user))
    # back in the pool, but a declined pairing is an opt-out: never proposed again
    assert list(run.proposals.values_list("mentee", "mentor")) == [(mentee.pk, None)]
    assert "blocked" in run.proposals.get().unmatched_reason


@pytest.mark.parametrize("persona", MANAGERS)
def test_respond_by_a_manager_is_refused_with_a_message(request, client_for, mentorship, persona):
    response = client_for(request.getfixturevalue(persona)).post(
        url(mentorship, "respond"), {"answer": "accept"}, follow=True
    )

    assert _messages(response) == ["error: Only the mentor and the mentee answer a proposal."]
    mentorship.refresh_from_db()
    assert (mentorship.mentor_accepted_at, mentorship.mentee_accepted_at) == (None, None)


@pytest.mark.parametrize("persona", OTHERS)
def test_respond_by_others_is_404(request, client_for, mentorship, persona):
    response = client_for(request.getfixturevalue(persona)).post(
        url(mentorship, "respond"), {"answer": "accept"}
    )

    assert response.status_code == 404
    assert Mentorship.objects.get().mentee_accepted_at is None


def test_respond_after_it_ended_shows_why_not(client_for, mentorship, mentee_user):
    client = client_for(mentee_user)
    client.post(url(mentorship, "end"), {"reason": "other"}, follow=True)

    response = client.post(url(mentorship, "respond"), {"answer": "accept"}, follow=True)

    assert _messages(response) == [
        "error: This mentorship is ended early; it can no longer be accepted or declined."
    ]


def test_respond_by_get_is_not_allowed(client_for, mentorship, mentee_user):
    assert client_for(mentee_user).get(url(mentorship, "respond")).status_code == 405


# --- end ---------------------------------------------------------------------------------------


def test_end_for_mismatch_blocks_the_pair_in_the_next_run(
    client_for, mentorship, program, manager_user, mentor, mentee, mentee_user
):
    english = LanguageFactory(code="en", name="English")
    mentor.person.languages.add(english)
    mentee.person.languages.add(english)

    response = client_for(mentee_user).post(
        url(mentorship, "end"), {"reason": "mismatch", "note": "Different rhythms"}, follow=True
    )

    assert response.redirect_chain == [(url(mentorship), 302)]
    assert _messages(response) == ["success: The mentorship has ended."]
    assert _status(response) == "Ended early"
    assert " · ended early: not a good match (no fault) (Different rhythms)</li>" in _text(response)
    mentorship.refresh_from_db()
    assert (mentorship.status, mentorship.end_reason, mentorship.end_note) == (
        "ended_early",
        "mismatch",
        "Different rhythms",
    )
    assert Enrollment.objects.get(pk=mentor.pk).load == 0
    run = matching.match_run_execute(run=matching.match_run_start(program=program, by=manager_user))
    proposal = run.proposals.get()
    assert (proposal.mentee, proposal.mentor) == (mentee, None)
    assert proposal.unmatched_reason == (
        "No mentor with room who passes the constraints (of 1 mentors: 1 blocked)."
    )


@pytest.mark.parametrize("persona", ["mentor_user", *MANAGERS])
def test_end_by_the_mentor_or_a_manager(request, client_for, pair, persona):
    response = client_for(request.getfixturevalue(persona)).post(
        url(pair, "end"), {"reason": "completed"}, follow=True
    )

    assert _messages(response) == ["success: The mentorship has ended."]
    assert _status(response) == "Completed"
    assert Mentorship.objects.get().status == "completed"


def test_end_without_a_valid_reason_shows_the_error(client_for, mentorship, mentee_user):
    response = client_for(mentee_user).post(
        url(mentorship, "end"), {"reason": "boredom"}, follow=True
    )

    assert _messages(response) == [
        "error: Select a valid choice. boredom is not one of the available choices."
    ]
    assert Mentorship.objects.get().status == "proposed"


def test_end_twice_shows_why_not(client_for, mentorship, mentee_user):
    client = client_for(mentee_user)
    client.post(url(mentorship, "end"), {"reason": "other"}, follow=True)

    response = client.post(url(mentorship, "end"), {"reason": "mismatch"}, follow=True)

    assert _messages(response) == [
        "error: This mentorship is already ended early; it cannot change any more."
    ]
    assert Mentorship.objects.get().end_reason == "other"


@pytest.mark.parametrize("persona", OTHERS)
def test_end_by_others_is_404(request, client_for, mentorship, persona):
    response = client_for(request.getfixturevalue(persona)).post(
        url(mentorship, "end"), {"reason": "mismatch"}
    )

    assert response.status_code == 404
    assert Mentorship.objects.get().status == "proposed"


def test_end_by_get_is_not_allowed(client_for, mentorship, mentee_user):
    assert client_for(mentee_user).get(url(mentorship, "end")).status_code == 405
