"""Learning paths: ordered steps, starting, marking steps, and completion recorded exactly
when every step is done."""

import pytest

from mentorpath.core.exceptions import ApplicationError
from mentorpath.learning import queries, services
from mentorpath.learning.models import PathProgress, StepCompletion

pytestmark = pytest.mark.django_db


@pytest.fixture
def path(admin_user):
    resource = services.resource_create(
        by=admin_user, title="The Coaching Habit", kind="book", url="https://example.com/coach"
    )
    path = services.path_create(by=admin_user, title="Mentor essentials", audience="mentor")
    services.step_add(path=path, kind="resource", resource=resource)
    services.step_add(path=path, kind="activity", title="Discuss your answer with your mentor")
    services.step_add(path=path, kind="activity", title="Write your first agreement")
    return path


def steps_of(path):
    return [str(step) for step in queries.path_steps(path=path)]


def test_path_create_makes_a_unique_slug(admin_user, path):
    again = services.path_create(by=admin_user, title="Mentor essentials")

    assert (path.slug, again.slug) == ("mentor-essentials", "mentor-essentials-2")


def test_step_add_appends_in_order_and_needs_what_its_kind_needs(path):
    assert steps_of(path) == [
        "The Coaching Habit",
        "Discuss your answer with your mentor",
        "Write your first agreement",
    ]
    with pytest.raises(ApplicationError) as no_resource:
        services.step_add(path=path, kind="resource")
    with pytest.raises(ApplicationError) as no_title:
        services.step_add(path=path, kind="activity", title="  ")
    assert no_resource.value.message_dict == {"resource": ["Choose the resource of this step."]}
    assert no_title.value.message_dict == {"title": ["Give the activity a title."]}
    assert [s.order for s in queries.path_steps(path=path)] == [1, 2, 3]


def test_step_move_swaps_neighbours_and_stops_at_the_ends(path):
    first, second, third = queries.path_steps(path=path)

    services.step_move(step=third, up=True)
    assert steps_of(path) == [str(first), str(third), str(second)]

    services.step_move(step=first, up=True)  # already first: no change
    services.step_move(step=second, up=False)  # already last: no change
    assert steps_of(path) == [str(first), str(third), str(second)]

    services.step_move(step=first, up=False)
    assert steps_of(path) == [str(third), str(first), str(second)]
    assert [s.order for s in queries.path_steps(path=path)] == [1, 2, 3]


def test_path_start_twice_keeps_one_progress(path, mentee_user):
    first = services.path_start(person=mentee_user.person, path=path)
    again = services.path_start(person=mentee_user.person, path=path)

    assert first.pk == again.pk
    assert PathProgress.objects.count() == 1


def test_path_start_refuses_unpublished_or_empty_paths(admin_user, path, mentee_user):
    services.path_update(path=path, is_published=False)
    empty = services.path_create(by=admin_user, title="Empty")

    with pytest.raises(ApplicationError, match="not published"):
        services.path_start(person=mentee_user.person, path=path)
    with pytest.raises(ApplicationError, match="no steps"):
        services.path_start(person=mentee_user.person, path=empty)


def test_completion_is_recorded_when_every_step_is_done_and_cleared_on_undo(path, mentee_user):
    person = mentee_user.person
    first, second, third = queries.path_steps(path=path)
    services.path_start(person=person, path=path)

    services.step_mark(person=person, step=first, done=True)
    services.step_mark(person=person, step=second, done=True)
    halfway = queries.path_progress_for(person=person, path=path)
    assert (halfway.done, halfway.total, halfway.percent, halfway.completed_at) == (2, 3, 67, None)

    done = services.step_mark(person=person, step=third, done=True)
    assert done.completed_at is not None
    assert list(queries.completed_paths(person=person)) == [path]
    assert list(queries.paths_in_progress(person=person)) == []

    undone = services.step_mark(person=person, step=second, done=False)
    assert undone.completed_at is None
    assert list(queries.completed_paths(person=person)) == []
    progress = queries.path_progress_for(person=person, path=path)
    assert (progress.done, progress.percent, progress.done_step_ids) == (
        2,
        67,
        frozenset({first.pk, third.pk}),
    )


def test_marking_a_step_done_twice_counts_once(path, mentee_user):
    person = mentee_user.person
    first = queries.path_steps(path=path)[0]

    services.step_mark(person=person, step=first, done=True)
    services.step_mark(person=person, step=first, done=True)

    assert StepCompletion.objects.count() == 1
    assert queries.path_progress_for(person=person, path=path).done == 1


def test_marking_a_step_done_starts_the_path(path, mentee_user):
    services.step_mark(person=mentee_user.person, step=queries.path_steps(path=path)[0], done=True)

    assert PathProgress.objects.filter(person=mentee_user.person, path=path).exists()


def test_undo_before_starting_is_refused(path, mentee_user):
    with pytest.raises(ApplicationError, match="Start the path first"):
        services.step_mark(
            person=mentee_user.person, step=queries.path_steps(path=path)[0], done=False
        )


def test_adding_a_step_keeps_a_completion_and_removing_the_missing_step_completes(
    path, mentee_user, mentor_user
):
    person, halfway = mentee_user.person, mentor_user.person
    first, second, _third = queries.path_steps(path=path)
    for step in queries.path_steps(path=path):
        services.step_mark(person=person, step=step, done=True)
    services.step_mark(person=halfway, step=first, done=True)
    services.step_mark(person=halfway, step=second, done=True)

    extra = services.step_add(path=path, kind="activity", title="Reflect with your mentor")
    assert PathProgress.objects.get(person=person).completed_at is not None
    services.step_mark(person=halfway, step=_third, done=True)
    assert PathProgress.objects.get(person=halfway).completed_at is None

    services.step_remove(step=extra)
    assert PathProgress.objects.get(person=halfway).completed_at is not None
    assert [s.order for s in queries.path_steps(path=path)] == [1, 2, 3]


def test_path_list_has_step_counts_and_my_progress(path, mentee_user, mentor_user):
    person = mentee_user.person
    services.step_mark(person=person, step=queries.path_steps(path=path)[0], done=True)

    mine = queries.path_list(user=mentee_user, person=person).get()
    theirs = queries.path_list(user=mentor_user, person=mentor_user.person).get()

    assert (mine.step_count, mine.done_count, mine.started_at is not None) == (3, 1, True)
    assert (theirs.step_count, theirs.done_count, theirs.started_at) == (3, 0, None)
