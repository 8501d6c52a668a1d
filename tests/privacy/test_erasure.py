from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from mentorpath.accounts.models import ApiToken, User
from mentorpath.analytics.kpis import Scope
from mentorpath.analytics.queries import dashboard
from mentorpath.feedback.models import PulseRating, SurveyAnswer, SurveyResponse
from mentorpath.integrations.models import CalendarFeed
from mentorpath.mentoring.models import CheckIn, GoalUpdate, Mentorship, Note
from mentorpath.people.models import JobChange, Person
from mentorpath.privacy.models import Erasure
from mentorpath.privacy.services import person_erase
from mentorpath.programs.models import Enrollment
from mentorpath.recognition.models import Kudos
from mentorpath.scim.models import ScimIdentity
from mentorpath.sso.models import SsoIdentity
from mentorpath.succession.models import SuccessorCandidate
from tests.analytics.fixtures import NOW, build_kpi_org
from tests.privacy.conftest import EMAIL, NAME

pytestmark = pytest.mark.django_db


def test_erasure_anonymizes_the_person_and_keeps_what_kpis_count(rich, admin_user):
    person = rich.person
    kept = {
        "department_id": person.department_id,
        "level": person.level,
        "location_id": person.location_id,
        "gender": person.gender,
        "hire_date": person.hire_date,
        "termination_date": person.termination_date,
        "manager_id": person.manager_id,
    }
    counts_before = (
        Enrollment.objects.filter(person=person).count(),
        Mentorship.objects.filter(mentee__person=person).count(),
        CheckIn.objects.filter(mentorship__mentee__person=person).count(),
        JobChange.objects.filter(person=person).count(),
        SurveyResponse.objects.filter(person=person).count(),
        PulseRating.objects.filter(person=person).count(),
    )
    user_pk = person.user_id

    erasure = person_erase(person=person, by=admin_user)

    person.refresh_from_db()
    assert erasure.erased_by == admin_user
    assert (person.full_name, person.email, person.employee_id) == (
        "Erased person",
        f"erased-{person.pk}@invalid",
        f"ERASED-{person.pk}",
    )
    assert (person.bio, person.career_goals, person.title) == ("", "", "")
    assert {k: getattr(person, k) for k in kept} == kept
    assert person.skills.count() == 0
    user = User.objects.get(pk=user_pk)
    assert (user.email, user.full_name, user.is_active) == (
        f"erased-user-{user.pk}@invalid",
        "Erased person",
        False,
    )
    assert not user.has_usable_password()
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    assert ApiToken.objects.get(user=user).revoked_by == admin_user
    assert not CalendarFeed.objects.filter(user=user).exists()
    assert not SsoIdentity.objects.filter(user=user).exists()
    assert not ScimIdentity.objects.filter(user=user).exists()
    # What they wrote is gone; the other side's note stays.
    assert list(Note.objects.filter(mentorship=rich.pair)) == [rich.others_private]
    assert list(GoalUpdate.objects.values_list("comment", "progress")) == [("", 50)]
    answers = SurveyAnswer.objects.filter(response__person=person)
    assert list(answers.values_list("number", "text")) == [(4, "")]
    assert list(PulseRating.objects.filter(person=person).values_list("rating", "comment")) == [
        (5, "")
    ]
    assert set(Kudos.objects.values_list("message", flat=True)) == {"[erased]"}
    assert SuccessorCandidate.objects.get(person=person).notes == ""
    counts_after = (
        Enrollment.objects.filter(person=person).count(),
        Mentorship.objects.filter(mentee__person=person).count(),
        CheckIn.objects.filter(mentorship__mentee__person=person).count(),
        JobChange.objects.filter(person=person).count(),
        SurveyResponse.objects.filter(person=person).count(),
        PulseRating.objects.filter(person=person).count(),
    )
    assert counts_after == counts_before


def test_no_trace_of_name_or_email_left_anywhere_in_the_database(rich, admin_user):
    before = StringIO()
    call_command("dumpdata", stdout=before)
    assert NAME[0] in before.getvalue() and EMAIL in before.getvalue()

    person_erase(person=rich.person, by=admin_user)

    after = StringIO()
    call_command("dumpdata", stdout=after)
    dump = after.getvalue()
    for trace in (*NAME, EMAIL, "I like long walks", "My secret worry", "Halfway there"):
        assert trace not in dump, trace
    assert "Mentor's own private note." in dump  # someone else's data stays


