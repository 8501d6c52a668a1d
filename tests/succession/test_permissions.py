"""Succession data is refused to every role that may not see it — through the pages, the
API and the CSV export — and read-only for executives."""

import pytest
from django.contrib.admin.sites import site
from django.test import Client, RequestFactory
from django.urls import reverse

from mentorpath.succession.models import KeyRole, ReadinessReview, SuccessorCandidate
from tests.api.conftest import API
from tests.succession.conftest import ROLES_REFUSED

pytestmark = pytest.mark.django_db


def pages(role, successor):
    """Every succession page: (method, url)."""
    return [
        ("get", reverse("succession:pipeline")),
        ("get", reverse("succession:pipeline") + "?criticality=critical"),
        ("get", reverse("succession:pipeline_csv")),
        ("get", reverse("succession:role_new")),
        ("post", reverse("succession:role_new")),
        ("get", reverse("succession:role", args=[role.pk])),
        ("get", reverse("succession:role_edit", args=[role.pk])),
        ("post", reverse("succession:role_edit", args=[role.pk])),
        ("post", reverse("succession:role_delete", args=[role.pk])),
        ("post", reverse("succession:candidate_add", args=[role.pk])),
        ("get", reverse("succession:candidate", args=[successor.pk])),
        ("post", reverse("succession:candidate_edit", args=[successor.pk])),
        ("post", reverse("succession:candidate_remove", args=[successor.pk])),
        ("post", reverse("succession:review_add", args=[successor.pk])),
        ("post", reverse("succession:link_program", args=[successor.pk])),
        ("post", reverse("succession:propose_mentor", args=[successor.pk, role.incumbent_id])),
    ]


def endpoints(role, successor):
    """Every succession API operation: (method, path, body)."""
    roles, one = "/succession/roles", f"/succession/roles/{role.pk}"
    cand = f"/succession/candidates/{successor.pk}"
    return [
        ("get", "/succession/pipeline", None),
        ("get", roles, None),
        ("post", roles, {"title": "CFO"}),
        ("get", one, None),
        ("patch", one, {"title": "CFO"}),
        ("delete", one, None),
        ("get", f"{one}/candidates", None),
        ("post", f"{one}/candidates", {"person": successor.person_id, "readiness": "now"}),
        ("get", cand, None),
        ("patch", cand, {"notes": "x"}),
        ("delete", cand, None),
        ("post", f"{cand}/reviews", {"readiness": "now", "reviewed_on": "2025-05-01"}),
        ("post", f"{cand}/program", {"program": 1}),
        ("get", f"{cand}/proposed-mentors", None),
        ("post", f"{cand}/proposed-mentors/{role.incumbent_id}", None),
    ]


def call(client: Client, method: str, url: str, body=None):
    if method == "get":
        return client.get(url)
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, content_type="application/json")


def unchanged(role: KeyRole) -> None:
    assert KeyRole.objects.filter(pk=role.pk, title="Head of Sales").exists()
    assert SuccessorCandidate.objects.filter(role=role).count() == 2
    assert ReadinessReview.objects.count() == 2


@pytest.mark.parametrize("persona", ROLES_REFUSED)
def test_pages_refuse_everyone_but_admins_and_executives(
    request, persona, program, role, successor, client_for
):
    client = client_for(request.getfixturevalue(persona))

    statuses = {(m, url): call(client, m, url).status_code for m, url in pages(role, successor)}

    assert set(statuses.values()) == {403}
    unchanged(role)


