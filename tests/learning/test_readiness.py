"""Who is not ready to be matched (training before matching): the queries, the manager's
panel on the matching page, and the program form that sets the two paths."""

import pytest
from django.urls import reverse

from mentorpath.learning import readiness
from tests.factories import EnrollmentFactory, PersonFactory
from tests.learning.test_gate_support import do_steps, learning_path


@pytest.fixture
def paths(program):
    training = learning_path("Mentor essentials", 5, audience="mentor")
    onboarding = learning_path("Mentee onboarding", 3, audience="mentee")
    program.mentor_training_path = training
    program.mentee_onboarding_path = onboarding
    program.save()
    return training, onboarding


def test_not_ready_lists_each_role_with_progress(program, paths, mentor, mentee):
    training, onboarding = paths
    trained = EnrollmentFactory(
        program=program, person=PersonFactory(), role="mentor", status="approved"
    )
    EnrollmentFactory(program=program, person=PersonFactory(), role="mentor", status="pending")
    do_steps(trained.person, training, 5)
    do_steps(mentor.person, training, 2)
    do_steps(mentee.person, onboarding, 3)

    state = readiness.readiness(program=program)

    assert [(n.enrollment, n.steps_done, n.steps_total) for n in state.mentors] == [(mentor, 2, 5)]
    assert state.mentors[0].reason == (
        "has not completed the training path 'Mentor essentials' (2 of 5 steps done)"
    )
    assert state.mentees == []


def test_not_ready_is_one_query_per_role(program, paths, django_assert_num_queries):
    for _ in range(6):
        EnrollmentFactory(program=program, person=PersonFactory(), role="mentee", status="approved")
    program = (
        type(program)
        .objects.select_related("mentor_training_path", "mentee_onboarding_path")
        .get(pk=program.pk)
    )

    with django_assert_num_queries(2):
        state = readiness.readiness(program=program)

    assert len(state.mentors) == 1
    assert len(state.mentees) == 7


def test_a_program_without_paths_has_nobody_waiting(program, mentor):
    state = readiness.readiness(program=program)

    assert (state.gated, state.mentors, state.mentees) == (False, [], [])
    assert readiness.refusal(enrollment=mentor) is None


def test_the_manager_sees_who_is_not_ready_on_the_matching_page(
    client_for, manager_user, program, paths, mentor
):
    do_steps(mentor.person, paths[0], 2)

    html = client_for(manager_user).get(reverse("matching:home", args=[program.slug])).content
    html = html.decode()

    assert "Not ready to be matched yet" in html
    assert f"<td>{mentor.person.full_name}</td><td>Mentor</td>" in html
    assert "2 of 5" in html
    assert "Has not completed the onboarding path &#x27;Mentee onboarding&#x27; (0 of 3" in html


def test_no_panel_without_paths(client_for, manager_user, program):
    html = client_for(manager_user).get(reverse("matching:home", args=[program.slug])).content

    assert b"Not ready to be matched yet" not in html


@pytest.mark.parametrize("persona", ["mentor_user", "outsider_user"])
def test_the_panel_is_for_managers_only(request, client_for, program, paths, persona):
    page = client_for(request.getfixturevalue(persona)).get(
        reverse("matching:home", args=[program.slug])
    )

    assert page.status_code in (403, 404)


def test_the_program_form_offers_published_paths_for_each_audience(
    client_for, manager_user, program
):
    learning_path("Mentor essentials", audience="mentor")
    learning_path("For everyone", audience="both")
    learning_path("Mentee onboarding", audience="mentee")
    learning_path("Draft training", audience="mentor", is_published=False)

    html = client_for(manager_user).get(reverse("programs:setup", args=[program.slug])).content
    html = html.decode()

    mentor_select = html.split('name="mentor_training_path"')[1].split("</select>")[0]
    mentee_select = html.split('name="mentee_onboarding_path"')[1].split("</select>")[0]
    assert "Mentor essentials" in mentor_select and "For everyone" in mentor_select
    assert "Mentee onboarding" not in mentor_select and "Draft training" not in mentor_select
    assert "Mentee onboarding" in mentee_select and "For everyone" in mentee_select
    assert "Mentor essentials" not in mentee_select


def test_the_manager_sets_the_paths_in_the_program_form(client_for, manager_user, program):
    from mentorpath.programs.forms import ProgramForm

    training = learning_path("Mentor essentials", audience="mentor")
    draft = learning_path("Draft", audience="mentor", is_published=False)
    data = {
        name: value
        for name, value in ProgramForm(instance=program).initial.items()
        if value is not None and name not in ("managers",)
    }
    data.update(eligible_departments=[], eligible_locations=[], mentor_training_path=training.pk)
    client = client_for(manager_user)

    saved = client.post(reverse("programs:setup", args=[program.slug]), data)
    refused = client.post(
        reverse("programs:setup", args=[program.slug]), {**data, "mentor_training_path": draft.pk}
    )

    assert saved.status_code == 302
    program.refresh_from_db()
    assert program.mentor_training_path == training
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    program.refresh_from_db()
    assert program.mentor_training_path == training
