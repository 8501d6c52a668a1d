"""The succession API as an organization admin: key roles, successors, reviews, linking to a
program and the pipeline summary (the refusals are in test_permissions)."""

import pytest

from mentorpath.mentoring.models import Mentorship
from mentorpath.succession.models import KeyRole, SuccessorCandidate
from tests.api.conftest import API
from tests.factories import PersonFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(admin_user, api_as):
    return api_as(admin_user)


def test_pipeline_summary(api, role, executive_user, api_as):
    response = api_as(executive_user).get("/succession/pipeline")

    assert response.status_code == 200
    body = response.json()
    assert body["coverage"] == {
        "roles": 1,
        "with_ready_now": 1,
        "with_any": 1,
        "ready_now_percent": 100,
        "any_percent": 100,
    }
    assert body["roles"][0]["bench"] == {
        "ready_now": 1,
        "one_to_two_years": 1,
        "three_plus_years": 0,
        "score": 1.5,
        "label": "Adequate",
    }
    assert body["no_ready_successor"] == []
    assert body["ready_now_people"] == 1


def test_key_role_create_get_update_delete(api, role):
    incumbent = PersonFactory(first_name="Cleo", last_name="Fo", level=11)

    created = api.post(
        "/succession/roles",
        {"title": "CFO", "department": role.department_id, "incumbent": incumbent.pk, "level": 11},
    )
    role_id = created.json()["id"]
    patched = api.patch(f"/succession/roles/{role_id}", {"criticality": "critical"})
    listed = api.get("/succession/roles", criticality="critical")
    deleted = api.client.delete(f"{API}/succession/roles/{role_id}")

    assert created.status_code == 201
    assert created.json()["incumbent"] == {"id": incumbent.pk, "full_name": "Cleo Fo"}
    assert created.json()["department"] == {"id": role.department_id, "name": "Sales"}
    assert created.json()["candidates"] == []
    assert patched.json()["criticality"] == "critical"
    assert [r["title"] for r in listed.json()["items"]] == ["CFO", "Head of Sales"]
    assert deleted.status_code == 204
    assert list(KeyRole.objects.values_list("title", flat=True)) == ["Head of Sales"]


def test_key_role_refuses_unknown_department(api):
    response = api.post("/succession/roles", {"title": "CFO", "department": 999})

    assert response.status_code == 400
    assert response.json()["errors"] == {"department": "No such department."}


def test_candidates_add_list_update_review_remove(api, role, admin_user):
    person = PersonFactory(first_name="Ada", last_name="Up", level=8)
    skill = SkillFactory(name="Negotiation")
    base = f"/succession/roles/{role.pk}/candidates"

    added = api.post(
        base, {"person": person.pk, "readiness": "3y+", "development_skills": [skill.pk]}
    )
    candidate_id = added.json()["id"]
    again = api.post(base, {"person": person.pk, "readiness": "now"})
    review = api.post(
        f"/succession/candidates/{candidate_id}/reviews",
        {"readiness": "1-2y", "reviewed_on": "2025-01-01", "notes": "progressing"},
    )
    patched = api.patch(f"/succession/candidates/{candidate_id}", {"development_skills": []})
    listed = api.get(base)
    removed = api.client.delete(f"{API}/succession/candidates/{candidate_id}")

    assert added.status_code == 201
    assert added.json()["development_skills"] == [{"id": skill.pk, "name": "Negotiation"}]
    assert [r["readiness"] for r in added.json()["reviews"]] == ["3y+"]
    assert again.status_code == 400
    assert review.status_code == 201
    assert review.json()["reviewer"] == str(admin_user)
    # the review is older than the first one (today): readiness stays
    assert patched.json()["readiness"] == "3y+"
    assert patched.json()["development_skills"] == []
    assert [r["readiness"] for r in patched.json()["reviews"]] == ["3y+", "1-2y"]
    assert [c["person"]["full_name"] for c in listed.json()] == ["Nora Now", "Tim Two", "Ada Up"]
    assert removed.status_code == 204
    assert not SuccessorCandidate.objects.filter(pk=candidate_id).exists()


def test_link_program_returns_proposed_mentors(api, successor, leadership):
    response = api.post(
        f"/succession/candidates/{successor.pk}/program", {"program": leadership.pk}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["candidate"]["enrollment"]["program"] == {
        "id": leadership.pk,
        "name": "Leadership Pipeline",
    }
    assert body["candidate"]["enrollment"]["status"] == "approved"
    assert body["proposed_mentors"] == [
        {
            "person": {"id": successor.role.incumbent_id, "full_name": "Hana Head"},
            "title": "Head of Sales",
            "level": 10,
            "department": "Sales",
            "score": 4.0,
            "reasons": ["holds this role", "same department"],
        }
    ]


def test_proposed_mentors_as_the_page_shows_them(
    api, successor, leadership, executive_user, api_as
):
    path = f"/succession/candidates/{successor.pk}/proposed-mentors"
    before = api_as(executive_user).get(path)
    api.post(f"/succession/candidates/{successor.pk}/program", {"program": leadership.pk})

    after = api_as(executive_user).get(path)

    assert before.status_code == 200
    assert before.json()["can_propose"] is False
    assert after.json()["can_propose"] is True
    assert after.json()["candidate"]["enrollment"]["program"]["name"] == "Leadership Pipeline"
    assert after.json()["proposed_mentors"] == [
        {
            "person": {"id": successor.role.incumbent_id, "full_name": "Hana Head"},
            "title": "Head of Sales",
            "level": 10,
            "department": "Sales",
            "score": 4.0,
            "reasons": ["holds this role", "same department"],
            "enrolled_as_mentor": False,
        }
    ]


def test_proposing_a_mentor_enrolls_them_and_proposes_the_pair(api, successor, leadership):
    incumbent = successor.role.incumbent
    api.post(f"/succession/candidates/{successor.pk}/program", {"program": leadership.pk})
    path = f"/succession/candidates/{successor.pk}/proposed-mentors"

    response = api.post(f"{path}/{incumbent.pk}")
    listed = api.get(path)
    again = api.post(f"{path}/{incumbent.pk}")

    assert response.status_code == 201
    pair = Mentorship.objects.get(pk=response.json()["mentorship_id"])
    assert response.json() == {
        "mentorship_id": pair.pk,
        "program": {"id": leadership.pk, "name": "Leadership Pipeline"},
        "mentor": {"id": incumbent.pk, "full_name": "Hana Head"},
        "mentee": {"id": successor.person_id, "full_name": "Nora Now"},
        "status": pair.status,
    }
    assert (pair.mentor.person, pair.mentee.person) == (incumbent, successor.person)
    assert listed.json()["proposed_mentors"][0]["enrolled_as_mentor"] is True
    assert again.status_code == 409


def test_proposing_before_linking_or_an_unknown_person_is_refused(api, successor):
    path = f"/succession/candidates/{successor.pk}/proposed-mentors"

    unlinked = api.post(f"{path}/{successor.role.incumbent_id}")
    unknown = api.post(f"{path}/999999")

    assert unlinked.status_code == 400
    assert unlinked.json()["detail"] == (
        "Link the candidate to a leadership-development program first."
    )
    assert unknown.status_code == 404
    assert Mentorship.objects.count() == 0


def test_link_program_refuses_another_type(api, successor, program):
    response = api.post(f"/succession/candidates/{successor.pk}/program", {"program": program.pk})

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "program": "Career Compass is a career development program; link successors to a "
        "leadership-development program."
    }
