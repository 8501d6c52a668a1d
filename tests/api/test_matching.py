"""The matching API: configuration, runs, proposals, overrides and approvals, per persona."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorpath.api.schemas.matching import MatchingConfigIn, MatchingConfigOut, Weights
from mentorpath.matching import services
from mentorpath.matching.config import CRITERIA, DEFAULT_WEIGHTS, MatchingConfig
from mentorpath.matching.models import MatchProposal, MatchRun
from mentorpath.mentoring.models import Mentorship
from mentorpath.programs.models import Enrollment, Program
from tests.api.conftest import API
from tests.factories import (
    EnrollmentFactory,
    PersonFactory,
    PersonSkillFactory,
    ProgramFactory,
    SkillFactory,
    approved_participant,
    speaks_english,
)

pytestmark = pytest.mark.django_db

MATCHING = "/programs/career-compass/matching"
CONFIG = f"{MATCHING}/config"
RUNS = f"{MATCHING}/runs"
MANAGERS = ["admin_user", "manager_user"]
NON_MANAGERS = ["mentor_user", "mentee_user", "executive_user", "outsider_user"]
MANAGERS_ONLY = {"detail": "Only this program's managers can do that.", "errors": {}}
NOT_FOUND = {"detail": "Not found.", "errors": {}}
DEFAULT_CONFIG = {
    "weights": {name: float(weight) for name, weight in DEFAULT_WEIGHTS.items()},
    "department": "different",
    "min_level_gap": 1,
    "max_level_gap": 4,
    "require_shared_language": True,
    "min_score": None,
    "objective": "participation",
    "suggestions": 3,
    "request_expiry_days": 7,
}


def put(api, path: str, data):
    return api.client.put(API + path, data, content_type="application/json")


approved = approved_participant


def execute(run: MatchRun) -> MatchRun:
    """Run the queued run here (tests hold one transaction, so on_commit never fires)."""
    return services.match_run_execute(run=run)


@pytest.fixture
def proposal(run) -> MatchProposal:
    return run.proposals.get()


def run_url(run: MatchRun) -> str:
    return f"{RUNS}/{run.pk}"


def proposal_url(proposal: MatchProposal, action: str) -> str:
    return f"{RUNS}/{proposal.run_id}/proposals/{proposal.pk}/{action}"


# --- anonymous and other programs --------------------------------------------------------------

EVERY_MATCHING_ENDPOINT = [
    ("get", CONFIG, None),
    ("put", CONFIG, DEFAULT_CONFIG),
    ("get", RUNS, None),
    ("post", RUNS, {}),
    ("get", f"{RUNS}/1", None),
    ("get", f"{RUNS}/1/proposals", None),
    ("post", f"{RUNS}/1/proposals/1/preview", {"mentor_enrollment_id": 1}),
    ("post", f"{RUNS}/1/proposals/1/override", {"mentor_enrollment_id": 1}),
    ("post", f"{RUNS}/1/approve", {"proposal_ids": None}),
]


def call(api, method: str, path: str, body):
    if method == "get":
        return api.get(path)
    if method == "put":
        return put(api, path, body)
    return api.post(path, body)


@pytest.mark.parametrize(("method", "path", "body"), EVERY_MATCHING_ENDPOINT)
def test_matching_endpoint_anonymous_gets_401(api_as, program, method, path, body):
    response = call(api_as(None), method, path, body)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(("method", "path", "body"), EVERY_MATCHING_ENDPOINT)
@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_matching_endpoint_non_managers_get_403(
    request, api_as, program, persona, method, path, body
):
    response = call(api_as(request.getfixturevalue(persona)), method, path, body)

    assert response.status_code == 403
    assert response.json() == MANAGERS_ONLY
    program.refresh_from_db()
    assert program.matching_config == {}
    assert not MatchRun.objects.exists()


@pytest.mark.parametrize(("method", "path", "body"), EVERY_MATCHING_ENDPOINT)
def test_matching_endpoint_of_a_draft_program_is_404_for_an_outsider(
    api_as, program, outsider_user, method, path, body
):
    Program.objects.filter(pk=program.pk).update(status="draft")

    response = call(api_as(outsider_user), method, path, body)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_matching_config_of_an_unknown_program_is_404(api_as, program, manager_user):
    response = api_as(manager_user).get("/programs/no-such-program/matching/config")

    assert response.status_code == 404


def test_matching_config_of_another_program_is_403_for_its_non_manager(
    api_as, program, manager_user
):
    ProgramFactory(slug="other-program")

    response = api_as(manager_user).get("/programs/other-program/matching/config")

    assert response.status_code == 403
    assert response.json() == MANAGERS_ONLY


def test_run_of_another_program_is_404(api_as, run, manager_user):
    other = ProgramFactory(slug="other-program")
    other.managers.add(manager_user)

    response = api_as(manager_user).get(f"/programs/other-program/matching/runs/{run.pk}")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_matching_endpoints_accept_an_api_token(token_api, run, manager_user):
    response = token_api(manager_user).get(run_url(run))

    assert response.status_code == 200
    assert response.json()["id"] == run.pk


# --- configuration -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MANAGERS)
def test_matching_config_get_defaults_for_managers(request, api_as, program, persona):
    response = api_as(request.getfixturevalue(persona)).get(CONFIG)

    assert response.status_code == 200
    assert response.json() == DEFAULT_CONFIG


def test_matching_config_schema_covers_every_setting():
    """A setting added to MatchingConfig must be added to the API too, or a PUT would reset it."""
    assert set(MatchingConfigIn.model_fields) == set(MatchingConfig.__dataclass_fields__)
    assert set(MatchingConfigOut.model_fields) == set(MatchingConfig.__dataclass_fields__)
    assert set(Weights.model_fields) == set(CRITERIA)


def test_matching_config_put_saves_and_get_returns_it(api_as, program, manager_user):
    api = api_as(manager_user)
    wanted = {
        **DEFAULT_CONFIG,
        "weights": {**DEFAULT_CONFIG["weights"], "skills": 10.0, "interests": 0.0},
        "department": "any",
        "min_level_gap": 2,
        "max_level_gap": 6,
        "require_shared_language": False,
        "min_score": 0.25,
        "objective": "fair",
    }

    response = put(api, CONFIG, wanted)

    assert response.status_code == 200
    assert response.json() == wanted
    program.refresh_from_db()
    assert MatchingConfig.from_json(program.matching_config).to_json() == wanted
    assert api.get(CONFIG).json() == wanted


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"weights": {**DEFAULT_CONFIG["weights"], "skills": 11}}, "weights.skills"),
        ({"weights": {**DEFAULT_CONFIG["weights"], "charisma": 3}}, "weights.charisma"),
        ({"department": "elsewhere"}, "department"),
        ({"min_level_gap": -1}, "min_level_gap"),
        ({"max_level_gap": 12}, "max_level_gap"),
        ({"min_score": 1.5}, "min_score"),
        ({"objective": "speed"}, "objective"),
        ({"surprise": True}, "surprise"),
    ],
)
def test_matching_config_put_out_of_range_gets_422_and_saves_nothing(
    api_as, program, manager_user, change, field
):
    response = put(api_as(manager_user), CONFIG, {**DEFAULT_CONFIG, **change})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    program.refresh_from_db()
    assert program.matching_config == {}


def test_matching_config_put_without_a_criterion_gets_422(api_as, program, manager_user):
    body = {**DEFAULT_CONFIG, "weights": {"skills": 5}}

    response = put(api_as(manager_user), CONFIG, body)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        f"weights.{name}": "Field required" for name in DEFAULT_WEIGHTS if name != "skills"
    }


def test_matching_config_put_without_a_field_gets_422(api_as, program, manager_user):
    body = {k: v for k, v in DEFAULT_CONFIG.items() if k != "min_score"}

    response = put(api_as(manager_user), CONFIG, body)

    assert response.status_code == 422
    assert response.json()["errors"] == {"min_score": "Field required"}


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        (
            {"min_level_gap": 5, "max_level_gap": 2},
            {"max_level_gap": "The level gap range must run from low to high, 0 to 11."},
        ),
        (
            {"weights": dict.fromkeys(DEFAULT_WEIGHTS, 0)},
            {"weights": "At least one criterion needs a weight above 0."},
        ),
    ],
)
def test_matching_config_put_breaking_a_rule_gets_400_and_saves_nothing(
    api_as, program, manager_user, change, errors
):
    response = put(api_as(manager_user), CONFIG, {**DEFAULT_CONFIG, **change})

    assert response.status_code == 400
    assert response.json() == {"detail": next(iter(errors.values())), "errors": errors}
    program.refresh_from_db()
    assert program.matching_config == {}


# --- runs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MANAGERS)
def test_start_run_queues_a_run_that_a_worker_completes(
    request, api_as, program, persona, mentor_user, mentee_user, django_capture_on_commit_callbacks
):
    speaks_english(mentor_user.person, mentee_user.person)
    user = request.getfixturevalue(persona)
    api = api_as(user)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api.post(RUNS)

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["objective"], body["progress"]) == ("queued", "participation", 0)
    assert body["created_by"] == user.pk
    assert body["stats"] is None
    assert len(callbacks) == 1
    done = api.get(f"{RUNS}/{body['id']}").json()
    assert (done["status"], done["progress"], done["progress_message"]) == ("done", 100, "Done")
    assert (done["stats"]["mentees"], done["stats"]["matched"]) == (1, 1)
    assert done["stats"]["unmatched"] == 0
    assert done["config"] == DEFAULT_CONFIG
    assert done["error"] == ""


def test_start_run_with_an_objective_uses_it(api_as, program, manager_user):
    response = api_as(manager_user).post(RUNS, {"objective": "score"})

    assert response.status_code == 201
    assert response.json()["objective"] == "score"
    assert MatchRun.objects.get().objective == "score"


def test_start_run_with_an_unknown_objective_gets_422(api_as, program, manager_user):
    response = api_as(manager_user).post(RUNS, {"objective": "luck"})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["objective"]
    assert not MatchRun.objects.exists()


def test_start_run_while_one_is_under_way_gets_400(api_as, program, manager_user):
    api = api_as(manager_user)
    api.post(RUNS)

    response = api.post(RUNS)

    assert response.status_code == 400
    assert response.json() == {
        "detail": "A matching run for this program is already under way.",
        "errors": {},
    }
    assert MatchRun.objects.count() == 1


@pytest.mark.parametrize(("status", "label"), [("draft", "draft"), ("closed", "closed")])
def test_start_run_in_a_program_that_does_not_match_gets_400(
    api_as, program, manager_user, status, label
):
    Program.objects.filter(pk=program.pk).update(status=status)

    response = api_as(manager_user).post(RUNS)

    assert response.status_code == 400
    assert response.json()["detail"] == (
        f"Matching runs while a program is enrolling, matching or active (this one is {label})."
    )
    assert not MatchRun.objects.exists()


def test_list_runs_newest_first(api_as, run, program, manager_user):
    newer = services.match_run_start(program=program, by=manager_user)

    response = api_as(manager_user).get(RUNS)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [(r["id"], r["status"]) for r in body["items"]] == [
        (newer.pk, "queued"),
        (run.pk, "done"),
    ]


def test_get_run_reports_the_match_quality(api_as, run, mentor_user):
    response = api_as(run.created_by).get(run_url(run))

    assert response.status_code == 200
    stats = response.json()["stats"]
    assert (stats["mentees"], stats["matched"], stats["unmatched"]) == (1, 1, 0)
    assert stats["mean_score"] == stats["min_score"] == stats["total_score"]
    assert sum(bucket["count"] for bucket in stats["histogram"]) == 1
    assert len(stats["histogram"]) == 10
    assert sum(item["count"] for item in stats["decisive"]) == 1
    assert stats["optimal"] is True


def test_get_run_of_a_failed_run_shows_the_error(api_as, program, manager_user):
    failed = MatchRun.objects.create(
        program=program, created_by=manager_user, status="failed", error="No solution"
    )

    response = api_as(manager_user).get(run_url(failed))

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["error"]) == ("failed", "No solution")
    assert response.json()["stats"] is None


def test_get_run_that_does_not_exist_is_404(api_as, program, manager_user):
    response = api_as(manager_user).get(f"{RUNS}/999999")

    assert response.status_code == 404


# --- proposals ---------------------------------------------------------------------------------


@pytest.fixture
def pool(program, run, manager_user, mentor, mentee):
    """A second run over a wider pool and Zoe's enrollment: two more mentees (Zoe wants to
    learn what the persona mentor teaches, so scores higher; Mute speaks no shared language,
    so stays unmatched) and a second mentor."""
    extra_mentee = approved(program, "mentee", first_name="Zoe", last_name="Adams", level=2)
    negotiation = SkillFactory(name="Negotiation")
    PersonSkillFactory(person=extra_mentee.person, skill=negotiation, level=1, wants_to_learn=True)
    PersonSkillFactory(person=mentor.person, skill=negotiation, level=4, can_teach=True)
    mute = approved(program, "mentee", first_name="Mute", last_name="Brown", level=2)
    mute.person.languages.clear()
    approved(program, "mentor", first_name="Olga", last_name="Berg", level=6)
    second = execute(services.match_run_start(program=program, by=manager_user))
    return second, extra_mentee


def test_list_proposals_gives_score_parts_and_reasons(api_as, proposal, manager_user, mentor):
    response = api_as(manager_user).get(f"{RUNS}/{proposal.run_id}/proposals")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == proposal.pk
    assert item["mentor"]["id"] == mentor.pk
    assert item["mentor"]["person"]["email"] == "mentor@example.com"
    assert (item["mentor"]["capacity"], item["mentor"]["load"]) == (2, 0)
    assert item["mentee"]["person"]["email"] == "mentee@example.com"
    assert item["score"] == proposal.score
    assert item["parts"] == proposal.parts
    assert item["reasons"] == proposal.reasons
    assert item["reasons"][0]["text"] == f"{mentor.person.full_name} is 4 levels above you"
    assert (item["unmatched_reason"], item["broken_rules"]) == ("", [])
    assert (item["status"], item["overridden"], item["mentorship"]) == ("proposed", False, None)


def test_list_proposals_shows_why_a_mentee_is_unmatched(api_as, pool, manager_user):
    second, _ = pool

    response = api_as(manager_user).get(f"{RUNS}/{second.pk}/proposals", show="unmatched")

    items = response.json()["items"]
    assert [i["mentee"]["person"]["full_name"] for i in items] == ["Mute Brown"]
    assert items[0]["mentor"] is None
    assert items[0]["score"] is None
    assert items[0]["unmatched_reason"] == (
        "No mentor with room who passes the constraints (of 2 mentors: 2 without a shared "
        "language)."
    )


def test_list_proposals_filters_by_what_to_show(api_as, pool, manager_user):
    second, extra_mentee = pool
    path = f"{RUNS}/{second.pk}/proposals"
    api = api_as(manager_user)
    changed = second.proposals.get(mentee=extra_mentee)
    MatchProposal.objects.filter(pk=changed.pk).update(overridden=True, status="approved")

    def shown(show):
        return sorted(
            i["mentee"]["person"]["full_name"] for i in api.get(path, show=show).json()["items"]
        )

    everyone = sorted(p.mentee.person.full_name for p in second.proposals.all())
    assert len(everyone) == 3
    assert shown("matched") == sorted(set(everyone) - {"Mute Brown"})
    assert shown("unmatched") == ["Mute Brown"]
    assert shown("overridden") == ["Zoe Adams"]
    assert shown("approved") == ["Zoe Adams"]


def test_list_proposals_sorts_and_searches(api_as, pool, manager_user, mentee):
    second, _ = pool
    path = f"{RUNS}/{second.pk}/proposals"
    api = api_as(manager_user)
    persona = mentee.person.full_name

    def names(**params):
        return [i["mentee"]["person"]["full_name"] for i in api.get(path, **params).json()["items"]]

    assert names() == ["Zoe Adams", persona, "Mute Brown"]
    assert names(sort="score") == ["Mute Brown", persona, "Zoe Adams"]
    assert names(sort="name") == [
        p.mentee.person.full_name
        for p in second.proposals.order_by(
            "mentee__person__last_name", "mentee__person__first_name"
        )
    ]
    assert names(search="zoe") == ["Zoe Adams"]
    assert names(search="adams zoe") == ["Zoe Adams"]


@pytest.mark.parametrize(("param", "value"), [("show", "everything"), ("sort", "-name")])
def test_list_proposals_with_an_unknown_filter_gets_422(api_as, run, manager_user, param, value):
    response = api_as(manager_user).get(f"{RUNS}/{run.pk}/proposals", **{param: value})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [param]


def test_list_proposals_query_count_is_flat(api_as, program, manager_user, mentor_user):
    speaks_english(mentor_user.person)
    api = api_as(manager_user)
    approved(program, "mentee", level=2)
    first = execute(services.match_run_start(program=program, by=manager_user))
    for _ in range(4):
        approved(program, "mentee", level=2)
        approved(program, "mentor", level=6)
    second = execute(services.match_run_start(program=program, by=manager_user))

    def count(run):
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"{RUNS}/{run.pk}/proposals")
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    few, n_first = count(first)
    many, n_second = count(second)
    assert (n_first, n_second) == (2, 6)
    assert many == few


# --- preview and override ----------------------------------------------------------------------


@pytest.fixture
def other_mentor(program) -> Enrollment:
    return approved(program, "mentor", first_name="Olga", last_name="Berg", level=5)


def test_preview_scores_another_mentor_and_saves_nothing(
    api_as, proposal, manager_user, mentor, other_mentor
):
    response = api_as(manager_user).post(
        proposal_url(proposal, "preview"), {"mentor_enrollment_id": other_mentor.pk}
    )

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"score", "parts", "reasons", "broken_rules"}
    assert 0 < body["score"] <= 1
    assert body["reasons"][0]["text"] == "Olga Berg is 3 levels above you"
    assert body["broken_rules"] == []
    proposal.refresh_from_db()
    assert (proposal.mentor, proposal.overridden) == (mentor, False)


def test_preview_lists_the_rules_a_mentor_breaks(api_as, proposal, manager_user, mentee):
    boss = approved(proposal.run.program, "mentor", first_name="Bea", last_name="Boss", level=6)
    mentee.person.manager = boss.person
    mentee.person.save()
    boss.person.languages.clear()

    response = api_as(manager_user).post(
        proposal_url(proposal, "preview"), {"mentor_enrollment_id": boss.pk}
    )

    assert response.status_code == 200
    name = mentee.person.full_name
    assert response.json()["broken_rules"] == [
        f"Bea Boss is in {name}'s management chain.",
        f"{name} and Bea Boss share no language.",
    ]


def test_preview_with_a_mentor_of_another_program_gets_400(api_as, proposal, manager_user):
    elsewhere = EnrollmentFactory(
        program=ProgramFactory(), role="mentor", status="approved", person=PersonFactory()
    )

    response = api_as(manager_user).post(
        proposal_url(proposal, "preview"), {"mentor_enrollment_id": elsewhere.pk}
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Choose an approved mentor enrolled in this program.",
        "errors": {"mentor_enrollment_id": "Choose an approved mentor enrolled in this program."},
    }


@pytest.mark.parametrize("action", ["preview", "override"])
def test_choosing_a_mentee_or_pending_mentor_as_mentor_gets_400(
    api_as, proposal, manager_user, mentee, action
):
    pending = EnrollmentFactory(program=proposal.run.program, role="mentor", status="pending")
    api = api_as(manager_user)

    as_mentee = api.post(proposal_url(proposal, action), {"mentor_enrollment_id": mentee.pk})
    as_pending = api.post(proposal_url(proposal, action), {"mentor_enrollment_id": pending.pk})

    assert (as_mentee.status_code, as_pending.status_code) == (400, 400)
    assert list(as_mentee.json()["errors"]) == ["mentor_enrollment_id"]
    assert MatchProposal.objects.get(pk=proposal.pk).overridden is False


def test_preview_without_a_mentor_gets_422(api_as, proposal, manager_user):
    response = api_as(manager_user).post(proposal_url(proposal, "preview"), {})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["mentor_enrollment_id"]


def test_preview_of_a_proposal_of_another_run_is_404(api_as, proposal, program, manager_user):
    other_run = MatchRun.objects.create(program=program, status="done")

    response = api_as(manager_user).post(
        f"{RUNS}/{other_run.pk}/proposals/{proposal.pk}/preview",
        {"mentor_enrollment_id": proposal.mentor_id},
    )

    assert response.status_code == 404


def test_override_saves_the_new_mentor_with_its_score(api_as, proposal, manager_user, other_mentor):
    api = api_as(manager_user)
    preview = api.post(
        proposal_url(proposal, "preview"), {"mentor_enrollment_id": other_mentor.pk}
    ).json()

    response = api.post(
        proposal_url(proposal, "override"), {"mentor_enrollment_id": other_mentor.pk}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["mentor"]["id"], body["overridden"], body["status"]) == (
        other_mentor.pk,
        True,
        "proposed",
    )
    assert (body["score"], body["parts"], body["reasons"]) == (
        preview["score"],
        preview["parts"],
        preview["reasons"],
    )
    proposal.refresh_from_db()
    assert (proposal.mentor, proposal.overridden, proposal.score) == (
        other_mentor,
        True,
        preview["score"],
    )


def test_override_an_approved_proposal_gets_400(api_as, proposal, manager_user, other_mentor):
    MatchProposal.objects.filter(pk=proposal.pk).update(status="approved")

    response = api_as(manager_user).post(
        proposal_url(proposal, "override"), {"mentor_enrollment_id": other_mentor.pk}
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "Only a proposal that is not yet approved can be changed."
    proposal.refresh_from_db()
    assert proposal.mentor != other_mentor


# --- approve -----------------------------------------------------------------------------------


def test_approve_selected_creates_proposed_mentorships(api_as, proposal, manager_user, mentor):
    response = api_as(manager_user).post(
        f"{run_url(proposal.run)}/approve", {"proposal_ids": [proposal.pk]}
    )

    assert response.status_code == 200
    assert response.json() == {"approved": 1, "errors": {}}
    mentorship = Mentorship.objects.get()
    assert (mentorship.mentor, mentorship.mentee_id, mentorship.status) == (
        mentor,
        proposal.mentee_id,
        "proposed",
    )
    assert (mentorship.source, mentorship.match_score) == ("matching", proposal.score)
    assert mentorship.proposed_by == manager_user
    proposal.refresh_from_db()
    assert (proposal.status, proposal.mentorship) == ("approved", mentorship)
    assert Enrollment.objects.get(pk=mentor.pk).load == 1


def test_approve_all_with_null_and_one_mentor_full_approves_the_rest(
    api_as, program, run, manager_user, mentor
):
    approved(program, "mentee", first_name="Zoe", last_name="Adams", level=2)
    second = execute(services.match_run_start(program=program, by=manager_user))
    assert second.proposals.filter(mentor=mentor).count() == 2
    Enrollment.objects.filter(pk=mentor.pk).update(capacity=1)

    response = api_as(manager_user).post(f"{run_url(second)}/approve", {"proposal_ids": None})

    assert response.status_code == 200
    body = response.json()
    assert body["approved"] == 1
    refused = second.proposals.get(status="proposed")
    assert body["errors"] == {
        str(refused.pk): f"{mentor.person.full_name} has no free capacity in this program."
    }
    assert Mentorship.objects.count() == 1
    assert Enrollment.objects.get(pk=mentor.pk).load == 1


def test_approve_reports_ids_that_are_not_proposed_pairs_of_the_run(api_as, proposal, manager_user):
    api = api_as(manager_user)
    api.post(f"{run_url(proposal.run)}/approve", {"proposal_ids": [proposal.pk]})

    response = api.post(f"{run_url(proposal.run)}/approve", {"proposal_ids": [proposal.pk, 999]})

    assert response.status_code == 200
    assert response.json() == {
        "approved": 0,
        "errors": {
            str(proposal.pk): "Not a proposed pair of this run.",
            "999": "Not a proposed pair of this run.",
        },
    }
    assert Mentorship.objects.count() == 1


def test_approve_without_proposal_ids_gets_422(api_as, proposal, manager_user):
    response = api_as(manager_user).post(f"{run_url(proposal.run)}/approve", {})

    assert response.status_code == 422
    assert response.json()["errors"] == {"proposal_ids": "Field required"}
    assert not Mentorship.objects.exists()


def test_approve_with_a_bad_id_gets_422(api_as, proposal, manager_user):
    response = api_as(manager_user).post(f"{run_url(proposal.run)}/approve", {"proposal_ids": [0]})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["proposal_ids.0"]


def test_approve_in_a_closed_program_refuses_each_pair(api_as, proposal, program, manager_user):
    Program.objects.filter(pk=program.pk).update(status="closed")

    response = api_as(manager_user).post(f"{run_url(proposal.run)}/approve", {"proposal_ids": None})

    assert response.json() == {
        "approved": 0,
        "errors": {str(proposal.pk): "This program is closed."},
    }
    assert not Mentorship.objects.exists()
