"""Library and path pages: who may see and curate what, file downloads, htmx in place."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mentorpath.learning import services
from mentorpath.learning.models import Bookmark, LearningPath, PathProgress, Resource
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def published(admin_user):
    return services.resource_create(
        by=admin_user,
        title="Guide to feedback",
        kind="internal",
        file=SimpleUploadedFile("guide.pdf", PDF, content_type="text/html"),
    )


@pytest.fixture
def hidden(admin_user):
    return services.resource_create(
        by=admin_user,
        title="Draft checklist",
        kind="checklist",
        file=SimpleUploadedFile("draft.pdf", PDF),
        is_published=False,
    )


def test_library_lists_published_for_people_and_drafts_for_curators(
    client_for, published, hidden, admin_user, manager_user, program, mentee_user
):
    people = client_for(mentee_user).get("/learning/")
    curators = [client_for(user).get("/learning/") for user in (admin_user, manager_user)]

    assert people.status_code == 200
    assert "Guide to feedback" in people.text and "Draft checklist" not in people.text
    assert "New resource" not in people.text
    for page in curators:
        assert "Draft checklist" in page.text and "New resource" in page.text


def test_library_refuses_a_login_without_profile_and_anonymous(client_for, db):
    bare = UserFactory(email="bare@example.com")

    assert client_for(bare).get("/learning/").status_code == 403
    assert client_for(bare).get("/learning/mine/").status_code == 403
    from django.test import Client

    assert Client().get("/learning/").status_code == 302


def test_library_htmx_returns_only_the_filtered_results(client_for, published, mentee_user):
    response = client_for(mentee_user).get("/learning/", {"q": "feedback"}, **HTMX)

    assert response.text.lstrip().startswith('<section id="results"')
    assert "Guide to feedback" in response.text
    assert "1 resource" in response.text


def test_library_get_form_filters_without_javascript(client_for, published, mentee_user):
    response = client_for(mentee_user).get("/learning/", {"q": "nothing-like-this"})

    assert "No resource matches these filters." in response.text
    assert "<!doctype html>" in response.text


def test_unpublished_resource_is_404_for_people_and_visible_to_curators(
    client_for, hidden, admin_user, mentee_user
):
    url = f"/learning/resources/{hidden.pk}/"

    assert client_for(mentee_user).get(url).status_code == 404
    assert client_for(mentee_user).get(f"{url}file/").status_code == 404
    assert client_for(admin_user).get(url).status_code == 200


def test_file_download_is_an_attachment_with_the_checked_type(client_for, published, mentee_user):
    response = client_for(mentee_user).get(f"/learning/resources/{published.pk}/file/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="guide-to-feedback.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_file_download_of_a_link_resource_is_404(client_for, admin_user, mentee_user):
    resource = services.resource_create(
        by=admin_user, title="Link", kind="article", url="https://example.com/a"
    )

    assert (
        client_for(mentee_user).get(f"/learning/resources/{resource.pk}/file/").status_code == 404
    )


@pytest.mark.parametrize("path", ["new/", "{pk}/edit/"])
def test_non_curators_cannot_open_curation_forms(client_for, published, mentor_user, path):
    url = "/learning/resources/" + path.format(pk=published.pk)

    assert client_for(mentor_user).get(url).status_code == 403


@pytest.mark.parametrize("action", ["publish", "delete"])
def test_non_curators_cannot_publish_or_delete(client_for, published, mentor_user, action):
    response = client_for(mentor_user).post(
        f"/learning/resources/{published.pk}/{action}/", {"published": "0"}
    )

    assert response.status_code == 403
    assert Resource.objects.get(pk=published.pk).is_published


def test_manager_creates_a_resource_with_a_file(client_for, manager_user, program):
    response = client_for(manager_user).post(
        "/learning/resources/new/",
        {
            "title": "Agreement template",
            "kind": "template",
            "audience": "both",
            "file": SimpleUploadedFile("agreement.pdf", PDF),
            "is_published": "on",
        },
    )

    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/learning/resources/{resource.pk}/"
    assert (resource.title, resource.content_type, resource.file_size) == (
        "Agreement template",
        "application/pdf",
        len(PDF),
    )


def test_a_bad_upload_shows_the_error_next_to_the_file_and_keeps_the_form(client_for, admin_user):
    response = client_for(admin_user).post(
        "/learning/resources/new/",
        {
            "title": "Sneaky",
            "kind": "template",
            "audience": "both",
            "file": SimpleUploadedFile("sneaky.pdf", b"<script>alert(1)</script>"),
        },
    )

    assert response.status_code == 200
    assert 'id="id_file_error"' in response.text
    assert "The file&#x27;s content is not a PDF file" in response.text
    assert 'value="Sneaky"' in response.text
    assert Resource.objects.count() == 0


def test_delete_refused_while_in_a_path_says_why_and_offers_unpublish(
    client_for, published, admin_user
):
    path = services.path_create(by=admin_user, title="Feedback basics")
    services.step_add(path=path, kind="resource", resource=published)
    client = client_for(admin_user)

    response = client.post(f"/learning/resources/{published.pk}/delete/", follow=True)

    assert "so it cannot be deleted. Unpublish it instead" in response.text
    assert "Unpublish" in response.text
    assert Resource.objects.filter(pk=published.pk).exists()
    client.post(f"/learning/resources/{published.pk}/publish/", {"published": "0"})
    assert not Resource.objects.get(pk=published.pk).is_published


def test_bookmark_toggle_in_place_is_idempotent(client_for, published, mentee_user):
    client = client_for(mentee_user)
    url = f"/learning/resources/{published.pk}/bookmark/"

    first = client.post(url, {"on": "1"}, **HTMX)
    client.post(url, {"on": "1"}, **HTMX)
    assert Bookmark.objects.filter(person=mentee_user.person).count() == 1
    assert "★ Bookmarked" in first.text and 'name="on" value="0"' in first.text

    client.post(url, {"on": "0"}, **HTMX)
    removed = client.post(url, {"on": "0"})
    assert Bookmark.objects.count() == 0
    assert removed.status_code == 302


def test_my_bookmarks_lists_mine_only(client_for, published, hidden, mentee_user, mentor_user):
    services.bookmark_set(person=mentee_user.person, resource=published, on=True)

    assert "Guide to feedback" in client_for(mentee_user).get("/learning/bookmarks/").text
    assert "Guide to feedback" not in client_for(mentor_user).get("/learning/bookmarks/").text


def test_rating_a_resource_updates_the_average(client_for, published, mentee_user):
    response = client_for(mentee_user).post(
        f"/learning/resources/{published.pk}/rate/", {"rating": "4"}, **HTMX
    )

    assert response.status_code == 200
    assert "Useful: 4.0 / 5 (1 rating)" in response.text
    assert "Your rating: <strong>4 / 5</strong>" in response.text


# Paths --------------------------------------------------------------------------------------


@pytest.fixture
def path(admin_user, published):
    path = services.path_create(by=admin_user, title="Feedback basics", audience="mentee")
    services.step_add(path=path, kind="resource", resource=published)
    services.step_add(path=path, kind="activity", title="Discuss it with your mentor")
    return path


def test_person_starts_a_path_and_completes_it_step_by_step(client_for, path, mentee_user):
    client = client_for(mentee_user)
    first, second = path.steps.order_by("order")

    client.post(f"/learning/paths/{path.pk}/start/")
    client.post(f"/learning/paths/{path.pk}/steps/{first.pk}/done/", {"done": "1"}, **HTMX)
    halfway = client.get(f"/learning/paths/{path.pk}/")
    assert '<progress max="2" value="1"' in halfway.text
    assert "1 of 2 steps done (50%)" in halfway.text

    done = client.post(
        f"/learning/paths/{path.pk}/steps/{second.pk}/done/", {"done": "1"}, follow=True
    )
    assert "Path completed" in done.text
    assert PathProgress.objects.get(person=mentee_user.person).completed_at is not None

    undo = client.post(f"/learning/paths/{path.pk}/steps/{second.pk}/done/", {"done": "0"}, **HTMX)
    assert undo.text.lstrip().startswith('<section class="panel" id="progress"')
    assert PathProgress.objects.get(person=mentee_user.person).completed_at is None


def test_my_learning_shows_paths_in_progress_and_completed(client_for, path, mentee_user):
    person = mentee_user.person
    services.step_mark(person=person, step=path.steps.first(), done=True)

    in_progress = client_for(mentee_user).get("/learning/mine/").text
    for step in path.steps.all():
        services.step_mark(person=person, step=step, done=True)
    completed = client_for(mentee_user).get("/learning/mine/").text

    assert "1 of 2 done" in in_progress and "No path completed yet." in in_progress
    assert "No path in progress." in completed and "Completed " in completed


def test_unpublished_path_is_404_for_people(client_for, path, mentee_user, admin_user):
    services.path_update(path=path, is_published=False)

    assert client_for(mentee_user).get(f"/learning/paths/{path.pk}/").status_code == 404
    assert client_for(admin_user).get(f"/learning/paths/{path.pk}/").status_code == 200


@pytest.mark.parametrize("url", ["new/", "{pk}/edit/", "{pk}/steps/"])
def test_non_curators_cannot_edit_paths(client_for, path, mentee_user, url):
    target = "/learning/paths/" + url.format(pk=path.pk)
    client = client_for(mentee_user)

    response = (
        client.post(target, {"kind": "activity", "title": "X"})
        if "steps" in url
        else (client.get(target))
    )

    assert response.status_code == 403
    assert path.steps.count() == 2


def test_curator_creates_a_path_adds_and_reorders_steps(
    client_for, manager_user, program, published
):
    client = client_for(manager_user)

    created = client.post(
        "/learning/paths/new/",
        {"title": "Coaching path", "audience": "mentor", "is_published": "on"},
    )
    path = LearningPath.objects.get(title="Coaching path")
    assert created["Location"] == f"/learning/paths/{path.pk}/edit/"
    client.post(f"/learning/paths/{path.pk}/steps/", {"kind": "resource", "resource": published.pk})
    added = client.post(
        f"/learning/paths/{path.pk}/steps/",
        {"kind": "activity", "title": "Practise with your mentee"},
        **HTMX,
    )
    assert added.text.lstrip().startswith('<section class="panel" aria-labelledby="steps-heading"')
    second = path.steps.get(kind="activity")

    moved = client.post(f"/learning/paths/{path.pk}/steps/{second.pk}/move/", {"direction": "up"})
    assert moved.status_code == 302
    assert [str(s) for s in path.steps.order_by("order")] == [
        "Practise with your mentee",
        "Guide to feedback",
    ]
    client.post(f"/learning/paths/{path.pk}/steps/{second.pk}/remove/", **HTMX)
    assert [str(s) for s in path.steps.all()] == ["Guide to feedback"]


def test_step_add_with_missing_resource_shows_the_error(client_for, admin_user, path):
    response = client_for(admin_user).post(
        f"/learning/paths/{path.pk}/steps/", {"kind": "resource"}, **HTMX
    )

    assert response.status_code == 400
    assert "Choose the resource of this step." in response.text


def test_nav_link_to_learning_for_people_with_a_profile(client_for, mentee_user):
    home = client_for(mentee_user).get("/learning/")

    assert '<a href="/learning/">Learning</a>' in home.text


def test_curator_without_a_profile_browses_but_cannot_bookmark(
    client_for, admin_user, published, db
):
    lonely = UserFactory(email="curator-without-profile@example.com", org_role="admin")

    client = client_for(lonely)

    assert client.get("/learning/").status_code == 200
    assert (
        client.post(f"/learning/resources/{published.pk}/bookmark/", {"on": "1"}).status_code == 403
    )
