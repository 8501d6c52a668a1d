"""Matching services: settings, starting and executing runs, overrides and approvals, on small
hand-built pools whose best answer is obvious."""

import pytest
from django.core.exceptions import ValidationError

from mentorpath.matching import services
from mentorpath.matching.config import MatchingConfig
from mentorpath.matching.models import MatchProposal, MatchRun
from mentorpath.matching.tasks import run_matching
from mentorpath.mentoring.models import Mentorship
from mentorpath.mentoring.services import mentorship_end, mentorship_propose, mentorship_respond
from mentorpath.people.models import Person
from mentorpath.programs.models import Enrollment, Program
from tests.factories import (
    EnrollmentFactory,
    PersonFactory,
    PersonSkillFactory,
    ProgramFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


# --- a small pool --------------------------------------------------------------------------------


@pytest.fixture
def pool_program(manager_user) -> Program:
    """An enrolling program whose pairs need no shared language (people have none here)."""
    program = ProgramFactory(slug="pool", matching_config={"require_shared_language": False})
    program.managers.add(manager_user)
    return program


@pytest.fixture
def negotiation():
    return SkillFactory(name="Negotiation")


def mentee_in(program, name: str, level: int = 2, **person_fields) -> Enrollment:
    first, last = name.split()
    person = PersonFactory(first_name=first, last_name=last, level=level, **person_fields)
    return EnrollmentFactory(program=program, person=person, role="mentee", status="approved")


def mentor_in(program, name: str, level: int = 5, capacity: int = 1, **person_fields):
    first, last = name.split()
    person = PersonFactory(first_name=first, last_name=last, level=level, **person_fields)
    return EnrollmentFactory(
        program=program, person=person, role="mentor", status="approved", capacity=capacity
    )


def wants(enrollment: Enrollment, skill, level: int = 1) -> None:
    PersonSkillFactory(person=enrollment.person, skill=skill, level=level, wants_to_learn=True)


def teaches(enrollment: Enrollment, skill, level: int = 4) -> None:
    PersonSkillFactory(person=enrollment.person, skill=skill, level=level, can_teach=True)


def run_now(program: Program, by=None) -> MatchRun:
    """Start a run and execute it here (tests hold one transaction: on_commit never fires)."""
    return services.match_run_execute(run=services.match_run_start(program=program, by=by))


def pairs(run: MatchRun) -> dict[str, str | None]:
    """Mentee name → mentor name (None when unmatched)."""
    return {
        p.mentee.person.full_name: p.mentor.person.full_name if p.mentor else None
        for p in run.proposals.select_related("mentee__person", "mentor__person")
    }


# --- settings ------------------------------------------------------------------------------------


def test_program_set_matching_config_stores_the_json(program):
    config = MatchingConfig(min_score=0.4, objective="score")

    services.program_set_matching_config(program=program, config=config)

    assert Program.objects.get(pk=program.pk).matching_config == config.to_json()


# --- starting a run ------------------------------------------------------------------------------


def test_match_run_start_queues_a_run_with_a_copy_of_the_settings(program, manager_user):
    services.program_set_matching_config(
        program=program, config=MatchingConfig(min_score=0.2, objective="fair")
    )

    run = services.match_run_start(program=program, by=manager_user)

    assert (run.status, run.objective, run.created_by) == ("queued", "fair", manager_user)
    assert run.config == MatchingConfig(min_score=0.2, objective="fair").to_json()
    assert (run.progress, run.started_at, run.finished_at) == (0, None, None)


def test_match_run_start_with_an_objective_overrides_the_programs(program, manager_user):
    run = services.match_run_start(program=program, by=manager_user, objective="score")

    assert run.objective == "score"
    assert run.config["objective"] == "participation"


def test_match_run_start_runs_the_task_once_committed(
    program, manager_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = services.match_run_start(program=program, by=manager_user)

    assert len(callbacks) == 1
    run.refresh_from_db()
    assert (run.status, run.progress, run.progress_message) == ("done", 100, "Done")
    assert run.started_at is not None
    assert run.finished_at >= run.started_at


@pytest.mark.parametrize(("status", "label"), [("draft", "draft"), ("closed", "closed")])
def test_match_run_start_refused_when_the_program_does_not_match(program, status, label):
    Program.objects.filter(pk=program.pk).update(status=status)
    program.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        services.match_run_start(program=program, by=None)

    assert error.value.messages == [
        f"Matching runs while a program is enrolling, matching or active (this one is {label})."
    ]
    assert not MatchRun.objects.exists()


@pytest.mark.parametrize("status", ["matching", "active"])
def test_match_run_start_accepted_while_matching_or_active(program, status):
    Program.objects.filter(pk=program.pk).update(status=status)
    program.refresh_from_db()

    assert services.match_run_start(program=program, by=None).status == "queued"


@pytest.mark.parametrize("status", ["queued", "running"])
def test_match_run_start_refused_while_a_run_is_under_way(program, status):
    MatchRun.objects.create(program=program, status=status)

    with pytest.raises(ValidationError) as error:
        services.match_run_start(program=program, by=None)

    assert error.value.messages == ["A matching run for this program is already under way."]
    assert MatchRun.objects.count() == 1


@pytest.mark.parametrize("status", ["done", "failed"])
def test_match_run_start_accepted_after_a_finished_run(program, status):
    MatchRun.objects.create(program=program, status=status)

    services.match_run_start(program=program, by=None)

    assert MatchRun.objects.count() == 2


# --- executing a run -----------------------------------------------------------------------------


def test_match_run_execute_pairs_the_mentee_with_the_only_mentor_teaching_the_skill(
    pool_program, negotiation
):
    mentee = mentee_in(pool_program, "Mia Learner")
    wants(mentee, negotiation, level=1)
    teacher = mentor_in(pool_program, "Ana Teacher")
    teaches(teacher, negotiation, level=4)
    teaches(mentor_in(pool_program, "Bo Python"), SkillFactory(name="Python"), level=4)
    teaches(mentor_in(pool_program, "Cy Novice"), negotiation, level=1)

    run = run_now(pool_program)

    assert run.status == "done"
    assert pairs(run) == {"Mia Learner": "Ana Teacher"}
    proposal = run.proposals.get()
    assert proposal.reasons[0] == {
        "criterion": "skills",
        "text": "Ana Teacher is level 4 in Negotiation, which you want to learn",
        "share": proposal.reasons[0]["share"],
    }
    assert proposal.parts["skills"] == 1.0
    assert proposal.score == run.stats["total_score"]
    assert (proposal.unmatched_reason, proposal.overridden, proposal.status) == (
        "",
        False,
        "proposed",
    )
    assert (run.stats["mentees"], run.stats["matched"], run.stats["unmatched"]) == (1, 1, 0)
    assert run.stats["decisive"] == [
        {
            "criterion": "skills",
            "label": "Skills the mentee wants to learn that the mentor teaches",
            "count": 1,
        }
    ]


def test_match_run_execute_never_exceeds_a_mentors_free_capacity(pool_program, negotiation):
    teacher = mentor_in(pool_program, "Ana Teacher", capacity=2)
    teaches(teacher, negotiation)
    full = mentor_in(pool_program, "Fay Full", capacity=1)
    teaches(full, negotiation)
    mentor_in(pool_program, "Bo Other", capacity=3)
    mentorship_propose(mentor=teacher, mentee=mentee_in(pool_program, "Old Pair"), by=None)
    mentorship_propose(mentor=full, mentee=mentee_in(pool_program, "Old Two"), by=None)
    for name in ("Mia One", "Max Two", "Meg Three"):
        wants(mentee_in(pool_program, name), negotiation)

    run = run_now(pool_program)

    chosen = list(run.proposals.values_list("mentor__person__last_name", flat=True))
    assert sorted(chosen) == ["Other", "Other", "Teacher"]
    for mentor in Enrollment.objects.filter(program=pool_program, role="mentor"):
        assert run.proposals.filter(mentor=mentor).count() <= mentor.capacity - mentor.load


def test_match_run_execute_leaves_out_mentees_already_in_a_live_mentorship(pool_program):
    teacher = mentor_in(pool_program, "Ana Teacher", capacity=4)
    proposed = mentee_in(pool_program, "Pia Proposed")
    active = mentee_in(pool_program, "Abe Active")
    declined = mentee_in(pool_program, "Dee Declined")
    mentee_in(pool_program, "Nia New")
    mentorship_propose(mentor=teacher, mentee=proposed, by=None)
    started = mentorship_propose(mentor=teacher, mentee=active, by=None)
    mentorship_respond(mentorship=started, person=active.person, accept=True)
    mentorship_respond(mentorship=started, person=teacher.person, accept=True)
    refused = mentorship_propose(mentor=teacher, mentee=declined, by=None)
    mentorship_respond(mentorship=refused, person=declined.person, accept=False)

    run = run_now(pool_program)

    # Dee is back in the pool, but declining Ana opted out of that pairing for good
    assert pairs(run) == {"Dee Declined": None, "Nia New": "Ana Teacher"}
    assert run.stats["mentees"] == 2


def test_match_run_execute_never_proposes_a_pair_that_ended_as_a_mismatch(
    pool_program, negotiation
):
    mentee = mentee_in(pool_program, "Mia Learner")
    wants(mentee, negotiation)
    teacher = mentor_in(pool_program, "Ana Teacher")
    teaches(teacher, negotiation)
    mentor_in(pool_program, "Bo Other")
    earlier = mentorship_propose(mentor=teacher, mentee=mentee, by=None)
    mentorship_end(mentorship=earlier, reason="mismatch")

    run = run_now(pool_program)

    assert pairs(run) == {"Mia Learner": "Bo Other"}


def test_match_run_execute_blocks_a_mismatch_from_another_program(pool_program):
    mentee = mentee_in(pool_program, "Mia Learner")
    teacher = mentor_in(pool_program, "Ana Teacher")
    earlier_program = ProgramFactory()
    earlier = mentorship_propose(
        mentor=EnrollmentFactory(
            program=earlier_program, person=teacher.person, role="mentor", status="approved"
        ),
        mentee=EnrollmentFactory(program=earlier_program, person=mentee.person, status="approved"),
        by=None,
    )
    mentorship_end(mentorship=earlier, reason="mismatch")

    run = run_now(pool_program)

    proposal = run.proposals.get()
    assert proposal.mentor is None
    assert proposal.unmatched_reason == (
        "No mentor with room who passes the constraints (of 1 mentors: 1 blocked)."
    )


def test_match_run_execute_explains_a_mentee_whose_only_mentor_is_in_their_chain(pool_program):
    boss = mentor_in(pool_program, "Ana Boss", level=7)
    lead = PersonFactory(first_name="Lee", last_name="Lead", level=5, manager=boss.person)
    mentee_in(pool_program, "Mia Report", manager=lead)

    run = run_now(pool_program)

    proposal = run.proposals.get()
    assert (proposal.mentor, proposal.score) == (None, None)
    assert proposal.unmatched_reason == (
        "No mentor with room who passes the constraints (of 1 mentors: 1 in the mentee's "
        "reporting line)."
    )
    assert (run.stats["matched"], run.stats["unmatched"]) == (0, 1)


def test_match_run_execute_with_an_invalid_pool_marks_the_run_failed(pool_program):
    mentee = mentee_in(pool_program, "Mia Loop")
    mentor_in(pool_program, "Ana Teacher")
    other = PersonFactory(manager=mentee.person)
    # HR data with a reporting-line loop, written past person_set_manager's cycle check.
    Person.objects.filter(pk=mentee.person_id).update(manager=other)

    run = run_now(pool_program)

    assert run.status == "failed"
    assert run.error == "manager_ids: the reporting lines contain a cycle"
    assert run.finished_at is not None
    assert run.stats == {}
    assert not run.proposals.exists()
    assert services.match_run_start(program=pool_program, by=None).status == "queued"


def test_match_run_execute_twice_changes_nothing(pool_program, negotiation):
    wants(mentee_in(pool_program, "Mia Learner"), negotiation)
    teaches(mentor_in(pool_program, "Ana Teacher"), negotiation)
    run = run_now(pool_program)
    before = list(run.proposals.values_list("pk", "mentee", "mentor", "score"))
    finished, stats = run.finished_at, run.stats
    mentor_in(pool_program, "Bo Later")
    mentee_in(pool_program, "Nia Later")

    again = services.match_run_execute(run=run)
    via_task = run_matching(run_id=run.pk)

    assert (again.status, via_task) == ("done", "done")
    again.refresh_from_db()
    assert list(again.proposals.values_list("pk", "mentee", "mentor", "score")) == before
    assert (again.finished_at, again.stats) == (finished, stats)


def test_match_run_execute_of_a_failed_run_leaves_it_failed(pool_program):
    run = MatchRun.objects.create(program=pool_program, status="failed", error="Earlier error")

    again = services.match_run_execute(run=run)

    assert (again.status, again.error) == ("failed", "Earlier error")
    assert not again.proposals.exists()


def test_run_matching_task_for_a_deleted_run_returns_quietly(db):
    assert run_matching(run_id=987654) == "gone"


# --- overrides -----------------------------------------------------------------------------------


@pytest.fixture
def two_mentees_one_teacher(pool_program, negotiation):
    """Two mentees want Negotiation; Ana teaches it (one slot), Bo does not (one slot)."""
    for name in ("Mia One", "Max Two"):
        wants(mentee_in(pool_program, name), negotiation)
    teaches(mentor_in(pool_program, "Ana Teacher"), negotiation)
    mentor_in(pool_program, "Bo Other")
    return run_now(pool_program)


def test_proposal_override_preview_scores_without_saving(two_mentees_one_teacher):
    run = two_mentees_one_teacher
    proposal = run.proposals.get(mentor__person__last_name="Other")
    ana = Enrollment.objects.get(person__last_name="Teacher")

    preview = services.proposal_override_preview(proposal=proposal, mentor=ana)

    assert preview.parts["skills"] == 1.0
    assert preview.score > proposal.score
    assert preview.reasons[0]["text"] == (
        "Ana Teacher is level 4 in Negotiation, which you want to learn"
    )
    assert preview.broken_rules == ["Ana Teacher would have more mentees than their capacity."]
    assert MatchProposal.objects.get(pk=proposal.pk).mentor.person.last_name == "Other"


def test_proposal_override_saves_the_pair_with_its_broken_rules(two_mentees_one_teacher):
    run = two_mentees_one_teacher
    proposal = run.proposals.get(mentor__person__last_name="Other")
    ana = Enrollment.objects.get(person__last_name="Teacher")

    changed = services.proposal_override(proposal=proposal, mentor=ana)

    assert (changed.mentor, changed.overridden, changed.status) == (ana, True, "proposed")
    assert changed.broken_rules == ["Ana Teacher would have more mentees than their capacity."]
    assert changed.parts["skills"] == 1.0


def test_proposal_override_with_a_mentor_of_another_program_is_refused(two_mentees_one_teacher):
    proposal = two_mentees_one_teacher.proposals.first()
    elsewhere = EnrollmentFactory(program=ProgramFactory(), role="mentor", status="approved")

    with pytest.raises(ValidationError) as error:
        services.proposal_override(proposal=proposal, mentor=elsewhere)

    assert error.value.message_dict == {"mentor": ["Choose a mentor enrolled in this program."]}
    assert MatchProposal.objects.get(pk=proposal.pk).overridden is False


def test_proposal_override_with_a_mentee_as_mentor_is_refused(two_mentees_one_teacher):
    proposal = two_mentees_one_teacher.proposals.first()
    other_mentee = two_mentees_one_teacher.proposals.exclude(pk=proposal.pk).get().mentee

    with pytest.raises(ValidationError):
        services.proposal_override_preview(proposal=proposal, mentor=other_mentee)


# --- approvals -----------------------------------------------------------------------------------


def test_proposals_approve_selected_only(two_mentees_one_teacher, manager_user):
    run = two_mentees_one_teacher
    chosen = run.proposals.get(mentor__person__last_name="Teacher")

    approved, errors = services.proposals_approve(
        run=run, proposal_ids=[chosen.pk], by=manager_user
    )

    assert (approved, errors) == (1, {})
    chosen.refresh_from_db()
    assert chosen.status == "approved"
    assert (chosen.mentorship.mentor, chosen.mentorship.source) == (chosen.mentor, "matching")
    assert (chosen.mentorship.match_score, chosen.mentorship.explanation) == (
        chosen.score,
        chosen.reasons,
    )
    assert run.proposals.filter(status="proposed").count() == 1


def test_proposals_approve_all_skips_unmatched_and_records_overrides(pool_program, manager_user):
    mentee_in(pool_program, "Mia One")
    mentee_in(pool_program, "Max Two")
    mentor_in(pool_program, "Ana Teacher")
    run = run_now(pool_program)
    unmatched = run.proposals.get(mentor=None)
    matched = run.proposals.exclude(mentor=None).get()
    services.proposal_override(proposal=matched, mentor=matched.mentor)

    approved, errors = services.proposals_approve(run=run, proposal_ids=None, by=manager_user)

    assert (approved, errors) == (1, {})
    assert Mentorship.objects.get().source == "override"
    assert MatchProposal.objects.get(pk=unmatched.pk).status == "proposed"


def test_proposals_approve_reports_a_full_mentor_and_approves_the_rest(
    two_mentees_one_teacher, manager_user
):
    run = two_mentees_one_teacher
    Enrollment.objects.filter(person__last_name="Teacher").update(capacity=0)

    approved, errors = services.proposals_approve(run=run, proposal_ids=None, by=manager_user)

    refused = run.proposals.get(mentor__person__last_name="Teacher")
    assert approved == 1
    assert errors == {refused.pk: "Ana Teacher has no free capacity in this program."}
    assert MatchProposal.objects.get(pk=refused.pk).status == "proposed"
    assert Mentorship.objects.get().mentor.person.last_name == "Other"


def test_proposals_approve_twice_creates_nothing_more(two_mentees_one_teacher, manager_user):
    run = two_mentees_one_teacher
    services.proposals_approve(run=run, proposal_ids=None, by=manager_user)

    again = services.proposals_approve(run=run, proposal_ids=None, by=manager_user)

    assert again == (0, {})
    assert Mentorship.objects.count() == 2


def test_pool_counts_counts_approved_enrollments_only(program):
    EnrollmentFactory(program=program, role="mentor", status="pending")
    EnrollmentFactory(program=program, role="mentee", status="declined")

    assert services.pool_counts(program=program) == {"mentors": 1, "mentees": 1}
