"""The Django admin lists notifications for support questions and changes none."""

import pytest

pytestmark = pytest.mark.django_db


def test_admin_lists_notifications_read_only(client_for, admin_user, mentee_user, send):
    notification = send(mentee_user, key="k", subject="Check-in tomorrow")
    client = client_for(admin_user)

    listing = client.get("/admin/notifications/notification/")
    detail = client.get(f"/admin/notifications/notification/{notification.pk}/change/")

    assert listing.status_code == 200
    assert "Check-in tomorrow" in listing.content.decode()
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.get("/admin/notifications/notification/add/").status_code == 403
    assert (
        client.post(
            f"/admin/notifications/notification/{notification.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )


def test_admin_is_refused_to_a_participant(client_for, mentee_user):
    response = client_for(mentee_user).get("/admin/notifications/notification/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
