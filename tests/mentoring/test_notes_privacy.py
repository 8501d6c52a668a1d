"""Private notes are seen by their author alone: through `notes_visible_to` for every role, and
nowhere in the Django admin, where a superuser can see almost everything else."""

import html

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentorpath.mentoring.models import CheckIn, Mentorship, Note
from mentorpath.mentoring.queries import notes_visible_to
from mentorpath.mentoring.services import mentorship_end, note_add, note_delete
from tests.factories import ProgramFactory
from tests.factories.mentoring import CheckInFactory, active_pair

pytestmark = pytest.mark.django_db

SECRET = "PRIVATE-7f3a thinking about leaving the company next spring"
MENTOR_SECRET = "PRIVATE-c1d9 worried this mentee is not engaged"
SHARED = "SHARED-2b8e we agreed to practise the budget talk"


@pytest.fixture
def notes(pair, mentor_user, mentee_user) -> dict[str, Note]:
    """A shared and a private note from each side of the persona pair."""
    mentee, mentor = mentee_user.person, mentor_user.person
    return {
        "mentee-private": note_add(
            mentorship=pair, person=mentee, body=SECRET, visibility="private"
        ),
        "mentee-shared": note_add(mentorship=pair, person=mentee, body=SHARED),
        "mentor-private": note_add(
            mentorship=pair, person=mentor, body=MENTOR_SECRET, visibility="private"
        ),
        "mentor-shared": note_add(mentorship=pair, person=mentor, body="Mentor's shared note"),
    }


def visible(pair, person) -> set[str]:
    return set(notes_visible_to(mentorship=pair, person=person).values_list("body", flat=True))


def names(notes: dict[str, Note], *keys: str) -> set[str]:
    return {notes[key].body for key in keys}


def refusal(call) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value


# --- notes_visible_to, per role ----------------------------------------------------------------


def test_the_mentee_sees_the_shared_notes_and_their_own_private_one(pair, notes, mentee_user):
    assert visible(pair, mentee_user.person) == names(
        notes, "mentee-private", "mentee-shared", "mentor-shared"
    )


def test_the_mentor_sees_the_shared_notes_and_their_own_private_one(pair, notes, mentor_user):
    assert visible(pair, mentor_user.person) == names(
        notes, "mentor-private", "mentee-shared", "mentor-shared"
    )


@pytest.mark.parametrize("persona", ["manager_user", "admin_user", "executive_user"])
def test_program_staff_reading_as_themselves_see_shared_notes_only(request, pair, notes, persona):
    person = request.getfixturevalue(persona).person

    assert visible(pair, person) == names(notes, "mentee-shared", "mentor-shared")


def test_reading_without_a_person_sees_shared_notes_only(pair, notes):
    assert visible(pair, None) == names(notes, "mentee-shared", "mentor-shared")


def test_an_outsider_reading_sees_shared_notes_only(pair, notes, outsider_user):
    assert visible(pair, outsider_user.person) == names(notes, "mentee-shared", "mentor-shared")


def test_notes_of_another_pair_are_never_mixed_in(pair, notes, mentee_user):
    other = active_pair(ProgramFactory(), "m@example.com", "e@example.com")
    note_add(mentorship=other, person=other.mentee.person, body="Other pair's note")

    assert "Other pair's note" not in visible(pair, mentee_user.person)
    assert visible(other, other.mentee.person) == {"Other pair's note"}


def test_notes_come_newest_first(pair, mentee_user):
    for body in ("first", "second", "third"):
        note_add(mentorship=pair, person=mentee_user.person, body=body)

    read = notes_visible_to(mentorship=pair, person=mentee_user.person)

    assert list(read.values_list("body", flat=True)) == ["third", "second", "first"]


# --- writing and deleting ----------------------------------------------------------------------


def test_note_add_strips_the_body_and_links_a_checkin_of_the_pair(pair, mentee_user):
    checkin = CheckInFactory(mentorship=pair)

    note = note_add(mentorship=pair, person=mentee_user.person, body="  Notes  ", checkin=checkin)

    assert Note.objects.filter(pk=note.pk).values_list("body", "checkin", "visibility").get() == (
        "Notes",
        checkin.pk,
        "shared",
    )


