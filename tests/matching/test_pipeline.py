"""The pipeline between the database and the engine: who is in the pool, with what capacity;
why a mentee stays unmatched; progress; a single pair evaluated for an override."""

import pytest

from mentorpath.matching import pipeline
from mentorpath.matching.config import MatchingConfig
from mentorpath.mentoring.services import mentorship_end, mentorship_propose, mentorship_respond
from mentorpath.programs.models import Enrollment
from tests.factories import (
    EnrollmentFactory,
    ObjectiveFactory,
    PersonFactory,
    PersonSkillFactory,
    ProgramFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

NO_LANGUAGE_RULE = MatchingConfig(require_shared_language=False)


@pytest.fixture
def pool_program():
    return ProgramFactory(slug="pool")


def mentee_in(program, name: str, level: int = 2, status: str = "approved", **person_fields):
    first, last = name.split()
    person = PersonFactory(first_name=first, last_name=last, level=level, **person_fields)
    return EnrollmentFactory(program=program, person=person, role="mentee", status=status)


def mentor_in(program, name: str, level: int = 5, capacity: int = 1, status: str = "approved"):
    first, last = name.split()
    person = PersonFactory(first_name=first, last_name=last, level=level)
    return EnrollmentFactory(
        program=program, person=person, role="mentor", status=status, capacity=capacity
    )


def match(program, config: MatchingConfig = NO_LANGUAGE_RULE, **kwargs) -> pipeline.Outcome:
    return pipeline.match_program(
        program=program, config=config, objective=config.objective, **kwargs
    )


def by_name(outcome: pipeline.Outcome) -> dict[str, dict]:
    return {p["mentee"].person.full_name: p for p in outcome.proposals}


# --- the pool ------------------------------------------------------------------------------------


def test_load_pool_gives_each_mentor_the_capacity_left(pool_program):
    roomy = mentor_in(pool_program, "Ana Roomy", capacity=3)
    full = mentor_in(pool_program, "Fay Full", capacity=1)
    mentorship_propose(mentor=roomy, mentee=mentee_in(pool_program, "Old One"), by=None)
    mentorship_propose(mentor=full, mentee=mentee_in(pool_program, "Old Two"), by=None)

    pool = pipeline.load_pool(program=pool_program, config=NO_LANGUAGE_RULE)

    assert [m.person.full_name for m in pool.mentors] == ["Ana Roomy", "Fay Full"]
    assert pool.mentor_side.capacity.tolist() == [2, 0]


def test_load_pool_takes_approved_mentees_without_a_live_mentor(pool_program):
    mentor = mentor_in(pool_program, "Ana Mentor", capacity=5)
    mentee_in(pool_program, "Nia New")
    mentee_in(pool_program, "Pat Pending", status="pending")
    mentee_in(pool_program, "Wes Withdrawn", status="withdrawn")
    mentorship_propose(mentor=mentor, mentee=mentee_in(pool_program, "Pia Proposed"), by=None)
    declined = mentee_in(pool_program, "Dee Declined")
    refused = mentorship_propose(mentor=mentor, mentee=declined, by=None)
    mentorship_respond(mentorship=refused, person=declined.person, accept=False)
    ended = mentee_in(pool_program, "Eve Ended")
    mentorship_end(
        mentorship=mentorship_propose(mentor=mentor, mentee=ended, by=None), reason="other"
    )
    mentor_in(pool_program, "Pam Pending", status="pending")

    pool = pipeline.load_pool(program=pool_program, config=NO_LANGUAGE_RULE)

    assert sorted(e.person.full_name for e in pool.mentees) == [
        "Dee Declined",
        "Eve Ended",
        "Nia New",
    ]
    assert [e.person.full_name for e in pool.mentors] == ["Ana Mentor"]


def test_engine_settings_carry_the_rules_objectives_and_blocked_pairs(pool_program):
    ObjectiveFactory(program=pool_program, title="Grow negotiators", org_goal="Close deals")
    mentor = mentor_in(pool_program, "Ana Mentor")
    mentee = mentee_in(pool_program, "Mia Mentee")
    mentorship_end(
        mentorship=mentorship_propose(mentor=mentor, mentee=mentee, by=None), reason="mismatch"
    )
    config = MatchingConfig(min_level_gap=2, max_level_gap=5, department="same")

    weights, rules = pipeline.engine_settings(pool_program, config)

    assert (rules.level_gap_min, rules.level_gap_max, rules.department) == (2, 5, "same")
    assert rules.require_shared_language is True
    assert rules.objectives == "Grow negotiators Close deals"
    assert rules.blocked_pairs == frozenset({(mentee.person_id, mentor.person_id)})
    assert weights.skills == config.weights["skills"]


# --- running the pipeline ------------------------------------------------------------------------


def test_match_program_reports_progress_in_order(pool_program):
    mentee_in(pool_program, "Mia Mentee")
    mentor_in(pool_program, "Ana Mentor")
    steps: list[tuple[int, str]] = []

    match(pool_program, progress=lambda percent, message: steps.append((percent, message)))

    assert steps == [
        (5, "Loading participants"),
        (30, "Scoring and solving"),
        (80, "Explaining the pairs"),
        (95, "Saving the proposals"),
    ]


def test_match_program_without_mentees_proposes_nothing(pool_program):
    mentor_in(pool_program, "Ana Mentor")

    outcome = match(pool_program)

    assert outcome.proposals == []
    assert (outcome.stats["mentees"], outcome.stats["matched"]) == (0, 0)
    assert outcome.stats["mean_score"] is None


def test_match_program_stats_count_pairs_and_scores(pool_program):
    negotiation = SkillFactory(name="Negotiation")
    for name in ("Mia One", "Max Two", "Meg Three"):
        mentee = mentee_in(pool_program, name)
        PersonSkillFactory(person=mentee.person, skill=negotiation, level=1, wants_to_learn=True)
    for name in ("Ana Teacher", "Bo Teacher"):
        mentor = mentor_in(pool_program, name)
        PersonSkillFactory(person=mentor.person, skill=negotiation, level=4, can_teach=True)

    outcome = match(pool_program)

    stats = outcome.stats
    scores = [p["score"] for p in outcome.proposals if "score" in p]
    assert (stats["mentees"], stats["matched"], stats["unmatched"]) == (3, 2, 1)
    assert stats["total_score"] == pytest.approx(sum(scores), abs=1e-3)
    assert stats["min_score"] == pytest.approx(min(scores), abs=1e-4)
    assert sum(bucket["count"] for bucket in stats["histogram"]) == 2
    assert stats["decisive"][0]["criterion"] == "skills"
    assert stats["optimal"] is True
    assert stats["candidates"] == 6


def test_match_program_explains_a_mentee_left_out_by_capacity(pool_program):
    mentee_in(pool_program, "Mia One")
    mentee_in(pool_program, "Max Two")
    mentor_in(pool_program, "Ana Mentor", capacity=1)

    proposals = by_name(match(pool_program))

    unmatched = [p for p in proposals.values() if "mentor" not in p]
    assert len(unmatched) == 1
    assert unmatched[0]["unmatched_reason"] == (
        "The mentors who fit were all taken by other matches."
    )


def test_match_program_explains_a_mentee_below_the_minimum_score(pool_program):
    mentee_in(pool_program, "Mia Mentee")
    mentor_in(pool_program, "Ana Mentor")
    config = NO_LANGUAGE_RULE.with_changes(min_score=0.95)

    proposal = match(pool_program, config).proposals[0]

    best = pipeline.evaluate_pair(
        program=pool_program,
        config=NO_LANGUAGE_RULE,
        mentee=Enrollment.objects.get(person__last_name="Mentee"),
        mentor=Enrollment.objects.get(person__last_name="Mentor"),
    ).score
    assert "mentor" not in proposal
    assert proposal["unmatched_reason"] == (
        f"All candidates below the minimum score (best {best:.2f} < 0.95)."
    )


def test_match_program_explains_a_mentee_whose_only_mentor_manages_them(pool_program):
    boss = mentor_in(pool_program, "Ana Boss", level=7)
    mentee_in(pool_program, "Mia Report", manager=boss.person)
    mentor_in(pool_program, "Fay Full", capacity=0)

    proposal = match(pool_program).proposals[0]

    assert proposal["unmatched_reason"] == (
        "No mentor with room who passes the constraints (of 2 mentors: 1 with no room, 1 in the "
        "mentee's reporting line)."
    )


def test_match_program_explains_a_mentee_without_a_shared_language(pool_program):
    mentee_in(pool_program, "Mia Mentee")
    mentor_in(pool_program, "Ana Mentor")

    proposal = match(pool_program, MatchingConfig()).proposals[0]

    assert proposal["unmatched_reason"] == (
        "No mentor with room who passes the constraints (of 1 mentors: 1 without a shared "
        "language)."
    )


# --- one pair ------------------------------------------------------------------------------------


def test_evaluate_pair_scores_and_explains_a_pair_that_breaks_no_rule(pool_program):
    mentee = mentee_in(pool_program, "Mia Mentee")
    mentor = mentor_in(pool_program, "Ana Mentor", level=6)

    evaluation = pipeline.evaluate_pair(
        program=pool_program, config=NO_LANGUAGE_RULE, mentee=mentee, mentor=mentor
    )

    assert 0 < evaluation.score <= 1
    assert evaluation.parts["level_gap"] == 1.0
    assert evaluation.reasons[0]["text"] == "Ana Mentor is 4 levels above you"
    assert evaluation.broken_rules == []


def test_evaluate_pair_lists_the_rules_it_breaks(pool_program):
    boss = mentor_in(pool_program, "Ana Boss", level=7)
    mentee = mentee_in(pool_program, "Mia Report", manager=boss.person)
    mentorship_end(
        mentorship=mentorship_propose(mentor=boss, mentee=mentee, by=None), reason="mismatch"
    )

    evaluation = pipeline.evaluate_pair(
        program=pool_program, config=MatchingConfig(), mentee=mentee, mentor=boss
    )

    assert evaluation.broken_rules == [
        "Ana Boss is in Mia Report's management chain.",
        "This pair is blocked (an opt-out, or an earlier pair ended as a mismatch).",
        "Mia Report and Ana Boss share no language.",
    ]


def test_evaluate_pair_leaves_capacity_to_the_service(pool_program):
    mentee = mentee_in(pool_program, "Mia Mentee")
    full = mentor_in(pool_program, "Fay Full", capacity=0)

    evaluation = pipeline.evaluate_pair(
        program=pool_program, config=NO_LANGUAGE_RULE, mentee=mentee, mentor=full
    )

    assert evaluation.broken_rules == []
