"""A mentor assigns a resource to their mentee; the mentee marks it done and rates it (which
also records their rating of the resource). Services, the pair page panel (with and without
htmx) and who may see and do what."""

import pytest
from django.urls import reverse

from mentorpath.core.exceptions import ApplicationError
from mentorpath.learning import assignments
from mentorpath.learning.models import ResourceAssignment, ResourceRating
from mentorpath.notifications.models import Notification
from tests.learning.test_gate_support import resource

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def article(db):
    return resource("Giving feedback", level=2, minutes=15)


def _assign(pair, article, note="Read it before Thursday."):
    return assignments.assignment_create(
        mentorship=pair, mentor=pair.mentor.person, resource=article, note=note
    )


def _pair_url(pair):
    return reverse("learning:pair_assignments", args=[pair.pk])


def _done_url(assignment):
    return reverse("learning:assignment_done", args=[assignment.mentorship_id, assignment.pk])


# Services -----------------------------------------------------------------------------------


def test_assigning_notifies_the_mentee_once(pair, article, mentee_user):
    assignment = _assign(pair, article)

    assert (assignment.resource, assignment.note, assignment.done_at) == (
        article,
        "Read it before Thursday.",
        None,
    )
    notice = Notification.objects.get(recipient=mentee_user, kind="learning")
    assert notice.kind == "learning"
    assert notice.subject == f"{pair.mentor.person.full_name} assigned you “Giving feedback”"
    assert "Their note: Read it before Thursday." in notice.body
    assert notice.url == f"/mentorships/{pair.pk}/#learning"


def test_assigning_the_same_resource_twice_is_refused(pair, article):
    _assign(pair, article)

    with pytest.raises(ApplicationError) as error:
        _assign(pair, article)

    assert error.value.message_dict == {
        "resource": ["You already assigned this resource to your mentee."]
    }


def test_only_the_mentor_of_a_running_pair_assigns(pair, article, mentee):
    with pytest.raises(ApplicationError):
        assignments.assignment_create(mentorship=pair, mentor=mentee.person, resource=article)
    pair.status = "completed"
    pair.save(update_fields=["status"])
    with pytest.raises(ApplicationError) as error:
        _assign(pair, article)
    assert error.value.messages == [
        "This mentorship is completed: resources are assigned while it is active or paused."
    ]


def test_a_mentor_only_or_unpublished_resource_cannot_be_assigned(pair):
    for item in (
        resource("For mentors", audience="mentor"),
        resource("Draft", is_published=False),
    ):
        with pytest.raises(ApplicationError):
            _assign(pair, item)
    assert ResourceAssignment.objects.count() == 0


def test_done_with_a_rating_records_the_resource_rating(pair, article, mentee):
    assignment = _assign(pair, article)

    assignments.assignment_done(assignment=assignment, mentee=mentee.person, rating=4)
    first_done = ResourceAssignment.objects.get().done_at
    assignments.assignment_done(assignment=assignment, mentee=mentee.person, rating=5)

    saved = ResourceAssignment.objects.get()
    assert (saved.rating, saved.done_at) == (5, first_done)
    assert list(ResourceRating.objects.values_list("person", "resource", "rating")) == [
        (mentee.person.pk, article.pk, 5)
    ]


@pytest.mark.parametrize("rating", [0, 6, True])
def test_a_rating_outside_1_to_5_is_refused(pair, article, mentee, rating):
    assignment = _assign(pair, article)

    with pytest.raises(ApplicationError):
        assignments.assignment_done(assignment=assignment, mentee=mentee.person, rating=rating)
    assert ResourceAssignment.objects.get().done_at is None


def test_only_the_mentee_marks_done(pair, article, mentor):
    assignment = _assign(pair, article)

    with pytest.raises(ApplicationError):
        assignments.assignment_done(assignment=assignment, mentee=mentor.person)


# Pages --------------------------------------------------------------------------------------


def test_the_mentor_sees_the_assign_form_on_the_pair_page(client_for, mentor_user, pair, article):
    page = client_for(mentor_user).get(reverse("mentoring:detail", args=[pair.pk]))

    html = page.content.decode()
    assert "Resources for your mentee" in html
    assert 'name="resource"' in html
    assert "Giving feedback" in html


