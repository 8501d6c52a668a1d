"""The recognition API: the same rights and opt-outs as the pages."""

import pytest

from mentorpath.recognition.models import Kudos
from mentorpath.recognition.services import badges_award_due, kudos_send, preference_save
from tests.factories.mentoring import name_pair, proposed_pair
from tests.recognition.helpers import badge, checkin, make_room_for_kudos

pytestmark = pytest.mark.django_db


def _send(pair, message="Thanks", wall=True):
    make_room_for_kudos(pair)  # several kudos per pair in these tests
    return kudos_send(
        mentorship=pair, author=pair.mentee.person, message=message, share_on_wall=wall
    )


def test_my_recognition(api_as, pair, mentor_user):
    checkin(pair, minutes=90)
    badge("First hour", "hours", "1", symbol="⏱")
    badges_award_due()
    _send(pair, "You are great")

    body = api_as(mentor_user).get("/recognition/me").json()

    assert body["public"] is True
    assert body["figures"] == {
        "hours": "1.5",
        "pairs": 1,
        "pairs_completed": 0,
        "average_rating": None,
        "ratings": 0,
        "trainings": 0,
        "kudos": 1,
    }
    assert [b["badge"]["name"] for b in body["badges"]] == ["First hour"]
    assert [k["message"] for k in body["kudos"]] == ["You are great"]


def test_my_recognition_needs_a_login(api_as):
    assert api_as(None).get("/recognition/me").status_code == 401


def test_badges_list(api_as, outsider_user):
    badge("Mentor of the quarter", "manual")
    badge("Retired", "hours", "1", is_active=False)

    body = api_as(outsider_user).get("/recognition/badges").json()

    assert [(b["name"], b["criterion"], b["threshold"]) for b in body["items"]] == [
        ("Mentor of the quarter", "manual", None)
    ]


def test_a_persons_recognition_respects_opt_out(
    api_as, pair, manager_user, mentor_user, mentee_user
):
    _send(pair, "Kind words")
    url = f"/people/{mentor_user.person.pk}/recognition"

    assert [k["message"] for k in api_as(manager_user).get(url).json()["kudos"]] == ["Kind words"]
    preference_save(person=mentor_user.person, show_publicly=False, include_in_reward_export=True)

    hidden = api_as(manager_user).get(url).json()
    assert (hidden["public"], hidden["figures"], hidden["badges"], hidden["kudos"]) == (
        False,
        None,
        [],
        [],
    )
    own = api_as(mentor_user).get(url).json()
    assert [k["message"] for k in own["kudos"]] == ["Kind words"]
    assert api_as(mentee_user).get(url).status_code == 403
    assert api_as(manager_user).get("/people/999999/recognition").status_code == 404


def test_send_kudos(api_as, pair, mentee_user, mentor_user):
    pair = name_pair(pair)

    response = api_as(mentee_user).post(
        f"/mentorships/{pair.pk}/kudos", {"message": "Thank you!", "share_on_wall": True}
    )

    assert response.status_code == 201
    body = response.json()
    assert (
        body["message"],
        body["author"]["name"],
        body["recipient"]["name"],
        body["share_on_wall"],
    ) == (
        "Thank you!",
        "Grace Hopper",
        "Ada Lovelace",
        True,
    )
    assert body["program"]["slug"] == "career-compass"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("mentor_user", 403), ("manager_user", 403), ("outsider_user", 404), ("executive_user", 404)],
)
def test_send_kudos_refused(request, api_as, pair, persona, status):
    response = api_as(request.getfixturevalue(persona)).post(
        f"/mentorships/{pair.pk}/kudos", {"message": "Hi"}
    )

    assert response.status_code == status
    assert not Kudos.objects.exists()


def test_send_kudos_validation_and_conflict(api_as, program, pair, mentee_user):
    assert (
        api_as(mentee_user).post(f"/mentorships/{pair.pk}/kudos", {"message": ""}).status_code
        == 422
    )
    too_long = api_as(mentee_user).post(f"/mentorships/{pair.pk}/kudos", {"message": "x" * 1001})
    assert too_long.status_code == 422
    blank = api_as(mentee_user).post(f"/mentorships/{pair.pk}/kudos", {"message": "   "})
    assert (blank.status_code, blank.json()["errors"]) == (
        400,
        {"message": "Write a few words of thanks."},
    )
    from mentorpath.accounts.models import User

    proposed = proposed_pair(program, "pm@example.com", "pe@example.com")
    early = api_as(User.objects.get(email="pe@example.com")).post(
        f"/mentorships/{proposed.pk}/kudos", {"message": "Hi"}
    )
    assert early.status_code == 409