def test_note_add_about_a_checkin_of_another_pair_is_refused(pair, mentee_user):
    other = active_pair(ProgramFactory(), "m@example.com", "e@example.com")
    foreign = CheckInFactory(mentorship=other)

    error = refusal(
        lambda: note_add(mentorship=pair, person=mentee_user.person, body="x", checkin=foreign)
    )

    assert error.messages == ["That check-in belongs to another pair."]
    assert not Note.objects.exists()


@pytest.mark.parametrize("persona", ["manager_user", "admin_user", "outsider_user"])
def test_note_add_by_someone_outside_the_pair_is_refused(request, pair, persona):
    person = request.getfixturevalue(persona).person

    error = refusal(lambda: note_add(mentorship=pair, person=person, body="Hello"))

    assert error.messages == ["Only the mentor and the mentee of this pair can do that."]
    assert not Note.objects.exists()


def test_note_add_empty_or_with_an_unknown_visibility_is_refused(pair, mentee_user):
    person = mentee_user.person

    empty = refusal(lambda: note_add(mentorship=pair, person=person, body="  "))
    unknown = refusal(
        lambda: note_add(mentorship=pair, person=person, body="x", visibility="public")
    )

    assert empty.message_dict == {"body": ["Write something first."]}
    assert unknown.message_dict == {"visibility": ["Choose shared or private."]}


def test_note_add_after_completion_is_allowed_but_not_after_ending_early(db):
    program = ProgramFactory()
    completed = mentorship_end(
        mentorship=active_pair(program, "m1@example.com", "e1@example.com"), reason="completed"
    )
    ended = mentorship_end(
        mentorship=active_pair(program, "m2@example.com", "e2@example.com"), reason="mismatch"
    )

    note_add(mentorship=completed, person=completed.mentee.person, body="What I learned")
    error = refusal(lambda: note_add(mentorship=ended, person=ended.mentee.person, body="x"))

    assert error.messages == ["Notes can be written while the mentorship runs."]
    assert error.code == "conflict"
    assert list(Note.objects.values_list("body", flat=True)) == ["What I learned"]


def test_note_delete_by_its_author(notes, mentee_user):
    note_delete(note=notes["mentee-private"], person=mentee_user.person)

    assert not Note.objects.filter(pk=notes["mentee-private"].pk).exists()
    assert Note.objects.count() == 3


@pytest.mark.parametrize("persona", ["mentor_user", "manager_user", "admin_user"])
def test_note_delete_by_anyone_but_its_author_is_refused(request, notes, persona):
    person = request.getfixturevalue(persona).person

    error = refusal(lambda: note_delete(note=notes["mentee-shared"], person=person))

    assert error.messages == ["Only its author can delete a note."]
    assert Note.objects.filter(pk=notes["mentee-shared"].pk).exists()


# --- the Django admin --------------------------------------------------------------------------


def leaks(response) -> list[str]:
    """Which private note bodies a page shows (as text or HTML-escaped)."""
    text = response.content.decode()
    return [secret for secret in (SECRET, MENTOR_SECRET) if secret in html.unescape(text)]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def staff(client_for, admin_user, notes, pair):
    """The superuser's client, with private notes on the pair and a check-in they are about."""
    checkin = CheckInFactory(mentorship=pair)
    note_add(
        mentorship=pair,
        person=pair.mentee.person,
        body=SECRET + " (about the check-in)",
        visibility="private",
        checkin=checkin,
    )
    return client_for(admin_user)


def test_admin_changelists_never_show_a_private_note(staff):
    shown = {}
    for model in admin.site._registry:
        response = staff.get(admin_url(model, "changelist"))
        assert response.status_code == 200, model._meta.label
        shown[model._meta.label] = leaks(response)

    assert {label: found for label, found in shown.items() if found} == {}


