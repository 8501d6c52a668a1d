"""The live preview on the matching settings form."""

import pytest

from tests.factories import EnrollmentFactory, PersonFactory, PersonSkillFactory, SkillFactory

pytestmark = pytest.mark.django_db

FORM = {
    "objective": "participation",
    "department": "any",
    "min_level_gap": 1,
    "max_level_gap": 6,
    "suggestions": 3,
    "request_expiry_days": 7,
    "w_skills": 5,
    "w_goals": 0,
    "w_interests": 0,
    "w_level_gap": 0,
    "w_department": 0,
    "w_timezone": 0,
    "w_language": 0,
    "w_style": 0,
    "w_choice": 0,
}


@pytest.fixture
def sample(program):
    python = SkillFactory(name="Python")
    teacher = PersonFactory(first_name="Tess", last_name="Teacher", level=6)
    PersonSkillFactory(person=teacher, skill=python, level=5, can_teach=True)
    EnrollmentFactory(program=program, person=teacher, role="mentor", status="approved")
    learner = PersonFactory(first_name="Lee", last_name="Learner", level=2)
    PersonSkillFactory(person=learner, skill=python, level=1, wants_to_learn=True)
    return EnrollmentFactory(program=program, person=learner, status="approved")


def test_preview_ranks_the_mentor_who_teaches_the_wanted_skill_first(
    client_for, manager_user, program, sample
):
    response = client_for(manager_user).get(
        f"/programs/{program.slug}/matching/preview/", {**FORM, "sample": sample.pk}
    )

    body = response.content.decode()
    assert response.status_code == 200
    first = body.split("<li>")[1]
    assert "<strong>Tess Teacher</strong>" in first
    assert "Python, which you want to learn" in first
    assert "<html" not in body


def test_preview_with_invalid_settings_says_so(client_for, manager_user, program, sample):
    response = client_for(manager_user).get(
        f"/programs/{program.slug}/matching/preview/", {**FORM, "w_skills": 99, "sample": sample.pk}
    )

    body = response.content.decode()
    assert "Fix the highlighted settings to see the preview." in body
    assert "<li>" not in body


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", "outsider_user"])
def test_preview_refused_to_non_managers(request, client_for, program, sample, persona):
    user = request.getfixturevalue(persona)

    response = client_for(user).get(
        f"/programs/{program.slug}/matching/preview/", {**FORM, "sample": sample.pk}
    )

    assert response.status_code == 403