def test_pages_send_anonymous_visitors_to_log_in(role, successor):
    for method, url in pages(role, successor):
        response = call(Client(), method, url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    unchanged(role)


@pytest.mark.parametrize("persona", ROLES_REFUSED)
def test_api_refuses_everyone_but_admins_and_executives(
    request, persona, program, role, successor, client_for
):
    client = client_for(request.getfixturevalue(persona))

    for method, path, body in endpoints(role, successor):
        response = call(client, method, API + path, body)
        assert response.status_code == 403, (method, path)
        assert response.json()["detail"] == (
            "Succession planning is visible to organization admins and executives only."
        )
    unchanged(role)


def test_api_refuses_anonymous_requests_with_401(role, successor):
    for method, path, body in endpoints(role, successor):
        assert call(Client(), method, API + path, body).status_code == 401, (method, path)
    unchanged(role)


@pytest.mark.parametrize("persona", ROLES_REFUSED)
def test_csv_export_refused_with_no_data_in_the_body(request, persona, program, role, client_for):
    response = client_for(request.getfixturevalue(persona)).get(reverse("succession:pipeline_csv"))

    assert response.status_code == 403
    assert b"Head of Sales" not in response.content
    assert b"Nora" not in response.content


def test_executive_reads_every_page_and_the_export(executive_user, role, successor, client_for):
    client = client_for(executive_user)
    reads = [(m, url) for m, url in pages(role, successor) if m == "get"]

    statuses = {url: client.get(url).status_code for _, url in reads}

    assert statuses == {url: (403 if "new" in url or "edit" in url else 200) for _, url in reads}


def test_executive_changes_nothing_through_pages_or_api(
    executive_user, role, successor, client_for
):
    client = client_for(executive_user)
    posts = [(m, url) for m, url in pages(role, successor) if m == "post"]
    writes = [(m, p, b) for m, p, b in endpoints(role, successor) if m != "get"]

    page_statuses = {call(client, m, url).status_code for m, url in posts}
    api_statuses = {call(client, m, API + p, b).status_code for m, p, b in writes}

    assert page_statuses == {403}
    assert api_statuses == {403}
    unchanged(role)


def test_executive_reads_the_api(executive_user, role, successor, client_for):
    client = client_for(executive_user)
    reads = [(m, p, b) for m, p, b in endpoints(role, successor) if m == "get"]

    assert {call(client, m, API + p).status_code for m, p, _ in reads} == {200}


def test_executive_pages_offer_no_change(executive_user, role, successor, client_for):
    client = client_for(executive_user)

    pipeline = client.get(reverse("succession:pipeline")).content.decode()
    role_page = client.get(reverse("succession:role", args=[role.pk])).content.decode()
    candidate_page = client.get(reverse("succession:candidate", args=[successor.pk])).content

    assert "New key role" not in pipeline
    assert "Add a successor" not in role_page and "Delete key role" not in role_page
    assert b"Record a review" not in candidate_page


def test_admin_reads_every_page(admin_user, role, successor, client_for):
    client = client_for(admin_user)

    statuses = {client.get(url).status_code for m, url in pages(role, successor) if m == "get"}

    assert statuses == {200}


def test_unknown_ids_are_404_for_admins_and_403_for_the_refused(
    admin_user, mentor_user, client_for
):
    url = reverse("succession:role", args=[999])

    assert client_for(admin_user).get(url).status_code == 404
    assert client_for(mentor_user).get(url).status_code == 403
    assert client_for(mentor_user).get(f"{API}/succession/roles/999").status_code == 403


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("admin_user", True),
        ("executive_user", True),
        ("manager_user", False),
        ("mentor_user", False),
        ("mentee_user", False),
        ("outsider_user", False),
    ],
)
def test_nav_link_only_for_admins_and_executives(request, persona, shown, program, client_for):
    html = client_for(request.getfixturevalue(persona)).get("/").content.decode()

    assert (f'href="{reverse("succession:pipeline")}"' in html) is shown


# ---- nothing leaks elsewhere


def test_program_pages_do_not_tell_a_manager_why_someone_was_enrolled(
    admin_user, manager_user, successor, leadership, client_for
):
    from mentorpath.succession import services

    services.candidate_link_program(candidate=successor, program=leadership, by=admin_user)
    enrollment = leadership.enrollments.get(person=successor.person)
    client = client_for(manager_user)
    urls = [
        reverse("programs:detail", args=[leadership.slug]),
        reverse("programs:enrollments", args=[leadership.slug]),
        reverse("matching:home", args=[leadership.slug]),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode().lower()
        # (the program type's own label says "Leadership development / succession")
        for word in ("successor", "key role", "readiness", "ready now", "head of sales"):
            assert word not in text, (url, word)
    assert enrollment.goals == "" and enrollment.decision_note == ""


def test_django_admin_is_for_org_admins_only(admin_user, manager_user, role, client_for):
    url = reverse("admin:succession_keyrole_changelist")

    assert client_for(admin_user).get(url).status_code == 200
    # only org admins are staff; a non-staff user is sent to the admin login
    assert client_for(manager_user).get(url).status_code == 302
    assert not manager_user.is_staff


def test_django_admin_refuses_staff_who_are_not_org_admins(manager_user):
    from django.contrib.auth.models import Permission

    manager_user.is_staff = True
    manager_user.save()
    manager_user.user_permissions.set(Permission.objects.filter(codename__endswith="keyrole"))
    request = RequestFactory().get("/admin/")
    request.user = type(manager_user).objects.get(pk=manager_user.pk)

    model_admin = site._registry[KeyRole]

    assert not model_admin.has_module_permission(request)
    assert not model_admin.has_view_permission(request)
    assert not model_admin.has_change_permission(request)
