"""GET /audit/entries: the audit log for a SIEM, its filters, the after_id cursor, and who is
refused."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from mentorpath.accounts.services import api_token_create
from mentorpath.audit.models import AuditEntry
from mentorpath.audit.permissions import REFUSED
from mentorpath.audit.services import record
from tests.api.conftest import ApiClient
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ENTRIES = "/audit/entries"


def _token(user, *scopes: str) -> ApiClient:
    _, key = api_token_create(user=user, name="siem", scopes=scopes)
    return ApiClient(Client(headers={"Authorization": f"Bearer {key}"}))


def _entries(admin_user):
    other = UserFactory(email="pm@example.com", full_name="Pat Manager")
    noon = datetime.datetime.combine(timezone.localdate(), datetime.time(12))
    old = AuditEntry.objects.create(
        at=timezone.make_aware(noon) - datetime.timedelta(days=10),
        actor=other,
        actor_label="Pat Manager <pm@example.com>",
        action="program.updated",
        target_type="programs.program",
        target_id="1",
        target_label="Alpha",
        changes={"capacity": [2, 3]},
    )
    return {
        "old": old,
        "approved": record(
            actor=admin_user,
            action="match.approved",
            target=("matching.run", 2, "Beta run"),
            context={"program": "alpha"},
        ),
        "overridden": record(
            actor=other, action="match.overridden", target=("matching.proposal", 3, "Alpha pick")
        ),
        "role": record(actor=admin_user, action="user.role_changed", target=other),
    }


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["items"]]


def test_admin_reads_an_entry_with_every_field(admin_user, api_as):
    old = _entries(admin_user)["old"]

    response = api_as(admin_user).get(ENTRIES, target_type="programs.program")

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": old.pk,
                "at": old.at.isoformat().replace("+00:00", "Z"),
                "actor_id": old.actor_id,
                "actor_label": "Pat Manager <pm@example.com>",
                "action": "program.updated",
                "target_type": "programs.program",
                "target_id": "1",
                "target_label": "Alpha",
                "changes": {"capacity": [2, 3]},
                "context": {},
            }
        ],
        "count": 1,
    }


def test_admin_filters_like_the_audit_page(admin_user, api_as):
    entries = _entries(admin_user)
    api = api_as(admin_user)
    today = timezone.localdate()

    def ids(**params) -> set[int]:
        return set(_ids(api.get(ENTRIES, **params)))

    everything = _ids(api.get(ENTRIES, page_size=100))
    assert set(everything) == set(AuditEntry.objects.values_list("pk", flat=True))
    assert everything == [e.pk for e in AuditEntry.objects.order_by("-at", "-pk")]
    assert everything[-1] == entries["old"].pk
    assert ids(action="match.") == {entries["approved"].pk, entries["overridden"].pk}
    assert ids(actor="PAT manager") == {entries["old"].pk, entries["overridden"].pk}
    assert ids(target_type="matching.run") == {entries["approved"].pk}
    assert ids(text="alpha") == {entries["old"].pk, entries["overridden"].pk}
    assert ids(date_to=(today - datetime.timedelta(days=5)).isoformat()) == {entries["old"].pk}
    assert entries["old"].pk not in ids(date_from=today.isoformat())
    assert ids(action="match.", actor="admin@") == {entries["approved"].pk}
    assert ids(action="nothing.") == set()


def test_after_id_pulls_forward_in_id_order_without_duplicates_or_gaps(admin_user, api_as):
    _entries(admin_user)
    api = api_as(admin_user)
    first = _ids(api.get(ENTRIES, after_id=0, page_size=2))
    for number in range(3):
        record(actor=admin_user, action="program.updated", target=("programs.program", number, "P"))

    second = _ids(api.get(ENTRIES, after_id=first[-1], page_size=100))

    every_id = list(AuditEntry.objects.order_by("pk").values_list("pk", flat=True))
    assert len(first) == 2
    assert first + second == every_id


def test_after_id_combines_with_filters_and_pages(admin_user, api_as):
    entries = _entries(admin_user)
    api = api_as(admin_user)

    matches = api.get(ENTRIES, after_id=entries["old"].pk, action="match.")
    paged = api.get(ENTRIES, after_id=entries["old"].pk, page_size=1, page=2)

    assert _ids(matches) == [entries["approved"].pk, entries["overridden"].pk]
    assert _ids(paged) == [entries["overridden"].pk]
    assert paged.json()["count"] == 3


def test_admin_token_with_admin_scope_reads(admin_user):
    api = _token(admin_user, "read", "admin")  # its creation is recorded too
    entry = record(actor=admin_user, action="program.created", target=("programs.program", 1, "A"))

    response = api.get(ENTRIES, after_id=entry.pk - 1)

    assert _ids(response) == [entry.pk]


@pytest.mark.parametrize(
    "persona", ["manager_user", "mentor_user", "mentee_user", "executive_user", "outsider_user"]
)
def test_everyone_but_admins_is_refused(request, program, admin_user, api_as, persona):
    _entries(admin_user)

    response = api_as(request.getfixturevalue(persona)).get(ENTRIES)

    assert response.status_code == 403
    assert response.json() == {"detail": REFUSED, "errors": {}}


def test_admins_token_without_admin_scope_is_refused(admin_user):
    response = _token(admin_user, "read", "write").get(ENTRIES)

    assert response.status_code == 403
    assert response.json() == {"detail": REFUSED, "errors": {}}


def test_anonymous_is_asked_to_authenticate(api_as):
    response = api_as(None).get(ENTRIES)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"date_from": "2026-02-30"}, "date_from", None),
        ({"date_to": "yesterday"}, "date_to", None),
        (
            {"date_from": "2026-02-02", "date_to": "2026-01-01"},
            "date_to",
            "The end date is before the start date.",
        ),
        ({"after_id": "-1"}, "after_id", None),
        ({"after_id": "abc"}, "after_id", None),
    ],
)
def test_bad_filters_are_refused_with_the_field(admin_user, api_as, params, field, message):
    response = api_as(admin_user).get(ENTRIES, **params)

    assert response.status_code == 422
    body = response.json()
    assert set(body["errors"]) == {field}
    if message:
        assert body == {"detail": message, "errors": {field: message}}