def test_reports_to_the_erased_person_are_kept(rich, admin_user):
    report = Person.objects.get(pk=rich.other.pk)
    report.manager = rich.person
    report.save()
    person_erase(person=rich.person, by=admin_user)
    report.refresh_from_db()
    assert report.manager_id == rich.person.pk
    assert report.manager.full_name == "Erased person"


def test_a_second_erasure_changes_nothing(rich, admin_user, executive_user):
    first = person_erase(person=rich.person, by=admin_user)
    dump = StringIO()
    call_command("dumpdata", stdout=dump)
    second = person_erase(person=rich.person, by=executive_user)
    again = StringIO()
    call_command("dumpdata", stdout=again)
    assert second == first
    assert second.erased_by == admin_user
    assert again.getvalue() == dump.getvalue()
    assert Erasure.objects.count() == 1


def test_erasure_leaves_kpis_unchanged():
    org = build_kpi_org()
    scopes = [
        Scope(programs=(org.p1.pk, org.p2.pk)),
        Scope(programs=(org.p1.pk,)),
        Scope(programs=(org.p2.pk,)),
    ]
    before = [replace(dashboard(scope=s, now=NOW), computed_at=None) for s in scopes]
    admin = User.objects.create_user("dpo@example.com", org_role="admin")
    # m1 mentors in both programs; e1 is a promoted mentee; e2 left; e7 has pulses in P2.
    for key in ("m1", "e1", "e2", "e7"):
        person_erase(person=org.people[key], by=admin)
    assert Erasure.objects.count() == 4
    after = [replace(dashboard(scope=s, now=NOW), computed_at=None) for s in scopes]
    for b, a in zip(before, after, strict=True):
        assert a == b


def test_erase_page_asks_for_the_employee_id(rich, admin_user, client_for):
    client = client_for(admin_user)
    url = reverse("privacy:erase", args=[rich.person.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Type the employee id to confirm" in page.content.decode()
    wrong = client.post(url, {"employee_id": "NOT-IT"})
    assert wrong.status_code == 400
    assert "This is not the person" in wrong.content.decode()
    assert 'value="NOT-IT"' in wrong.content.decode()
    assert not Erasure.objects.exists()
    done = client.post(url, {"employee_id": rich.person.employee_id})
    assert done.status_code == 302
    assert done["Location"] == reverse("people:detail", args=[rich.person.pk])
    assert Erasure.objects.get().erased_by == admin_user
    shown = client.get(url)
    assert shown.status_code == 200
    assert "This person was erased on" in shown.content.decode()
    assert client.post(url, {"employee_id": "x"}).status_code == 200
    assert Erasure.objects.count() == 1


def test_an_erased_person_cannot_log_in(rich, admin_user, client):
    person_erase(person=rich.person, by=admin_user)
    assert not client.login(email=EMAIL, password="correct-horse-battery")


def test_admin_export_and_erasure_are_audited_by_record_number(rich, admin_user, client_for):
    from django.apps import apps

    if not apps.is_installed("mentorpath.audit"):
        pytest.skip("the audit log app is not installed")
    from mentorpath.audit.models import AuditEntry

    client_for(rich.person.user).get(reverse("privacy:my_export"))
    assert not AuditEntry.objects.filter(action__startswith="privacy.").exists()
    client = client_for(admin_user)
    client.get(reverse("privacy:export", args=[rich.person.pk]))
    client.post(
        reverse("privacy:erase", args=[rich.person.pk]), {"employee_id": rich.person.employee_id}
    )
    entries = AuditEntry.objects.filter(action__startswith="privacy.").order_by("pk")
    pk = rich.person.pk
    assert [(e.action, e.actor, e.target_type, e.target_id, e.target_label) for e in entries] == [
        ("privacy.export", admin_user, "people.person", str(pk), f"Person #{pk}"),
        ("privacy.erase", admin_user, "people.person", str(pk), f"Person #{pk}"),
    ]
    assert entries[0].context == {"includes_succession": True}
