"""Kudos: only the mentee of a started pair sends them; the mentor is told; they show on the
mentor's profile and (with consent) the program's wall, unless the mentor opted out; managers
hide them from the wall."""

import pytest

from mentorpath.notifications.models import Notification
from mentorpath.recognition.models import Kudos
from mentorpath.recognition.services import kudos_send, preference_save
from tests.factories.mentoring import name_pair, proposed_pair
from tests.recognition.helpers import make_room_for_kudos

pytestmark = pytest.mark.django_db


def _send(pair, message="Thank you for the coaching", wall=True):
    make_room_for_kudos(pair)  # several kudos per pair in these tests
    return kudos_send(
        mentorship=pair, author=pair.mentee.person, message=message, share_on_wall=wall
    )


def test_the_mentee_sends_kudos_from_the_pair_page(client_for, pair, mentee_user, mentor_user):
    pair = name_pair(pair)
    client = client_for(mentee_user)
    page = client.get(f"/mentorships/{pair.pk}/").content.decode()
    assert "Thank your mentor" in page
    assert "Show on the program&#x27;s recognition wall" in page

    response = client.post(
        f"/recognition/pairs/{pair.pk}/kudos/",
        {"message": "  You helped me lead my first project.  ", "share_on_wall": "on"},
    )

    assert response.status_code == 302
    kudos = Kudos.objects.get()
    assert (kudos.author_id, kudos.recipient_id, kudos.message, kudos.share_on_wall) == (
        mentee_user.person.pk,
        mentor_user.person.pk,
        "You helped me lead my first project.",
        True,
    )
    notice = Notification.objects.get(recipient=mentor_user, kind="recognition")
    assert notice.subject == "Grace Hopper sent you kudos"
    assert notice.url == "/recognition/"
    assert (
        "You helped me lead my first project."
        in client.get(f"/mentorships/{pair.pk}/").content.decode()
    )


def test_kudos_by_htmx_returns_the_block(client_for, pair, mentee_user):
    response = client_for(mentee_user).post(
        f"/recognition/pairs/{pair.pk}/kudos/", {"message": "Thanks!"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="pair-recognition"' in body and "Kudos sent. Thank you!" in body
    assert "<html" not in body
    assert Kudos.objects.get().share_on_wall is False


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("   ", "This field is required."),
        ("x" * 1001, "Ensure this value has at most 1000 characters (it has 1001)."),
    ],
)
def test_kudos_message_required_and_bounded(client_for, pair, mentee_user, message, error):
    response = client_for(mentee_user).post(
        f"/recognition/pairs/{pair.pk}/kudos/", {"message": message}
    )

    assert response.status_code == 400
    assert response.context["kudos_form"].errors["message"] == [error]
    assert not Kudos.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentor_user", 403),
        ("manager_user", 403),
        ("admin_user", 403),
        ("outsider_user", 404),
        ("executive_user", 404),
    ],
)
def test_only_the_mentee_of_the_pair_sends_kudos(request, client_for, pair, persona, status):
    client = client_for(request.getfixturevalue(persona))

    response = client.post(f"/recognition/pairs/{pair.pk}/kudos/", {"message": "Me too"})

    assert response.status_code == status
    assert not Kudos.objects.exists()


def test_the_mentor_sees_no_kudos_form(client_for, pair, mentor_user):
    page = client_for(mentor_user).get(f"/mentorships/{pair.pk}/").content.decode()

    assert "Thank your mentor" not in page
    assert "Kudos in this mentorship" in page


def test_no_kudos_before_the_pair_started(program, client_for):
    from mentorpath.accounts.models import User

    proposed = proposed_pair(program, "pm@example.com", "pe@example.com")
    mentee = User.objects.get(email="pe@example.com")

    response = client_for(mentee).post(
        f"/recognition/pairs/{proposed.pk}/kudos/", {"message": "Hi"}
    )

    assert response.status_code == 400
    assert response.context["kudos_form"].non_field_errors() == [
        "Kudos can be sent once the mentorship has started."
    ]
    assert (
        "Thank your mentor"
        not in client_for(mentee).get(f"/mentorships/{proposed.pk}/").content.decode()
    )


def test_kudos_after_the_pair_completed(pair, mentee_user):
    from tests.recognition.helpers import complete

    complete(pair)

    assert _send(pair).recipient_id == pair.mentor.person_id


# ---- profile -------------------------------------------------------------------------------


def test_kudos_show_on_the_mentors_profile_to_others(client_for, pair, manager_user, mentor_user):
    _send(pair, "Shared on the wall", wall=True)
    _send(pair, "Only for the profile", wall=False)

    page = client_for(manager_user).get(f"/people/{mentor_user.person.pk}/").content.decode()

    assert "Shared on the wall" in page and "Only for the profile" in page


def test_an_opted_out_mentor_shows_nothing_to_others_but_sees_it_themselves(
    client_for, pair, manager_user, admin_user, mentor_user
):
    _send(pair, "Private thanks")
    preference_save(person=mentor_user.person, show_publicly=False, include_in_reward_export=True)

    for viewer in (manager_user, admin_user):
        page = client_for(viewer).get(f"/people/{mentor_user.person.pk}/").content.decode()
        assert "Private thanks" not in page
        assert 'id="profile-recognition"' not in page
    own = client_for(mentor_user).get("/people/me/").content.decode()
    assert "Private thanks" in own
    assert "Only you see this" in own


