"""The notes API, and above all note privacy: a private note reaches its author alone, through
the notes list and through every other payload; shared notes reach the pair and its managers."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentorpath.mentoring.models import Note
from mentorpath.mentoring.services import mentorship_end, mentorship_propose
from tests.api.conftest import API
from tests.factories.mentoring import CheckInFactory, GoalFactory, NoteFactory, active_pair

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found.", "errors": {}}
PARTICIPANTS_ONLY = {
    "detail": "Only the mentor and the mentee of this pair can do that.",
    "errors": {},
}
EVERYONE_BUT_THE_MENTEE = [
    "mentor_user",
    "manager_user",
    "admin_user",
    "executive_user",
    "outsider_user",
]
SECRET = "I am thinking of leaving the company"


def notes(pair) -> str:
    return f"/mentorships/{pair.pk}/notes"


def delete(api, path: str):
    return api.client.delete(API + path)


@pytest.fixture
def written(pair):
    """Four notes on the pair: each side wrote a shared one and a private one."""
    mentee, mentor = pair.mentee.person, pair.mentor.person
    return {
        "mentee_private": NoteFactory(
            mentorship=pair, author=mentee, visibility="private", body=SECRET
        ),
        "mentee_shared": NoteFactory(mentorship=pair, author=mentee, body="Agenda: my talk"),
        "mentor_private": NoteFactory(
            mentorship=pair, author=mentor, visibility="private", body="Mentor's own reminder"
        ),
        "mentor_shared": NoteFactory(mentorship=pair, author=mentor, body="Read chapter 3"),
    }


def bodies(response) -> set[str]:
    assert response.status_code == 200
    return {note["body"] for note in response.json()["items"]}


# --- GET /mentorships/{id}/notes ---------------------------------------------------------------


def test_the_mentee_reads_shared_notes_and_only_her_own_private_one(
    api_as, pair, written, mentee_user
):
    response = api_as(mentee_user).get(notes(pair))

    assert bodies(response) == {SECRET, "Agenda: my talk", "Read chapter 3"}
    mine = {note["body"]: note["mine"] for note in response.json()["items"]}
    assert mine == {SECRET: True, "Agenda: my talk": True, "Read chapter 3": False}


def test_the_mentor_reads_shared_notes_and_only_his_own_private_one(
    api_as, pair, written, mentor_user
):
    response = api_as(mentor_user).get(notes(pair))

    assert bodies(response) == {"Mentor's own reminder", "Agenda: my talk", "Read chapter 3"}


@pytest.mark.parametrize("persona", ["manager_user", "admin_user"])
def test_managers_read_shared_notes_only(request, api_as, pair, written, persona):
    response = api_as(request.getfixturevalue(persona)).get(notes(pair))

    assert bodies(response) == {"Agenda: my talk", "Read chapter 3"}
    assert response.json()["count"] == 2
    assert all(note["visibility"] == "shared" for note in response.json()["items"])


@pytest.mark.parametrize("persona", ["executive_user", "outsider_user"])
def test_notes_are_404_for_others(request, api_as, pair, written, persona):
    response = api_as(request.getfixturevalue(persona)).get(notes(pair))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_a_manager_who_wrote_nothing_still_gets_no_private_note(
    api_as, pair, written, manager_user
):
    """Managers read with no person at all, so not even a note claiming their person leaks."""
    NoteFactory(mentorship=pair, author=manager_user.person, visibility="private", body="Odd")

    response = api_as(manager_user).get(notes(pair))

    assert bodies(response) == {"Agenda: my talk", "Read chapter 3"}


def test_notes_newest_first_with_their_authors(api_as, pair, mentee_user, mentor_user):
    first = NoteFactory(mentorship=pair, body="First")
    second = NoteFactory(mentorship=pair, author=pair.mentor.person, body="Second")

    items = api_as(mentee_user).get(notes(pair)).json()["items"]

    assert [(n["id"], n["author"]["id"]) for n in items] == [
        (second.pk, mentor_user.person.pk),
        (first.pk, mentee_user.person.pk),
    ]
    assert items[0]["mentorship_id"] == pair.pk


def test_notes_about_one_checkin(api_as, pair, mentee_user, mentor_user):
    checkin = CheckInFactory(mentorship=pair)
    NoteFactory(mentorship=pair, checkin=checkin, body="About the check-in")
    NoteFactory(mentorship=pair, checkin=checkin, visibility="private", body=SECRET)
    NoteFactory(mentorship=pair, body="General")

    for_mentee = api_as(mentee_user).get(notes(pair), checkin=checkin.pk)
    for_mentor = api_as(mentor_user).get(notes(pair), checkin=checkin.pk)

    assert bodies(for_mentee) == {"About the check-in", SECRET}
    assert bodies(for_mentor) == {"About the check-in"}
    assert {n["checkin"] for n in for_mentor.json()["items"]} == {checkin.pk}


def test_notes_query_count_is_flat(api_as, pair, mentee_user):
    api = api_as(mentee_user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(notes(pair))
        assert response.status_code == 200
        return len(queries)

    NoteFactory(mentorship=pair, checkin=CheckInFactory(mentorship=pair))
    few = count()
    for _ in range(4):
        NoteFactory(mentorship=pair, checkin=CheckInFactory(mentorship=pair))
        NoteFactory(mentorship=pair, author=pair.mentor.person)

    assert count() == few


# --- a private note in no other payload --------------------------------------------------------


def every_read(pair) -> list[str]:
    goal = GoalFactory(mentorship=pair)
    checkin = CheckInFactory(mentorship=pair)
    NoteFactory(mentorship=pair, checkin=checkin, visibility="private", body=SECRET)
    base = f"/mentorships/{pair.pk}"
    return [
        "/mentorships",
        base,
        f"{base}/agreement",
        f"{base}/goals",
        f"{base}/goals/{goal.pk}",
        f"{base}/goals/{goal.pk}/updates",
        f"{base}/checkins",
        f"{base}/checkins/{checkin.pk}",
        f"{base}/checkins/suggestion",
        f"{base}/notes",
        f"{base}/notes?checkin={checkin.pk}",
        "/programs/career-compass/pairs",
    ]


@pytest.mark.parametrize("persona", EVERYONE_BUT_THE_MENTEE)
def test_a_private_note_is_in_no_payload_for_anyone_but_its_author(
    request, api_as, pair, written, persona
):
    api = api_as(request.getfixturevalue(persona))

    for path in every_read(pair):
        response = api.client.get(API + path)
        assert response.status_code in (200, 403, 404), path
        assert SECRET.encode() not in response.content, path


def test_the_author_finds_her_private_note_in_the_notes_only(api_as, pair, written, mentee_user):
    api = api_as(mentee_user)

    found = [p for p in every_read(pair) if SECRET.encode() in api.client.get(API + p).content]

    listed = f"/mentorships/{pair.pk}/notes"
    assert len(found) == 2
    assert found[0] == listed
    assert found[1].startswith(f"{listed}?checkin=")


# --- POST /mentorships/{id}/notes --------------------------------------------------------------


@pytest.mark.parametrize("visibility", ["shared", "private"])
def test_add_a_note(api_as, pair, mentee_user, visibility):
    response = api_as(mentee_user).post(
        notes(pair), {"body": "  We agreed on a plan  ", "visibility": visibility}
    )

    assert response.status_code == 201
    note = Note.objects.get()
    body = response.json()
    assert body.pop("created_at")
    assert body == {
        "id": note.pk,
        "mentorship_id": pair.pk,
        "author": {"id": mentee_user.person.pk, "full_name": mentee_user.person.full_name},
        "visibility": visibility,
        "body": "We agreed on a plan",
        "checkin": None,
        "mine": True,
    }


def test_add_a_note_is_shared_by_default_and_about_a_checkin(api_as, pair, mentor_user):
    checkin = CheckInFactory(mentorship=pair)

    response = api_as(mentor_user).post(notes(pair), {"body": "Went well", "checkin": checkin.pk})

    assert response.status_code == 201
    assert (response.json()["visibility"], response.json()["checkin"]) == ("shared", checkin.pk)


def test_a_private_note_from_the_mentee_is_not_shown_to_the_mentor(
    api_as, pair, mentee_user, mentor_user, manager_user
):
    api_as(mentee_user).post(notes(pair), {"body": SECRET, "visibility": "private"})

    assert bodies(api_as(mentor_user).get(notes(pair))) == set()
    assert bodies(api_as(manager_user).get(notes(pair))) == set()
    assert bodies(api_as(mentee_user).get(notes(pair))) == {SECRET}


@pytest.mark.parametrize("persona", ["manager_user", "admin_user"])
def test_add_a_note_by_a_manager_gets_403(request, api_as, pair, persona):
    response = api_as(request.getfixturevalue(persona)).post(notes(pair), {"body": "Hello"})

    assert response.status_code == 403
    assert response.json() == PARTICIPANTS_ONLY
    assert not Note.objects.exists()


@pytest.mark.parametrize("persona", ["executive_user", "outsider_user"])
def test_add_a_note_by_someone_else_is_404(request, api_as, pair, persona):
    response = api_as(request.getfixturevalue(persona)).post(notes(pair), {"body": "Hello"})

    assert response.status_code == 404
    assert not Note.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": ""}, "body"),
        ({}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({"body": "Hi", "visibility": "secret"}, "visibility"),
        ({"body": "Hi", "checkin": 0}, "checkin"),
        ({"body": "Hi", "author": 1}, "author"),
    ],
)
def test_add_a_note_with_bad_input_gets_422(api_as, pair, mentee_user, body, field):
    response = api_as(mentee_user).post(notes(pair), body)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    assert not Note.objects.exists()


def test_add_a_blank_note_gets_400(api_as, pair, mentee_user):
    response = api_as(mentee_user).post(notes(pair), {"body": "   "})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Write something first.",
        "errors": {"body": "Write something first."},
    }


def test_add_a_note_about_another_pairs_checkin_gets_400(api_as, pair, program, mentee_user):
    theirs = CheckInFactory(mentorship=active_pair(program, "m2@example.com", "e2@example.com"))

    response = api_as(mentee_user).post(notes(pair), {"body": "Hi", "checkin": theirs.pk})

    assert response.status_code == 400
    assert response.json()["errors"] == {"checkin": "Choose a check-in of this pair."}
    assert not Note.objects.exists()


def test_add_a_note_on_a_proposed_pair_gets_409(api_as, mentor, mentee, mentee_user):
    proposed = mentorship_propose(mentor=mentor, mentee=mentee, by=None)

    response = api_as(mentee_user).post(notes(proposed), {"body": "Hi"})

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Notes can be written while the mentorship runs.",
        "errors": {},
    }


def test_add_a_note_after_completing_but_not_after_ending_early(api_as, pair, program, mentee_user):
    mentorship_end(mentorship=pair, reason="completed")
    completed = api_as(mentee_user).post(notes(pair), {"body": "Thanks for everything"})
    other = active_pair(program, "m2@example.com", "e2@example.com")
    mentorship_end(mentorship=other, reason="personal")

    ended = api_as(other.mentee.person.user).post(notes(other), {"body": "Late"})

    assert (completed.status_code, ended.status_code) == (201, 409)


# --- DELETE /mentorships/{id}/notes/{note_id} --------------------------------------------------


@pytest.mark.parametrize("which", ["mentee_private", "mentee_shared"])
def test_the_author_deletes_her_note(api_as, pair, written, mentee_user, which):
    note = written[which]

    response = delete(api_as(mentee_user), f"{notes(pair)}/{note.pk}")

    assert response.status_code == 204
    assert response.content == b""
    assert not Note.objects.filter(pk=note.pk).exists()


def test_someone_elses_private_note_is_404_as_if_there_were_none(
    api_as, pair, written, mentor_user
):
    api = api_as(mentor_user)

    private = delete(api, f"{notes(pair)}/{written['mentee_private'].pk}")
    missing = delete(api, f"{notes(pair)}/999999")

    assert (private.status_code, private.json()) == (404, NOT_FOUND)
    assert (missing.status_code, missing.json()) == (404, NOT_FOUND)
    assert Note.objects.filter(pk=written["mentee_private"].pk).exists()


def test_someone_elses_shared_note_gets_403(api_as, pair, written, mentor_user):
    response = delete(api_as(mentor_user), f"{notes(pair)}/{written['mentee_shared'].pk}")

    assert response.status_code == 403
    assert response.json() == {"detail": "Only its author can delete a note.", "errors": {}}
    assert Note.objects.filter(pk=written["mentee_shared"].pk).exists()


@pytest.mark.parametrize("persona", ["manager_user", "admin_user"])
@pytest.mark.parametrize("which", ["mentee_private", "mentee_shared", None])
def test_managers_get_the_same_403_whatever_the_note(
    request, api_as, pair, written, persona, which
):
    note_id = written[which].pk if which else 999999

    response = delete(api_as(request.getfixturevalue(persona)), f"{notes(pair)}/{note_id}")

    assert response.status_code == 403
    assert response.json() == PARTICIPANTS_ONLY
    assert Note.objects.count() == 4


@pytest.mark.parametrize("persona", ["executive_user", "outsider_user"])
def test_delete_by_someone_else_is_404(request, api_as, pair, written, persona):
    response = delete(
        api_as(request.getfixturevalue(persona)), f"{notes(pair)}/{written['mentee_shared'].pk}"
    )

    assert response.status_code == 404
    assert Note.objects.count() == 4


def test_a_note_of_another_pair_is_404_through_mine(api_as, pair, program, mentee_user):
    other = active_pair(program, "m2@example.com", "e2@example.com")
    theirs = NoteFactory(mentorship=other, author=mentee_user.person)

    response = delete(api_as(mentee_user), f"{notes(pair)}/{theirs.pk}")

    assert response.status_code == 404
    assert Note.objects.filter(pk=theirs.pk).exists()


def test_notes_anonymous_gets_401(api_as, pair, written):
    api = api_as(None)

    assert api.get(notes(pair)).status_code == 401
    assert api.post(notes(pair), {"body": "Hi"}).status_code == 401
    assert delete(api, f"{notes(pair)}/{written['mentee_shared'].pk}").status_code == 401
    assert Note.objects.count() == 4


def test_notes_list_older_notes_last(api_as, pair, mentee_user):
    old = NoteFactory(mentorship=pair, body="Old")
    Note.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    NoteFactory(mentorship=pair, body="New")

    items = api_as(mentee_user).get(notes(pair)).json()["items"]

    assert [n["body"] for n in items] == ["New", "Old"]
