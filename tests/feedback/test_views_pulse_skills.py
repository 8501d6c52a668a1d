"""The check-in pulse and the skill ratings, per persona.

Pulse: only the pair's two people (404 for everyone else, the program team included); a GET,
even from an email link with `?rating=4`, never writes; a POST does; htmx gets the widget.
Skill ratings: the mentee rates themselves, the mentor rates the mentee; the program team
looks on (403); executives and outsiders get 404."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mentorpath.feedback.models import PulseRating, SkillAssessment
from tests.factories import SkillFactory
from tests.factories.feedback import PulseRatingFactory, held_checkin
from tests.factories.mentoring import CheckInFactory, GoalFactory
from tests.feedback.pages import (
    by_id,
    checked,
    field_errors,
    form_errors,
    messages_of,
    text,
    textarea,
)

pytestmark = pytest.mark.django_db

OUTSIDE_THE_PAIR = ["manager_user", "admin_user", "executive_user", "outsider_user"]


@pytest.fixture
def held(pair):
    return held_checkin(pair)


def pulse_url(checkin) -> str:
    return f"/feedback/pulse/{checkin.pk}/"


def skills_url(pair, phase: str = "start") -> str:
    return f"/feedback/skills/{pair.pk}/{phase}/"


# --- pulse: who ----------------------------------------------------------------------------------


def test_pulse_anonymous_is_sent_to_log_in(held):
    response = Client().get(pulse_url(held) + "?rating=4")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert PulseRating.objects.count() == 0


@pytest.mark.parametrize("persona", OUTSIDE_THE_PAIR)
def test_pulse_is_404_outside_the_pair(request, client_for, persona, held):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(pulse_url(held)).status_code == 404
    assert client.post(pulse_url(held), {"rating": "5"}).status_code == 404
    assert PulseRating.objects.count() == 0


def test_pulse_of_unknown_checkin_is_404(client_for, mentee_user):
    assert client_for(mentee_user).get("/feedback/pulse/999999/").status_code == 404


# --- pulse: GET never writes ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user"])
def test_pulse_get_shows_the_question(request, client_for, persona, held):
    response = client_for(request.getfixturevalue(persona)).get(pulse_url(held))

    assert response.status_code == 200
    page = text(response)
    assert "How useful was this check-in?" in page
    assert page.count('type="radio" name="rating"') == 5
    assert checked(response, "rating") == []
    assert "data-autosubmit" not in page


def test_pulse_link_preselects_the_rating_and_writes_nothing(client_for, mentee_user, held):
    response = client_for(mentee_user).get(pulse_url(held) + "?rating=4")

    assert response.status_code == 200
    assert PulseRating.objects.count() == 0
    assert checked(response, "rating") == ["4"]
    assert f'data-autosubmit="pulse-{held.pk}-4"' in text(response)
    assert '<script src="/static/js/feedback.js" defer></script>' in text(response)


@pytest.mark.parametrize("rating", ["0", "6", "x", "", "4.5"])
def test_pulse_link_with_a_bad_rating_preselects_nothing(client_for, mentee_user, held, rating):
    response = client_for(mentee_user).get(pulse_url(held) + f"?rating={rating}")

    assert response.status_code == 200
    assert checked(response, "rating") == []
    assert "data-autosubmit" not in text(response)
    assert PulseRating.objects.count() == 0


def test_pulse_link_after_rating_keeps_the_comment_and_changes_nothing(
    client_for, mentee_user, held
):
    PulseRatingFactory(checkin=held, rating=2, comment="Too short")

    response = client_for(mentee_user).get(pulse_url(held) + "?rating=5")

    pulse = PulseRating.objects.get()
    assert (pulse.rating, pulse.comment) == (2, "Too short")
    assert checked(response, "rating") == ["5"]
    assert textarea(response, "comment") == "Too short"
    assert 'data-autosubmit="' in text(response)


def test_pulse_link_with_the_same_rating_just_thanks(client_for, mentee_user, held):
    PulseRatingFactory(checkin=held, rating=4)

    response = client_for(mentee_user).get(pulse_url(held) + "?rating=4")

    assert by_id(response, "pulse-thanks") == "Thanks — you rated 4/5 ( change )."
    assert "data-autosubmit" not in text(response)


# --- pulse: POST writes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "role"), [("mentor_user", "mentor"), ("mentee_user", "mentee")]
)
def test_pulse_post_records_then_thanks(request, client_for, persona, role, held):
    user = request.getfixturevalue(persona)

    response = client_for(user).post(
        pulse_url(held), {"rating": "4", "comment": "Clear next steps"}, follow=True
    )

    assert response.redirect_chain == [(pulse_url(held), 302)]
    pulse = PulseRating.objects.get()
    assert (pulse.person, pulse.role, pulse.rating, pulse.comment) == (
        user.person,
        role,
        4,
        "Clear next steps",
    )
    assert messages_of(response) == ["success: Thank you: you rated this check-in 4/5."]
    assert by_id(response, "pulse-thanks") == "Thanks — you rated 4/5 ( change )."


def test_pulse_post_again_changes_the_rating(client_for, mentee_user, held):
    client = client_for(mentee_user)
    client.post(pulse_url(held), {"rating": "4"})

    client.post(pulse_url(held), {"rating": "2", "comment": "On second thought"})

    pulse = PulseRating.objects.get()
    assert (pulse.rating, pulse.comment) == (2, "On second thought")


def test_pulse_change_link_shows_the_form_with_the_rating(client_for, mentee_user, held):
    PulseRatingFactory(checkin=held, rating=3)

    response = client_for(mentee_user).get(pulse_url(held) + "?change=1")

    assert checked(response, "rating") == ["3"]
    assert "data-autosubmit" not in text(response)


def test_pulse_post_without_rating_shows_error(client_for, mentee_user, held):
    response = client_for(mentee_user).post(pulse_url(held), {"comment": "Nice"})

    assert response.status_code == 200
    assert field_errors(response) == {"rating": "This field is required."}
    assert textarea(response, "comment") == "Nice"
    assert PulseRating.objects.count() == 0


def test_pulse_htmx_post_returns_the_thanks_partial(client_for, mentee_user, held):
    response = client_for(mentee_user).post(
        pulse_url(held), {"rating": "4"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page
    assert page.lstrip().startswith(f'<div class="pulse" id="pulse-{held.pk}">')
    assert by_id(response, "pulse-thanks") == "Thanks — you rated 4/5 ( change )."
    assert f'hx-get="{pulse_url(held)}?change=1"' in page
    assert PulseRating.objects.get().rating == 4


def test_pulse_htmx_change_returns_the_form_partial(client_for, mentee_user, held):
    PulseRatingFactory(checkin=held, rating=4)

    response = client_for(mentee_user).get(pulse_url(held) + "?change=1", HTTP_HX_REQUEST="true")

    assert "<html" not in text(response)
    assert f'hx-post="{pulse_url(held)}"' in text(response)
    assert checked(response, "rating") == ["4"]


def test_pulse_htmx_post_error_returns_the_form_partial(client_for, mentee_user, held):
    response = client_for(mentee_user).post(pulse_url(held), {}, HTTP_HX_REQUEST="true")

    assert "<html" not in text(response)
    assert field_errors(response) == {"rating": "This field is required."}


def test_pulse_of_a_checkin_not_held_is_refused(client_for, mentee_user, pair):
    planned = CheckInFactory(mentorship=pair)
    client = client_for(mentee_user)

    page = client.get(pulse_url(planned) + "?rating=5")
    refused = client.post(pulse_url(planned), {"rating": "5"})

    assert "You can rate this check-in once it is recorded as held." in text(page)
    assert 'name="rating"' not in text(page)
    assert refused.status_code == 200
    assert PulseRating.objects.count() == 0


def test_checkin_page_shows_the_pulse_widget_to_the_pair(client_for, mentee_user, held):
    page = client_for(mentee_user).get(f"/mentorships/{held.mentorship_id}/checkins/{held.pk}/")

    assert f'id="pulse-{held.pk}"' in text(page)
    assert f'hx-post="{pulse_url(held)}"' in text(page)


def test_checkin_page_shows_the_given_rating(client_for, mentee_user, held):
    PulseRatingFactory(checkin=held, rating=5)

    page = client_for(mentee_user).get(f"/mentorships/{held.mentorship_id}/checkins/{held.pk}/")

    assert by_id(page, "pulse-thanks") == "Thanks — you rated 5/5 ( change )."


def test_checkin_page_has_no_pulse_for_the_team_or_before_it_is_held(
    client_for, manager_user, mentee_user, held, pair
):
    planned = CheckInFactory(mentorship=pair)

    team = client_for(manager_user).get(f"/mentorships/{pair.pk}/checkins/{held.pk}/")
    before = client_for(mentee_user).get(f"/mentorships/{pair.pk}/checkins/{planned.pk}/")

    assert team.status_code == before.status_code == 200
    assert 'class="pulse"' not in text(team)
    assert 'class="pulse"' not in text(before)


# --- skill ratings -------------------------------------------------------------------------------


@pytest.fixture
def skills(pair):
    speaking = SkillFactory(name="Public speaking")
    planning = SkillFactory(name="Planning")
    GoalFactory(mentorship=pair, title="Speak at the all-hands", skill=speaking)
    GoalFactory(mentorship=pair, title="Plan the quarter", skill=planning)
    GoalFactory(mentorship=pair, title="Read more")
    return {"speaking": speaking, "planning": planning}


def levels_of(pair, rater_role: str, phase: str = "start") -> dict[str, int]:
    return {
        assessment.skill.name: assessment.level
        for assessment in SkillAssessment.objects.filter(
            mentorship=pair, rater_role=rater_role, phase=phase
        ).select_related("skill")
    }


def test_skills_anonymous_is_sent_to_log_in(pair):
    response = Client().get(skills_url(pair))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("manager_user", 403),
        ("admin_user", 403),
        ("executive_user", 404),
        ("outsider_user", 404),
    ],
)
def test_skills_refused_outside_the_pair(request, client_for, persona, status, pair, skills):
    client = client_for(request.getfixturevalue(persona))
    data = {f"skill{skills['speaking'].pk}": "3"}

    assert client.get(skills_url(pair)).status_code == status
    assert client.post(skills_url(pair), data).status_code == status
    assert SkillAssessment.objects.count() == 0


def test_skills_unknown_phase_or_pair_is_404(client_for, mentee_user, pair):
    client = client_for(mentee_user)

    assert client.get(skills_url(pair, "middle")).status_code == 404
    assert client.get("/feedback/skills/999999/start/").status_code == 404


def test_mentee_rates_own_skills_at_the_start(client_for, mentee_user, pair, skills):
    client = client_for(mentee_user)

    page = client.get(skills_url(pair))
    response = client.post(
        skills_url(pair),
        {f"skill{skills['speaking'].pk}": "2", f"skill{skills['planning'].pk}": "3"},
        follow=True,
    )

    assert "Rate your skills" in text(page)
    assert page.content.decode().count('type="radio"') == 10
    assert text(page).index("Planning") < text(page).index("Public speaking")
    assert levels_of(pair, "self") == {"Public speaking": 2, "Planning": 3}
    assert messages_of(response) == ["success: Skill ratings saved."]
    assert checked(response, f"skill{skills['speaking'].pk}") == ["2"]
    assert by_id(response, "rated").startswith("You rated these skills")


def test_mentor_rates_the_mentee(client_for, mentor_user, pair, skills):
    response = client_for(mentor_user).post(
        skills_url(pair), {f"skill{skills['planning'].pk}": "4"}
    )

    assert response.status_code == 302
    assert levels_of(pair, "mentor") == {"Planning": 4}
    assert levels_of(pair, "self") == {}


def test_skills_with_nothing_rated_is_refused(client_for, mentee_user, pair, skills):
    response = client_for(mentee_user).post(skills_url(pair), {})

    assert form_errors(response) == ["Rate at least one skill."]
    assert SkillAssessment.objects.count() == 0


def test_skills_out_of_range_is_refused_and_the_rest_kept(client_for, mentee_user, pair, skills):
    response = client_for(mentee_user).post(
        skills_url(pair),
        {f"skill{skills['speaking'].pk}": "9", f"skill{skills['planning'].pk}": "3"},
    )

    assert set(field_errors(response)) == {f"skill{skills['speaking'].pk}"}
    assert checked(response, f"skill{skills['planning'].pk}") == ["3"]
    assert SkillAssessment.objects.count() == 0


def test_skills_without_goal_skills_says_so(client_for, mentee_user, pair):
    response = client_for(mentee_user).get(skills_url(pair))

    assert by_id(response, "no-skills").startswith("No goal of this pair names a skill yet.")


def test_end_ratings_wait_for_the_end(client_for, mentee_user, pair, skills):
    response = client_for(mentee_user).post(
        skills_url(pair, "end"), {f"skill{skills['speaking'].pk}": "4"}
    )

    assert form_errors(response) == [
        "End ratings open when the mentorship ends or its program ends within 30 days."
    ]
    assert SkillAssessment.objects.count() == 0


def test_end_ratings_once_the_program_ends_soon(client_for, mentee_user, pair, skills):
    program = pair.program
    program.end_date = timezone.localdate() + timedelta(days=10)
    program.save()

    client_for(mentee_user).post(skills_url(pair, "end"), {f"skill{skills['speaking'].pk}": "4"})

    assert levels_of(pair, "self", "end") == {"Public speaking": 4}


def test_pair_page_links_to_skill_ratings(client_for, mentee_user, manager_user, pair):
    mine = client_for(mentee_user).get(f"/mentorships/{pair.pk}/")
    team = client_for(manager_user).get(f"/mentorships/{pair.pk}/")

    assert f'href="{skills_url(pair)}"' in text(mine)
    assert f'href="{skills_url(pair, "end")}"' in text(mine)
    assert 'id="skill-ratings"' not in text(team)