# ---- wall ----------------------------------------------------------------------------------


def test_the_wall_shows_consented_kudos_of_public_mentors_not_hidden(
    client_for, pair, other_pair, outsider_user, mentee_user
):
    shared = _send(pair, "On the wall", wall=True)
    _send(pair, "Not shared", wall=False)
    _send(other_pair, "Mentor keeps it private", wall=True)
    preference_save(
        person=other_pair.mentor.person, show_publicly=False, include_in_reward_export=True
    )
    hidden = _send(pair, "Hidden by a manager", wall=True)
    from mentorpath.recognition.services import kudos_set_hidden

    kudos_set_hidden(kudos=hidden, hidden=True, by=mentee_user)

    for viewer in (outsider_user, mentee_user):
        page = client_for(viewer).get("/recognition/programs/career-compass/wall/").content.decode()
        assert "On the wall" in page
        assert "Not shared" not in page
        assert "Mentor keeps it private" not in page
        assert "Hidden by a manager" not in page
        assert "Hide from the wall" not in page
    program_page = client_for(outsider_user).get("/programs/career-compass/").content.decode()
    assert "On the wall" in program_page and "Not shared" not in program_page
    assert shared.pk


def test_a_draft_programs_wall_is_not_found_for_outsiders(client_for, program, outsider_user):
    program.status = "draft"
    program.save()

    assert (
        client_for(outsider_user).get("/recognition/programs/career-compass/wall/").status_code
        == 404
    )


def test_a_manager_hides_and_shows_kudos_on_the_wall(client_for, pair, manager_user, outsider_user):
    kudos = _send(pair, "Hide me", wall=True)
    manager = client_for(manager_user)
    url = f"/recognition/programs/career-compass/wall/{kudos.pk}/hide/"

    assert manager.post(url, {"hidden": "1"}).status_code == 302
    assert (
        "Hide me"
        not in client_for(outsider_user)
        .get("/recognition/programs/career-compass/wall/")
        .content.decode()
    )
    manager_page = manager.get("/recognition/programs/career-compass/wall/").content.decode()
    assert "Hidden by the program team" in manager_page and "Hide me" in manager_page

    manager.post(url, {"hidden": "0"})
    assert (
        "Hide me"
        in client_for(outsider_user)
        .get("/recognition/programs/career-compass/wall/")
        .content.decode()
    )


@pytest.mark.parametrize(
    "persona", ["mentor_user", "mentee_user", "outsider_user", "executive_user"]
)
def test_only_the_program_team_hides_kudos(request, client_for, pair, persona):
    kudos = _send(pair, "Keep me", wall=True)

    response = client_for(request.getfixturevalue(persona)).post(
        f"/recognition/programs/career-compass/wall/{kudos.pk}/hide/", {"hidden": "1"}
    )

    assert response.status_code == 403
    kudos.refresh_from_db()
    assert kudos.hidden_at is None


# ---- settings ------------------------------------------------------------------------------


def test_recognition_settings_page_saves_both_choices(client_for, mentor_user):
    from mentorpath.recognition.queries import preference_of

    client = client_for(mentor_user)
    form = client.get("/recognition/settings/").context["form"]
    assert form.initial == {"show_publicly": True, "include_in_reward_export": True}

    client.post("/recognition/settings/", {"include_in_reward_export": "on"})

    preference = preference_of(person=mentor_user.person)
    assert (preference.show_publicly, preference.include_in_reward_export) == (False, True)
    assert 'href="/recognition/settings/"' in client.get("/accounts/settings/").content.decode()


# ---- one kudos per pair per week -----------------------------------------------------------


def test_one_kudos_per_pair_per_week(pair, other_pair):
    from datetime import timedelta

    from mentorpath.core.exceptions import ApplicationError

    first = kudos_send(mentorship=pair, author=pair.mentee.person, message="Thanks!")

    with pytest.raises(ApplicationError) as refused:
        kudos_send(mentorship=pair, author=pair.mentee.person, message="Thanks again!")
    assert refused.value.code == "conflict"
    assert refused.value.messages[0].startswith("You already sent your mentor kudos on ")
    assert "you can send kudos to this mentor again from " in refused.value.messages[0]
    kudos_send(mentorship=other_pair, author=other_pair.mentee.person, message="Thanks!")

    Kudos.objects.filter(pk=first.pk).update(created_at=first.created_at - timedelta(days=7))
    kudos_send(mentorship=pair, author=pair.mentee.person, message="A week later")
    assert Kudos.objects.filter(mentorship=pair).count() == 2


def test_a_second_kudos_within_the_week_is_a_form_error_on_the_page(client_for, pair, mentee_user):
    client = client_for(mentee_user)
    client.post(f"/recognition/pairs/{pair.pk}/kudos/", {"message": "Thanks!"})

    again = client.post(f"/recognition/pairs/{pair.pk}/kudos/", {"message": "Thanks again!"})

    assert again.status_code == 400
    assert "You already sent your mentor kudos on" in again.content.decode()
    assert Kudos.objects.count() == 1
