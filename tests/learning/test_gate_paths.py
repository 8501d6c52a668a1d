"""A path a program requires before matching (a gate path): it cannot be unpublished or given
an audience that no longer suits the program's role, only organization admins and the managers
of every program requiring it change it, and adding a step keeps the completions recorded."""

import pytest
from django.urls import reverse

from mentorpath.core.exceptions import ApplicationError
from mentorpath.learning import permissions, services
from mentorpath.learning.models import LearningPath, PathProgress
from tests.admin_forms import form_of
from tests.factories import ProgramFactory
from tests.learning.test_gate_support import do_steps, learning_path

pytestmark = pytest.mark.django_db


def test_a_gate_path_cannot_be_unpublished_and_the_refusal_names_the_programs(training):
    ProgramFactory(name="Second Wave", slug="second-wave", mentee_onboarding_path=training)

    with pytest.raises(ApplicationError) as refused:
        services.path_update(path=training, is_published=False)

    assert refused.value.message_dict == {
        "is_published": [
            "This path is required before matching in “Career Compass”, “Second Wave”, so it "
            "cannot be unpublished: nobody could start it. Choose another path for those "
            "programs first."
        ]
    }
    training.refresh_from_db()
    assert training.is_published


def test_a_gate_path_keeps_an_audience_that_suits_its_role(training):
    with pytest.raises(ApplicationError) as refused:
        services.path_update(path=training, audience="mentee")

    assert list(refused.value.message_dict) == ["audience"]
    assert services.path_update(path=training, audience="both").audience == "both"


def test_a_path_no_program_requires_can_be_unpublished(program):
    path = learning_path("Optional reading", 2)

    services.path_update(path=path, is_published=False)

    path.refresh_from_db()
    assert not path.is_published


def test_once_no_program_requires_it_the_path_can_be_unpublished(program, training):
    program.mentor_training_path = None
    program.save(update_fields=["mentor_training_path"])

    assert not services.path_update(path=training, is_published=False).is_published


def test_who_may_change_a_gate_path(training, admin_user, manager_user, other_manager):
    assert permissions.can_manage_path(admin_user, training)
    assert permissions.can_manage_path(manager_user, training)
    assert not permissions.can_manage_path(other_manager, training)
    assert permissions.can_manage_path(other_manager, learning_path("Free path", 1))


def test_a_manager_of_only_one_of_the_programs_requiring_it_may_not(training, manager_user):
    ProgramFactory(name="Second Wave", slug="second-wave", mentor_training_path=training)

    assert not permissions.can_manage_path(manager_user, training)


ANOTHER_PROGRAM_REFUSAL = (
    "This path is required before matching in “Career Compass”; only organization admins and "
    "the managers of those programs can change it."
)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("path_edit", {"title": "Renamed", "audience": "mentor"}),
        ("step_add", {"kind": "activity", "title": "New step"}),
    ],
)
def test_another_programs_manager_is_refused_on_the_pages(
    client_for, other_manager, training, name, data
):
    response = client_for(other_manager).post(reverse(f"learning:{name}", args=[training.pk]), data)

    assert response.status_code == 403
    assert training.steps.count() == 3
    assert LearningPath.objects.get(pk=training.pk).title == "Mentor essentials"


@pytest.mark.parametrize("name", ["step_move", "step_remove"])
def test_another_programs_manager_cannot_move_or_remove_steps(
    client_for, other_manager, training, name
):
    step = training.steps.order_by("order").first()

    response = client_for(other_manager).post(
        reverse(f"learning:{name}", args=[training.pk, step.pk]), {"direction": "down"}
    )

    assert response.status_code == 403
    assert training.steps.order_by("order").first() == step


def test_another_programs_manager_sees_no_edit_link(client_for, other_manager, training):
    page = client_for(other_manager).get(reverse("learning:path", args=[training.pk]))

    assert page.status_code == 200
    assert reverse("learning:path_edit", args=[training.pk]) not in page.content.decode()


def test_unpublishing_on_the_page_is_a_form_error(client_for, manager_user, training):
    response = client_for(manager_user).post(
        reverse("learning:path_edit", args=[training.pk]),
        {"title": "Mentor essentials", "audience": "mentor"},  # "published" unticked
    )

    assert response.status_code == 400
    assert "cannot be unpublished" in response.content.decode()
    training.refresh_from_db()
    assert training.is_published


def test_the_editor_names_the_programs_requiring_the_path(client_for, admin_user, training):
    page = client_for(admin_user).get(reverse("learning:path_edit", args=[training.pk]))

    assert "Required before matching in" in page.content.decode()
    assert "Career Compass" in page.content.decode()


def test_adding_a_step_keeps_completions_and_new_starters_do_it(training, mentor_user, admin_user):
    trained = do_steps(mentor_user.person, training, 3)
    halfway = do_steps(admin_user.person, training, 2)

    extra = services.step_add(path=training, kind="activity", title="Shadow a session")

    trained.refresh_from_db()
    assert trained.completed_at is not None
    for step in training.steps.exclude(pk=extra.pk).order_by("order"):
        services.step_mark(person=admin_user.person, step=step, done=True)
    halfway.refresh_from_db()
    assert halfway.completed_at is None  # the new step is still to do
    services.step_mark(person=admin_user.person, step=extra, done=True)
    halfway.refresh_from_db()
    assert halfway.completed_at is not None


def test_a_completed_person_who_undoes_a_step_must_do_every_step(training, mentor_user):
    do_steps(mentor_user.person, training, 3)
    extra = services.step_add(path=training, kind="activity", title="Shadow a session")
    first = training.steps.order_by("order").first()

    services.step_mark(person=mentor_user.person, step=extra, done=False)  # never done: no change
    assert PathProgress.objects.get(person=mentor_user.person).completed_at is not None

    services.step_mark(person=mentor_user.person, step=first, done=False)
    assert PathProgress.objects.get(person=mentor_user.person).completed_at is None
    services.step_mark(person=mentor_user.person, step=first, done=True)
    assert PathProgress.objects.get(person=mentor_user.person).completed_at is None
    services.step_mark(person=mentor_user.person, step=extra, done=True)
    assert PathProgress.objects.get(person=mentor_user.person).completed_at is not None


def test_the_django_admin_does_not_delete_a_gate_path(rf, training, admin_user):
    from django.contrib import admin

    model_admin = admin.site._registry[LearningPath]
    request = rf.get("/")
    request.user = admin_user

    assert not model_admin.has_delete_permission(request, training)


def test_the_django_admin_cannot_unpublish_a_gate_path_either(training, admin_user, client_for):
    client = client_for(admin_user)
    url = f"/admin/learning/learningpath/{training.pk}/change/"
    data = form_of(client, url)
    data["is_published"] = []

    response = client.post(url, data)

    assert response.status_code == 200
    assert "cannot be unpublished" in response.content.decode()
    training.refresh_from_db()
    assert training.is_published
    data["is_published"] = ["on"]
    data["title"] = ["Mentor essentials, 2nd edition"]
    assert client.post(url, data).status_code == 302
