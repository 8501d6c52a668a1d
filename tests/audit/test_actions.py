"""One entry per audited action: who, what, which record, and exactly what changed."""

from datetime import date

import pytest
from django.utils import timezone

from mentorpath.accounts.services import (
    api_token_create,
    api_token_revoke,
    service_account_create,
    service_account_deactivate,
    user_set_org_role,
)
from mentorpath.audit.models import AuditEntry
from mentorpath.hris import services as hris
from mentorpath.matching import services as matching
from mentorpath.matching.config import MatchingConfig
from mentorpath.programs import services as programs
from mentorpath.scim.services import scim_token_create, scim_token_revoke
from mentorpath.succession import services as succession
from mentorpath.succession.models import KeyRole
from tests.factories import DepartmentFactory, EnrollmentFactory, PersonFactory, UserFactory
from tests.hris.conftest import csv_text, csv_upload

pytestmark = pytest.mark.django_db


def only(action: str) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(action=action))
    assert len(entries) == 1, [e.action for e in AuditEntry.objects.all()]
    return entries[0]


def test_org_role_change(admin_user):
    member = UserFactory(email="m@example.com")
    user_set_org_role(user=member, org_role="executive", by=admin_user)
    user_set_org_role(user=member, org_role="executive", by=admin_user)  # no change, no entry

    entry = only("user.role_changed")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        admin_user,
        "accounts.user",
        str(member.pk),
    )
    assert entry.changes == {"org_role": ["member", "executive"]}


def test_api_token_created_and_revoked(admin_user, mentor_user):
    token, _ = api_token_create(user=mentor_user, name="CI", scopes=["read"])
    api_token_revoke(token=token, by=admin_user)
    api_token_revoke(token=token, by=admin_user)  # already revoked: nothing more

    created = only("api_token.created")
    assert (created.actor, created.target_type, created.target_id) == (
        mentor_user,
        "accounts.apitoken",
        str(token.pk),
    )
    assert created.context == {"user": mentor_user.pk, "scopes": ["read"], "prefix": token.prefix}
    revoked = only("api_token.revoked")
    assert (revoked.actor, revoked.target_id) == (admin_user, str(token.pk))


def test_scim_token_created_and_revoked(admin_user):
    token, _ = scim_token_create(name="Okta", created_by=admin_user)
    scim_token_revoke(token=token, by=admin_user)

    created, revoked = only("scim_token.created"), only("scim_token.revoked")
    assert (created.actor, created.target_type, created.target_id) == (
        admin_user,
        "scim.scimtoken",
        str(token.pk),
    )
    assert (revoked.actor, revoked.target_id) == (admin_user, str(token.pk))


def test_scim_token_revoked_from_the_page(admin_user, client_for):
    token, _ = scim_token_create(name="Okta", created_by=admin_user)
    response = client_for(admin_user).post(f"/scim/v2/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert only("scim_token.revoked").actor == admin_user


def test_matching_config_change(program, manager_user):
    matching.program_set_matching_config(program=program, config=MatchingConfig(), by=manager_user)
    first = AuditEntry.objects.get(action="program.matching_config_changed")
    matching.program_set_matching_config(
        program=program, config=MatchingConfig(min_score=0.5, suggestions=5), by=manager_user
    )

    entry = AuditEntry.objects.filter(action="program.matching_config_changed").exclude(pk=first.pk)
    assert len(entry) == 1
    assert (entry[0].actor, entry[0].target_type, entry[0].target_id) == (
        manager_user,
        "programs.program",
        str(program.pk),
    )
    assert entry[0].changes == {"min_score": [None, 0.5], "suggestions": [3, 5]}
    assert entry[0].context == {"program": program.pk}


def test_match_approved(run, manager_user):
    approved, errors = matching.proposals_approve(run=run, proposal_ids=None, by=manager_user)
    assert (approved, errors) == (1, {})

    entry = only("match.approved")
    proposal = run.proposals.get()
    assert (entry.actor, entry.target_type, entry.target_id) == (
        manager_user,
        "mentoring.mentorship",
        str(proposal.mentorship_id),
    )
    assert entry.context == {"program": run.program_id, "run": run.pk, "proposal": proposal.pk}


def test_match_overridden(run, program, manager_user, mentor):
    other = EnrollmentFactory(
        program=program, person=PersonFactory(), role="mentor", status="approved"
    )
    proposal = run.proposals.get()
    score = proposal.score

    changed = matching.proposal_override(proposal=proposal, mentor=other, by=manager_user)

    entry = only("match.overridden")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        manager_user,
        "matching.matchproposal",
        str(proposal.pk),
    )
    expected = {"mentor": [mentor.pk, other.pk]}
    if changed.score != score:
        expected["score"] = [score, changed.score]
    assert entry.changes == expected
    assert entry.context == {"program": program.pk, "run": run.pk}


