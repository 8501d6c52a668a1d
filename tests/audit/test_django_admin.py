"""The Django admin is audited: roles, edits, inline rows, deletions and passwords set there."""

import pytest
from django import forms
from django.contrib import admin
from django.test import Client

from mentorpath.audit.admin_site import HIDDEN, AuditedModelAdmin, form_changes
from mentorpath.audit.models import AuditEntry
from mentorpath.people.models import Department
from tests.admin_forms import form_of
from tests.conftest import login
from tests.factories import DepartmentFactory, PersonFactory, SkillFactory, UserFactory

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, data: dict[str, list[str]]) -> None:
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [
        form.errors for form in [response.context.get("adminform").form]
    ]


def entries(action: str | None = None) -> list[AuditEntry]:
    found = AuditEntry.objects.order_by("pk")
    return list(found.filter(action=action) if action else found)


def test_every_model_admin_is_audited():
    assert admin.site._registry
    for model_admin in admin.site._registry.values():
        assert isinstance(model_admin, AuditedModelAdmin), type(model_admin)


def test_promoting_and_demoting_through_the_admin_is_a_role_change(admin_user):
    member = UserFactory(email="m@example.com", full_name="Mia Member")
    client = login(admin_user)
    url = f"/admin/accounts/user/{member.pk}/change/"

    data = form_of(client, url)
    data["org_role"] = ["admin"]
    post(client, url, data)

    member.refresh_from_db()
    assert (member.is_staff, member.is_superuser, member.is_org_admin) == (True, True, True)
    assert len(entries()) == 1, [(e.action, e.changes) for e in entries()]
    [entry] = entries()
    assert (entry.action, entry.actor, entry.target_id) == (
        "user.role_changed",
        admin_user,
        str(member.pk),
    )
    assert entry.changes == {"org_role": ["member", "admin"]}

    data = form_of(client, url)
    data["org_role"] = ["member"]
    post(client, url, data)

    member.refresh_from_db()
    assert (member.is_staff, member.is_superuser, member.is_org_admin) == (False, False, False)
    assert [e.changes for e in entries("user.role_changed")][-1] == {
        "org_role": ["admin", "member"]
    }
    assert entries("admin.changed") == []


def test_superuser_flags_cannot_be_set_by_hand(admin_user):
    member = UserFactory(email="m@example.com")
    client = login(admin_user)
    url = f"/admin/accounts/user/{member.pk}/change/"
    data = form_of(client, url)
    data["is_superuser"] = ["on"]
    data["is_staff"] = ["on"]
    post(client, url, data)

    member.refresh_from_db()
    assert (member.is_staff, member.is_superuser) == (False, False)


def test_other_user_fields_are_recorded_before_and_after(admin_user):
    member = UserFactory(email="m@example.com", full_name="Mia Member")
    client = login(admin_user)
    url = f"/admin/accounts/user/{member.pk}/change/"
    data = form_of(client, url)
    data["full_name"] = ["Mia Moved"]
    data["is_active"] = []
    post(client, url, data)

    [entry] = entries()
    assert (entry.action, entry.actor, entry.target_type) == (
        "admin.changed",
        admin_user,
        "accounts.user",
    )
    assert entry.changes == {"full_name": ["Mia Member", "Mia Moved"], "is_active": [True, False]}
    assert entry.context == {"via": "django-admin"}


def test_a_password_set_in_the_admin_is_recorded_without_it(admin_user):
    member = UserFactory(email="m@example.com")
    client = login(admin_user)
    url = f"/admin/accounts/user/{member.pk}/password/"
    secret = "a-Long-new-passw0rd!"
    post(client, url, {"password1": [secret], "password2": [secret], "usable_password": ["true"]})

    [entry] = entries()
    assert (entry.action, entry.actor, entry.target_id) == (
        "admin.password_set",
        admin_user,
        str(member.pk),
    )
    assert secret not in str(entry.changes) + str(entry.context)


def test_added_changed_and_deleted_rows_are_recorded(admin_user):
    client = login(admin_user)
    post(client, "/admin/people/department/add/", {"name": ["Research"]})
    department = Department.objects.get(name="Research")
    url = f"/admin/people/department/{department.pk}/change/"
    data = form_of(client, url)
    data["name"] = ["Research & Development"]
    post(client, url, data)
    post(client, f"/admin/people/department/{department.pk}/delete/", {"post": ["yes"]})

    created, changed, deleted = entries()
    assert (created.action, created.target_id, created.changes) == (
        "admin.created",
        str(department.pk),
        {"name": [None, "Research"]},
    )
    assert (changed.action, changed.changes) == (
        "admin.changed",
        {"name": ["Research", "Research & Development"]},
    )
    assert (deleted.action, deleted.target_label, deleted.actor) == (
        "admin.deleted",
        "Research & Development",
        admin_user,
    )
    assert not Department.objects.filter(pk=department.pk).exists()


def test_a_bulk_delete_records_each_row(admin_user):
    kept, *gone = DepartmentFactory.create_batch(3)
    client = login(admin_user)
    response = client.post(
        "/admin/people/department/",
        {"action": "delete_selected", "_selected_action": [d.pk for d in gone], "post": "yes"},
    )
    assert response.status_code == 302

    deleted = entries("admin.deleted")
    assert sorted(e.target_id for e in deleted) == sorted(str(d.pk) for d in gone)
    assert all(e.actor == admin_user for e in deleted)
    assert Department.objects.filter(pk=kept.pk).exists()


def test_inline_rows_are_recorded_with_their_parent(admin_user):
    person = PersonFactory(first_name="Ines", last_name="Inline")
    skill = SkillFactory(name="Negotiation")
    client = login(admin_user)
    url = f"/admin/people/person/{person.pk}/change/"
    data = form_of(client, url)
    data = {name.replace("skills-__prefix__-", "skills-0-"): v for name, v in data.items()}
    data["skills-TOTAL_FORMS"] = ["1"]
    data["skills-0-skill"] = [str(skill.pk)]
    data["skills-0-level"] = ["3"]
    post(client, url, data)

    [entry] = entries()
    assert (entry.action, entry.target_type) == ("admin.created", "people.personskill")
    assert entry.changes["skill"] == [None, skill.pk]
    assert entry.context == {"via": "django-admin", "parent": str(person)}


def test_secret_fields_are_recorded_as_changed_without_their_values():
    class EndpointForm(forms.Form):
        url = forms.CharField()
        secret = forms.CharField()

    form = EndpointForm(
        data={"url": "https://b.example", "secret": "s2"},
        initial={"url": "https://a.example", "secret": "s1"},
    )
    assert form.is_valid()

    assert form_changes(form) == {
        "secret": [HIDDEN, HIDDEN],
        "url": ["https://a.example", "https://b.example"],
    }
