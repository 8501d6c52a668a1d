"""The audit log itself: recording, append-only (ORM and, on PostgreSQL, the trigger), the
search page's filters and its CSV, and who may read it."""

import csv
import datetime
import io

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from django.utils import timezone

from mentorpath.audit.models import AppendOnlyError, AuditEntry
from mentorpath.audit.services import diff, record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


def test_diff_lists_only_changed_fields():
    before = {"name": "A", "status": "draft", "capacity": 2, "day": datetime.date(2026, 1, 2)}
    after = {"name": "A", "status": "active", "capacity": 3, "day": datetime.date(2026, 1, 3)}
    assert diff(before, after) == {
        "capacity": [2, 3],
        "day": ["2026-01-02", "2026-01-03"],
        "status": ["draft", "active"],
    }


def test_record_keeps_actor_label_after_the_user_is_deleted(admin_user):
    user = UserFactory(email="gone@example.com", full_name="Gone Soon")
    entry = record(actor=user, action="user.role_changed", target=admin_user, changes={})
    user.delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor_id is None
    assert entry.actor_label == "Gone Soon <gone@example.com>"
    assert entry.target_type == "accounts.user"
    assert entry.target_id == str(admin_user.pk)


def test_orm_refuses_update_and_delete(admin_user):
    entry = record(actor=admin_user, action="program.updated", target=("x.y", 1, "X"))
    entry.action = "program.created"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="program.created")
    assert AuditEntry.objects.get(pk=entry.pk).action == "program.updated"


@POSTGRES
def test_trigger_refuses_raw_update_and_delete(admin_user):
    entry = record(actor=admin_user, action="program.updated", target=("x.y", 1, "X"))
    for sql in (
        "UPDATE audit_auditentry SET action = 'forged' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
        "UPDATE audit_auditentry SET actor_id = NULL, action = 'forged' WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "program.updated"


def _entries(admin_user):
    other = UserFactory(email="pm@example.com", full_name="Pat Manager")
    today = timezone.localdate()
    old = AuditEntry.objects.create(
        at=timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
        - datetime.timedelta(days=10),
        actor=other,
        actor_label="Pat Manager <pm@example.com>",
        action="program.updated",
        target_type="programs.program",
        target_id="1",
        target_label="Alpha",
    )
    return {
        "old": old,
        "approved": record(
            actor=admin_user, action="match.approved", target=("matching.run", 2, "Beta run")
        ),
        "overridden": record(
            actor=other, action="match.overridden", target=("matching.proposal", 3, "Alpha pick")
        ),
        "role": record(actor=admin_user, action="user.role_changed", target=other),
    }


def _ids(response):
    return [entry.pk for entry in response.context["page_obj"].object_list]


def test_search_filters_exact_sets(admin_user, client_for):
    entries = _entries(admin_user)
    client = client_for(admin_user)
    url = reverse("audit:search")
    everything = _ids(client.get(url))
    assert set(everything) >= {e.pk for e in entries.values()}
    assert everything == sorted(
        everything, key=lambda pk: -AuditEntry.objects.get(pk=pk).at.timestamp()
    )

    def ids(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return set(_ids(response))

    assert ids(action="match.") == {entries["approved"].pk, entries["overridden"].pk}
    assert ids(action="match.approved") == {entries["approved"].pk}
    assert ids(actor="pat manager") == {entries["old"].pk, entries["overridden"].pk}
    assert ids(target_type="programs.program") == {entries["old"].pk}
    assert ids(text="alpha") == {entries["old"].pk, entries["overridden"].pk}
    today = timezone.localdate()
    assert ids(date_to=(today - datetime.timedelta(days=5)).isoformat()) == {entries["old"].pk}
    assert ids(date_from=today.isoformat()) == {
        entries["approved"].pk,
        entries["overridden"].pk,
        entries["role"].pk,
    }
    assert ids(action="match.", actor="admin@") == {entries["approved"].pk}


def test_search_refuses_reversed_dates(admin_user, client_for):
    response = client_for(admin_user).get(
        reverse("audit:search"), {"date_from": "2026-02-02", "date_to": "2026-01-01"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "date_to": ["The end date is before the start date."]
    }


def test_csv_export_of_filtered_entries_is_audited(admin_user, client_for):
    entries = _entries(admin_user)
    response = client_for(admin_user).get(reverse("audit:export_csv"), {"action": "match."})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [(row["action"], row["target"]) for row in rows] == [
        ("match.overridden", "Alpha pick"),
        ("match.approved", "Beta run"),
    ]
    assert rows[1]["actor"] == f"{admin_user.full_name} <admin@example.com>"
    download = AuditEntry.objects.get(action="export.downloaded")
    assert download.actor == admin_user
    assert download.target_type == "audit.log"
    assert download.context == {
        "dataset": "audit",
        "format": "csv",
        "filters": {"action": "match."},
        "via": "web",
    }
    assert entries["role"].pk not in {row["target_id"] for row in rows}


@pytest.mark.parametrize(
    "persona", ["manager_user", "mentor_user", "mentee_user", "executive_user", "outsider_user"]
)
def test_everyone_but_org_admins_is_refused(persona, request, client_for, program):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(reverse("audit:search")).status_code == 403
    assert client.get(reverse("audit:export_csv")).status_code == 403
    assert not AuditEntry.objects.filter(action="export.downloaded").exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("audit:search"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_admin_site_is_read_only(admin_user, client_for):
    entry = record(actor=admin_user, action="program.updated", target=("x.y", 1, "X"))
    client = client_for(admin_user)
    assert client.get("/admin/audit/auditentry/").status_code == 200
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    response = client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"action": "x"})
    assert response.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == "program.updated"