def test_the_mentor_assigns_without_javascript(client_for, mentor_user, pair, article):
    response = client_for(mentor_user).post(
        _pair_url(pair), {"resource": article.pk, "note": "For our next talk"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/mentorships/{pair.pk}/#learning"
    assert ResourceAssignment.objects.get().note == "For our next talk"


def test_the_mentor_assigns_with_htmx_and_gets_the_panel(client_for, mentor_user, pair, article):
    response = client_for(mentor_user).post(_pair_url(pair), {"resource": article.pk}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="panel" aria-labelledby="learning-heading"')
    assert "“Giving feedback” assigned." in html
    assert "To do" in html


def test_an_invalid_assignment_shows_the_error_and_keeps_the_note(
    client_for, mentor_user, pair, article
):
    client = client_for(mentor_user)
    no_js = client.post(_pair_url(pair), {"resource": "", "note": "Keep me"})
    with_htmx = client.post(_pair_url(pair), {"resource": "999999", "note": "Keep me"}, **HTMX)

    for response in (no_js, with_htmx):
        assert response.status_code == 400
        html = response.content.decode()
        assert "Choose a resource." in html
        assert "Keep me</textarea>" in html
    assert "<html" in no_js.content.decode()
    assert ResourceAssignment.objects.count() == 0


def test_the_mentee_marks_done_and_rates(client_for, mentee_user, pair, article):
    assignment = _assign(pair, article)
    client = client_for(mentee_user)

    page = client.get(reverse("mentoring:detail", args=[pair.pk])).content.decode()
    response = client.post(_done_url(assignment), {"rating": "4"}, **HTMX)

    assert "Resources from your mentor" in page
    assert 'name="resource"' not in page
    assert "Mark done" in page
    assert response.status_code == 200
    assert "“Giving feedback” marked done, rated 4 of 5." in response.content.decode()
    assert ResourceAssignment.objects.get().rating == 4
    assert ResourceRating.objects.get().rating == 4


def test_the_mentee_marks_done_without_javascript(client_for, mentee_user, pair, article):
    assignment = _assign(pair, article)

    response = client_for(mentee_user).post(_done_url(assignment), {"rating": ""})

    assert response.status_code == 302
    saved = ResourceAssignment.objects.get()
    assert saved.done_at is not None
    assert saved.rating is None


def test_the_manager_reads_without_controls(client_for, manager_user, pair, article):
    assignment = _assign(pair, article)
    client = client_for(manager_user)

    html = client.get(reverse("mentoring:detail", args=[pair.pk])).content.decode()

    assert "Assigned resources" in html
    assert "Giving feedback" in html
    assert "Mark done" not in html
    assert 'name="resource"' not in html
    assert client.get(_pair_url(pair)).status_code == 200
    assert client.post(_pair_url(pair), {"resource": article.pk}).status_code == 403
    assert client.post(_done_url(assignment), {"rating": "5"}).status_code == 403


def test_the_mentor_cannot_mark_done_and_the_mentee_cannot_assign(
    client_for, mentor_user, mentee_user, pair, article
):
    assignment = _assign(pair, article)

    assert client_for(mentor_user).post(_done_url(assignment)).status_code == 403
    other = resource("Other")
    assert client_for(mentee_user).post(_pair_url(pair), {"resource": other.pk}).status_code == 403
    assert ResourceAssignment.objects.get().done_at is None


@pytest.mark.parametrize("persona", ["outsider_user", "executive_user"])
def test_outsiders_get_404(request, client_for, pair, article, persona):
    assignment = _assign(pair, article)
    client = client_for(request.getfixturevalue(persona))

    assert client.get(_pair_url(pair)).status_code == 404
    assert client.post(_pair_url(pair), {"resource": article.pk}).status_code == 404
    assert client.post(_done_url(assignment), {"rating": "5"}).status_code == 404


def test_an_assignment_of_another_pair_is_404(client_for, mentee_user, pair, article, program):
    from tests.factories.mentoring import active_pair

    other = active_pair(program, "m2@example.com", "e2@example.com")
    foreign = _assign(other, article)

    url = reverse("learning:assignment_done", args=[pair.pk, foreign.pk])
    assert client_for(mentee_user).post(url, {"rating": "5"}).status_code == 404


def test_anonymous_is_sent_to_log_in(client, pair):
    assert client.get(_pair_url(pair)).status_code == 302