def test_the_wall(api_as, pair, other_pair, outsider_user):
    _send(pair, "On the wall")
    _send(pair, "Not shared", wall=False)
    _send(other_pair, "Private mentor")
    preference_save(
        person=other_pair.mentor.person, show_publicly=False, include_in_reward_export=True
    )

    body = api_as(outsider_user).get("/programs/career-compass/recognition-wall").json()

    assert [k["message"] for k in body["items"]] == ["On the wall"]
    assert api_as(outsider_user).get("/programs/nope/recognition-wall").status_code == 404


def test_contributions(api_as, admin_user, manager_user, pair, other_pair, mentor_user):
    checkin(pair, minutes=60)
    preference_save(
        person=other_pair.mentor.person, show_publicly=True, include_in_reward_export=False
    )

    body = api_as(admin_user).get("/recognition/contributions").json()

    assert body["left_out"] == 1
    assert [(r["person_id"], r["hours"]) for r in body["rows"]] == [(mentor_user.person.pk, "1.0")]
    assert (
        api_as(manager_user).get("/recognition/contributions", program="career-compass").status_code
        == 200
    )
    reversed_period = api_as(admin_user).get(
        "/recognition/contributions", date_from="2025-02-01", date_to="2025-01-01"
    )
    assert reversed_period.status_code == 400


@pytest.mark.parametrize(
    "persona", ["mentor_user", "mentee_user", "executive_user", "outsider_user"]
)
def test_contributions_refused(request, api_as, pair, persona):
    assert (
        api_as(request.getfixturevalue(persona)).get("/recognition/contributions").status_code
        == 403
    )


def test_contributions_of_another_managers_program_refused(api_as, manager_user, pair):
    from tests.factories import ProgramFactory

    ProgramFactory(slug="theirs")

    assert (
        api_as(manager_user).get("/recognition/contributions", program="theirs").status_code == 403
    )


def _put_preferences(api, body):
    return api.client.put("/api/v1/recognition/preferences", body, content_type="application/json")


def test_my_preferences_default_and_change(api_as, mentor_user):
    api = api_as(mentor_user)

    before = api.get("/recognition/preferences")
    saved = _put_preferences(api, {"show_publicly": False, "include_in_reward_export": True})
    after = api.get("/recognition/preferences")

    assert before.json() == {"show_publicly": True, "include_in_reward_export": True}
    assert saved.status_code == 200
    assert after.json() == {"show_publicly": False, "include_in_reward_export": True}
    assert api.get("/recognition/me").json()["public"] is False


def test_preferences_need_both_settings(api_as, mentor_user):
    response = _put_preferences(api_as(mentor_user), {"show_publicly": False})

    assert response.status_code == 422
    assert "include_in_reward_export" in response.json()["errors"]


def test_preferences_are_only_your_own(api_as, mentor_user, admin_user):
    _put_preferences(
        api_as(admin_user), {"show_publicly": False, "include_in_reward_export": False}
    )

    assert api_as(mentor_user).get("/recognition/preferences").json() == {
        "show_publicly": True,
        "include_in_reward_export": True,
    }


def test_preferences_refused_without_a_profile_or_a_login(api_as):
    from tests.factories import UserFactory

    no_profile = api_as(UserFactory(email="service@example.com"))
    body = {"show_publicly": False, "include_in_reward_export": False}

    assert no_profile.get("/recognition/preferences").status_code == 403
    assert _put_preferences(no_profile, body).status_code == 403
    assert api_as(None).get("/recognition/preferences").status_code == 401
    assert _put_preferences(api_as(None), body).status_code == 401


def test_a_second_kudos_within_the_week_is_409(api_as, pair, mentee_user):
    api = api_as(mentee_user)
    api.post(f"/mentorships/{pair.pk}/kudos", {"message": "Thanks!"})

    again = api.post(f"/mentorships/{pair.pk}/kudos", {"message": "Thanks again!"})

    assert again.status_code == 409
    assert again.json()["detail"].startswith("You already sent your mentor kudos on ")
    assert Kudos.objects.count() == 1
