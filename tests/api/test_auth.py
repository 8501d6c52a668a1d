import pytest
from django.conf import settings
from django.test import Client

from mentorpath.accounts.models import ApiToken
from mentorpath.accounts.services import api_token_create
from mentorpath.programs.models import Enrollment
from tests.api.conftest import API, ApiClient

EVERY_ENDPOINT = [
    ("get", "/people"),
    ("get", "/people/me"),
    ("get", "/people/1"),
    ("get", "/skills"),
    ("get", "/programs"),
    ("post", "/programs"),
    ("get", "/programs/career-compass"),
    ("patch", "/programs/career-compass"),
    ("post", "/programs/career-compass/transition"),
    ("get", "/programs/career-compass/enrollments"),
    ("post", "/programs/career-compass/enrollments"),
    ("get", "/enrollments"),
    ("get", "/enrollments/1"),
    ("post", "/enrollments/1/approve"),
    ("post", "/enrollments/1/decline"),
    ("post", "/enrollments/1/withdraw"),
]


@pytest.mark.parametrize(("method", "path"), EVERY_ENDPOINT)
def test_endpoint_anonymous_gets_401_json(db, method, path):
    client = Client()
    if method == "get":
        response = client.get(API + path)
    else:
        response = getattr(client, method)(API + path, {}, content_type="application/json")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"].startswith("Log in, or send your API token")


def test_token_authenticates_and_records_last_use(mentee_user):
    token, key = api_token_create(user=mentee_user, name="cli")
    client = ApiClient(Client(headers={"Authorization": f"Bearer {key}"}))

    response = client.get("/people/me")

    assert response.status_code == 200
    assert response.json()["email"] == "mentee@example.com"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_wrong_token_gets_401(mentee_user):
    client = ApiClient(Client(headers={"Authorization": "Bearer mp_not-a-real-key"}))

    response = client.get("/people/me")

    assert response.status_code == 401
    assert response.json() == {"detail": "The API token is not valid.", "errors": {}}


def test_wrong_token_is_refused_even_with_a_valid_session(mentee_user, client_for):
    session = client_for(mentee_user)

    response = session.get(API + "/people/me", headers={"Authorization": "Bearer mp_wrong"})

    assert response.status_code == 401


def test_token_of_deactivated_user_gets_401(mentee_user):
    _, key = api_token_create(user=mentee_user, name="cli")
    mentee_user.is_active = False
    mentee_user.save(update_fields=["is_active"])
    client = ApiClient(Client(headers={"Authorization": f"Bearer {key}"}))

    assert client.get("/people/me").status_code == 401


def test_only_the_digest_of_the_key_is_stored(mentee_user):
    token, key = api_token_create(user=mentee_user, name="cli")

    assert ApiToken.objects.filter(digest=ApiToken.digest_of(key)).get() == token
    assert not ApiToken.objects.filter(digest=key).exists()


def test_token_needs_no_csrf_token_for_unsafe_methods(program, mentee_user):
    _, key = api_token_create(user=mentee_user, name="cli")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key}"})
    enrollment = Enrollment.objects.get(person=mentee_user.person)

    response = client.post(f"{API}/enrollments/{enrollment.pk}/withdraw")

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_session_post_without_csrf_token_gets_403_and_changes_nothing(program, mentee_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentee_user)
    enrollment = Enrollment.objects.get(person=mentee_user.person)

    response = client.post(f"{API}/enrollments/{enrollment.pk}/withdraw")

    assert response.status_code == 403
    assert response.json()["detail"] == "CSRF check Failed"
    enrollment.refresh_from_db()
    assert enrollment.status == "approved"


def test_session_post_with_csrf_token_succeeds(program, mentee_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentee_user)
    client.get(API + "/docs")  # the docs page sets the CSRF cookie, as in a browser
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    enrollment = Enrollment.objects.get(person=mentee_user.person)

    response = client.post(
        f"{API}/enrollments/{enrollment.pk}/withdraw", headers={"X-CSRFToken": token}
    )

    assert response.status_code == 200


def test_session_get_needs_no_csrf_token(mentee_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentee_user)

    assert client.get(API + "/people/me").status_code == 200