def test_admin_change_pages_never_show_a_private_note(staff):
    private = set(Note.objects.filter(visibility="private").values_list("pk", flat=True))
    shown = {}
    for model in admin.site._registry:
        for pk in model._default_manager.values_list("pk", flat=True):
            response = staff.get(admin_url(model, "change", pk))
            if model is Note and pk in private:  # hidden from the admin: "no such note"
                assert (response.status_code, response.url) == (302, "/admin/"), pk
            else:
                assert response.status_code == 200, (model._meta.label, pk)
            shown[f"{model._meta.label} #{pk}"] = leaks(response)

    assert {page: found for page, found in shown.items() if found} == {}


def test_admin_mentorship_change_page_shows_no_note(staff, pair):
    response = staff.get(admin_url(Mentorship, "change", pair.pk))

    assert response.status_code == 200
    assert leaks(response) == []
    assert SHARED not in html.unescape(response.content.decode())


@pytest.mark.parametrize("target", ["mentorship", "checkin", "mentee_person", "mentee_user"])
def test_admin_delete_confirmation_lists_notes_without_their_text(staff, pair, target):
    obj = {
        "mentorship": pair,
        "checkin": CheckIn.objects.filter(mentorship=pair).first(),
        "mentee_person": pair.mentee.person,
        "mentee_user": pair.mentee.person.user,
    }[target]
    if type(obj) not in admin.site._registry:
        pytest.skip(f"{type(obj).__name__} is not in the admin")

    response = staff.get(admin_url(type(obj), "delete", obj.pk))

    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert leaks(response) == []
    if target in ("mentorship", "mentee_person"):
        assert "Note #" in text  # the notes are listed, by number only


@pytest.mark.parametrize("query", [SECRET, "PRIVATE-7f3a", "leaving the company"])
def test_admin_search_for_a_private_note_finds_nothing_and_echoes_no_other_secret(staff, query):
    for model, model_admin in admin.site._registry.items():
        if not model_admin.search_fields:
            continue
        response = staff.get(admin_url(model, "changelist"), {"q": query})

        assert response.status_code == 200, model._meta.label
        assert MENTOR_SECRET not in html.unescape(response.content.decode()), model._meta.label
        assert response.context["cl"].result_count == 0, model._meta.label


def test_admin_history_of_the_mentorship_shows_no_note(staff, pair):
    response = staff.get(admin_url(Mentorship, "history", pair.pk))

    assert response.status_code == 200
    assert leaks(response) == []


def test_admin_note_pages_if_registered_never_show_a_private_note(staff, notes):
    if Note not in admin.site._registry:
        pytest.skip("Note is not in the admin")
    pages = [admin_url(Note, "changelist")] + [
        admin_url(Note, view, note.pk) for note in notes.values() for view in ("change", "delete")
    ]

    shown = {page: leaks(staff.get(page)) for page in pages}

    assert {page: found for page, found in shown.items() if found} == {}


def test_admin_note_changelist_lists_shared_notes_only(staff, notes):
    if Note not in admin.site._registry:
        pytest.skip("Note is not in the admin")

    response = staff.get(admin_url(Note, "changelist"))

    listed = {note.pk for note in response.context["cl"].result_list}
    assert listed == {notes["mentee-shared"].pk, notes["mentor-shared"].pk}
    assert response.context["cl"].full_result_count == 2


@pytest.mark.parametrize("key", ["mentee-private", "mentor-private"])
def test_admin_private_note_change_and_delete_pages_do_not_exist(staff, notes, key):
    if Note not in admin.site._registry:
        pytest.skip("Note is not in the admin")
    pk = notes[key].pk

    change = staff.get(admin_url(Note, "change", pk))
    delete = staff.post(admin_url(Note, "delete", pk), {"post": "yes"})

    assert (change.status_code, change.url) == (302, "/admin/")
    assert (delete.status_code, delete.url) == (302, "/admin/")
    assert Note.objects.filter(pk=pk).exists()


def test_admin_mentorship_delete_confirmation_neither_lists_nor_counts_private_notes(
    staff, pair, notes
):
    private = Note.objects.filter(mentorship=pair, visibility="private")
    shared = Note.objects.filter(mentorship=pair, visibility="shared").count()

    text = staff.get(admin_url(Mentorship, "delete", pair.pk)).content.decode()

    assert [pk for pk in private.values_list("pk", flat=True) if f">Note #{pk}<" in text] == []
    assert f"<li>Notes: {shared}</li>" in text