def test_import_applied_with_counts(admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    text = csv_text(
        "A1,Ada,One,ada@example.com,CEO,Exec,10,,2020-01-01",
        "A2,Bo,Two,bo@example.com,CTO,Exec,9,A1,2020-01-01",
    )
    job = hris.import_job_create(upload=csv_upload(text), by=admin_user)
    job = hris.import_job_start(job=job, by=admin_user)
    assert not AuditEntry.objects.filter(action="import.applied").exists()  # a dry run
    job = hris.import_job_apply(job=job, by=admin_user)

    entry = only("import.applied")
    assert (entry.actor, entry.target_type, entry.target_id, entry.target_label) == (
        admin_user,
        "hris.importjob",
        str(job.pk),
        "people.csv",
    )
    assert entry.context == {"counts": job.counts, "rows": 2, "file": "people.csv"}
    assert job.counts["created"] == 2


def test_export_downloaded(admin_user, client_for):
    response = client_for(admin_user).get("/exports/download/?dataset=people&format=csv")
    assert response.status_code == 200
    b"".join(response.streaming_content)

    entry = only("export.downloaded")
    assert (entry.actor, entry.target_type, entry.target_label) == (
        admin_user,
        "export.people",
        "people (csv)",
    )
    assert entry.context == {"dataset": "people", "format": "csv", "filters": {}}


def _role() -> KeyRole:
    return KeyRole.objects.create(
        title="Head of Sales", department=DepartmentFactory(name="Sales"), level=9
    )


def test_succession_role_created_updated_deleted(admin_user):
    sales = DepartmentFactory(name="Sales")
    role = succession.key_role_create(
        data={"title": "Head of Sales", "department": sales, "level": 9}, by=admin_user
    )
    created = only("succession.role_created")
    assert (created.actor, created.target_type, created.target_label) == (
        admin_user,
        "succession.keyrole",
        "Head of Sales",
    )
    assert created.changes == {
        "criticality": [None, "high"],
        "department": [None, sales.pk],
        "level": [None, 9],
        "notes": [None, ""],
        "title": [None, "Head of Sales"],
        "vacancy_risk": [None, "medium"],
    }

    succession.key_role_update(
        role=role, data={"title": "Head of Sales EMEA", "level": 10}, by=admin_user
    )
    updated = only("succession.role_updated")
    assert updated.changes == {"level": [9, 10], "title": ["Head of Sales", "Head of Sales EMEA"]}
    assert updated.target_id == str(role.pk)

    role_pk = role.pk
    succession.key_role_delete(role=role, by=admin_user)
    deleted = only("succession.role_deleted")
    assert (deleted.target_id, deleted.target_label) == (str(role_pk), "Head of Sales EMEA")
    assert deleted.changes["title"] == ["Head of Sales EMEA", None]


def test_succession_candidate_review_update_remove(admin_user):
    role = _role()
    person = PersonFactory(first_name="Nora", last_name="Now")
    candidate = succession.candidate_add(role=role, person=person, readiness="3y+", by=admin_user)
    added = only("succession.candidate_added")
    assert (added.actor, added.target_type, added.target_label) == (
        admin_user,
        "succession.successorcandidate",
        "Nora Now for Head of Sales",
    )
    assert added.changes == {"readiness": [None, "3y+"]}

    succession.review_add(
        candidate=candidate, readiness="now", reviewed_on=timezone.localdate(), by=admin_user
    )
    reviewed = only("succession.review_added")
    assert reviewed.changes == {"readiness": ["3y+", "now"]}

    succession.candidate_update(candidate=candidate, notes="Needs P&L", by=admin_user)
    assert only("succession.candidate_updated").changes == {"notes": ["", "Needs P&L"]}

    succession.candidate_remove(candidate=candidate, by=admin_user)
    removed = only("succession.candidate_removed")
    assert (removed.actor, removed.target_label, removed.changes) == (
        admin_user,
        "Nora Now for Head of Sales",
        {"readiness": ["now", None]},
    )


def test_old_review_keeps_readiness_and_records_no_change(admin_user):
    candidate = succession.candidate_add(
        role=_role(), person=PersonFactory(), readiness="now", by=admin_user
    )
    succession.review_add(
        candidate=candidate, readiness="3y+", reviewed_on=date(2020, 1, 1), by=admin_user
    )
    entry = only("succession.review_added")
    assert entry.changes == {}
    assert entry.context["readiness"] == "3y+"


def test_program_created_updated_and_moved(admin_user, manager_user, client_for):
    from tests.factories import ObjectiveFactory

    program = programs.program_create(
        data={
            "name": "Pathfinders",
            "program_type": "career",
            "description": "",
            "checkin_cadence": "monthly",
            "default_mentor_capacity": 2,
            "visibility": "organization",
            "managers": [manager_user],
        },
        created_by=admin_user,
    )
    created = only("program.created")
    assert (created.actor, created.target_type, created.target_id) == (
        admin_user,
        "programs.program",
        str(program.pk),
    )
    assert created.changes["name"] == [None, "Pathfinders"]
    assert created.changes["managers"] == [None, [manager_user.pk]]
    assert created.changes["status"] == [None, "draft"]

    programs.program_update(
        program=program,
        data={"name": "Pathfinders 2", "default_mentor_capacity": 3},
        by=manager_user,
    )
    updated = only("program.updated")
    assert updated.actor == manager_user
    assert updated.changes == {
        "default_mentor_capacity": [2, 3],
        "name": ["Pathfinders", "Pathfinders 2"],
    }

    ObjectiveFactory(program=program)
    response = client_for(manager_user).post(
        f"/programs/{program.slug}/transition/", {"status": "enrolling"}
    )
    assert response.status_code == 302
    moved = only("program.status_changed")
    assert (moved.actor, moved.changes) == (manager_user, {"status": ["draft", "enrolling"]})


def test_webhook_endpoint_created_updated_rotated(admin_user):
    from mentorpath.webhooks import services as webhooks

    endpoint, secret = webhooks.endpoint_create(
        data={"url": "https://hooks.example.com/a", "events": ["checkin.held"]},
        created_by=admin_user,
    )
    created = only("webhook.created")
    assert (created.actor, created.target_type, created.target_label) == (
        admin_user,
        "webhooks.webhookendpoint",
        "https://hooks.example.com/a",
    )
    assert created.changes == {
        "description": [None, ""],
        "events": [None, ["checkin.held"]],
        "is_active": [None, True],
        "url": [None, "https://hooks.example.com/a"],
    }

    webhooks.endpoint_update(
        endpoint=endpoint,
        data={"url": "https://hooks.example.com/b", "events": ["checkin.held"], "is_active": False},
        by=admin_user,
    )
    assert only("webhook.updated").changes == {
        "is_active": [True, False],
        "url": ["https://hooks.example.com/a", "https://hooks.example.com/b"],
    }

    new_secret = webhooks.endpoint_rotate_secret(endpoint=endpoint, by=admin_user)
    rotated = only("webhook.secret_rotated")
    assert (rotated.actor, rotated.target_id, rotated.changes) == (admin_user, str(endpoint.pk), {})
    assert secret not in str(AuditEntry.objects.values_list("changes", "context"))
    assert new_secret not in str(AuditEntry.objects.values_list("changes", "context"))


@pytest.mark.parametrize(
    ("url", "dataset", "fmt"),
    [
        ("/analytics/csv/kpis/", "analytics.kpis", "csv"),
        ("/analytics/program/career-compass/report.pdf", "analytics.report", "pdf"),
        ("/recognition/export.csv", "recognition.contributions", "csv"),
        ("/succession/pipeline.csv", "succession.pipeline", "csv"),
    ],
)
def test_other_exports_are_recorded(url, dataset, fmt, admin_user, program, client_for):
    response = client_for(admin_user).get(url)
    assert response.status_code == 200

    entry = only("export.downloaded")
    assert (entry.actor, entry.target_type, entry.context["dataset"], entry.context["format"]) == (
        admin_user,
        f"export.{dataset}",
        dataset,
        fmt,
    )


def test_import_applied_names_who_applied_it(admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    uploader = UserFactory(email="hr-ops@example.com", org_role="admin")
    job = hris.import_job_create(
        upload=csv_upload(csv_text("A1,Ada,One,ada@example.com,CEO,Exec,10,,2020-01-01")),
        by=uploader,
    )
    job = hris.import_job_start(job=job, by=uploader)
    hris.import_job_apply(job=job, by=admin_user)

    assert only("import.applied").actor == admin_user


@pytest.mark.parametrize("decision", ["approved", "declined"])
def test_enrollment_decisions(decision, program, manager_user):
    enrollment = EnrollmentFactory(program=program, status="pending")
    decide = {"approved": programs.enrollment_approve, "declined": programs.enrollment_decline}
    decide[decision](enrollment=enrollment, by=manager_user, note="Fits the cohort")

    entry = only(f"enrollment.{decision}")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        manager_user,
        "programs.enrollment",
        str(enrollment.pk),
    )
    assert entry.changes == {"status": ["pending", decision]}
    assert entry.context == {
        "program": program.pk,
        "role": enrollment.role,
        "note": "Fits the cohort",
    }


def test_objectives_and_questions_added_and_removed_from_the_program_page(
    program, manager_user, client_for
):
    client = client_for(manager_user)
    base = f"/programs/{program.slug}"
    client.post(
        f"{base}/objectives/",
        {"title": "Keep juniors", "kpi": "retention_12m", "comparator": "gte", "target": "90"},
    )
    client.post(
        f"{base}/questions/", {"text": "Why mentoring?", "kind": "text", "audience": "both"}
    )
    objective = program.objectives.get(title="Keep juniors")
    question = program.questions.get(text="Why mentoring?")
    client.post(f"{base}/objectives/{objective.pk}/delete/")
    client.post(f"{base}/questions/{question.pk}/delete/")

    actions = [
        "program.objective_added",
        "program.question_added",
        "program.objective_removed",
        "program.question_removed",
    ]
    entries = [only(action) for action in actions]
    assert {(e.actor, e.target_type, e.target_id) for e in entries} == {
        (manager_user, "programs.program", str(program.pk))
    }
    assert entries[0].context == {
        "objective": objective.pk,
        "title": "Keep juniors",
        "kpi": "retention_12m",
        "target": "90",
    }
    assert entries[3].context == {"question": question.pk, "text": "Why mentoring?"}


def test_reporting_line_changed_from_the_person_page(admin_user, client_for):
    boss, new_boss = PersonFactory(), PersonFactory()
    person = PersonFactory(manager=boss)
    response = client_for(admin_user).post(
        f"/people/{person.pk}/manager/", {"manager": new_boss.pk}
    )
    assert response.status_code == 302

    entry = only("person.manager_changed")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        admin_user,
        "people.person",
        str(person.pk),
    )
    assert entry.changes == {"manager": [boss.pk, new_boss.pk]}


def test_service_account_created_and_deactivated(admin_user):
    account, token, _ = service_account_create(
        created_by=admin_user, name="Workday sync", token_name="sync", scopes=["read"]
    )
    service_account_deactivate(account=account, by=admin_user)
    service_account_deactivate(account=account, by=admin_user)  # already off: nothing more

    created = only("service_account.created")
    assert (created.actor, created.target_id, created.context) == (
        admin_user,
        str(account.pk),
        {"org_role": "member", "token": token.pk},
    )
    deactivated = only("service_account.deactivated")
    assert (deactivated.actor, deactivated.changes) == (admin_user, {"is_active": [True, False]})
