"""Hard rules: each rule on its own, the fast in-place mask, and the per-mentee counts."""

import numpy as np
import pytest

from mentorpath.matching.engine.constraints import (
    BLOCKED,
    MENTEE_INELIGIBLE,
    MENTOR_INELIGIBLE,
    NO_CAPACITY,
    NO_SHARED_LANGUAGE,
    REPORTING_LINE,
    SAME_PERSON,
    Constraints,
    RuleCounts,
)
from mentorpath.matching.engine.features import Profile, sides_from_profiles
from mentorpath.matching.engine.scoring import MatchConfig, Scorer
from mentorpath.matching.engine.synthetic import synthetic_instance


def rules_for(mentees, mentors, **config) -> Constraints:
    a, b, _ = sides_from_profiles(mentees, mentors)
    return Constraints(a, b, MatchConfig(**config))


def forbidden_pairs(constraints: Constraints) -> set[tuple[int, int]]:
    rows, cols = np.nonzero(constraints.forbidden())
    return set(zip(rows.tolist(), cols.tolist(), strict=True))


def test_nothing_is_forbidden_between_strangers():
    constraints = rules_for([Profile(1), Profile(2)], [Profile(10), Profile(11)])

    assert forbidden_pairs(constraints) == set()


def test_a_person_on_both_sides_cannot_mentor_themselves():
    constraints = rules_for([Profile(1), Profile(2)], [Profile(2), Profile(10)])

    assert forbidden_pairs(constraints) == {(1, 0)}
    assert constraints.broken(1, 0) == [SAME_PERSON]


def test_no_mentor_from_the_mentees_management_chain_at_any_level():
    # mentee 1 reports to 20, who reports to 30; mentor 40 is unrelated
    constraints = rules_for(
        [Profile(1, manager_chain=[20, 30])], [Profile(20), Profile(30), Profile(40)]
    )

    assert forbidden_pairs(constraints) == {(0, 0), (0, 1)}
    assert constraints.broken(0, 1) == [REPORTING_LINE]


def test_no_mentee_from_the_mentors_management_chain_either():
    # reverse mentoring: mentor 10 reports (two levels down) to mentee 1
    constraints = rules_for([Profile(1), Profile(2)], [Profile(10, manager_chain=[5, 1])])

    assert forbidden_pairs(constraints) == {(0, 0)}


def test_blocked_pairs_are_never_proposed_and_unknown_ids_are_ignored():
    constraints = rules_for(
        [Profile(1), Profile(2)],
        [Profile(10), Profile(11)],
        blocked_pairs=frozenset({(2, 10), (1, 99), (98, 11)}),
    )

    assert forbidden_pairs(constraints) == {(1, 0)}
    assert constraints.broken(1, 0) == [BLOCKED]


def test_an_ineligible_mentee_gets_no_mentor():
    constraints = rules_for([Profile(1, eligible=False), Profile(2)], [Profile(10), Profile(11)])

    assert forbidden_pairs(constraints) == {(0, 0), (0, 1)}
    assert constraints.broken(0, 1) == [MENTEE_INELIGIBLE]


def test_an_ineligible_mentor_and_one_without_capacity_get_no_mentee():
    constraints = rules_for(
        [Profile(1), Profile(2)],
        [Profile(10, eligible=False), Profile(11, capacity=0), Profile(12, capacity=2)],
    )

    assert forbidden_pairs(constraints) == {(0, 0), (1, 0), (0, 1), (1, 1)}
    assert constraints.broken(0, 0) == [MENTOR_INELIGIBLE]
    assert constraints.broken(0, 1) == [NO_CAPACITY]


def test_a_shared_language_only_when_the_program_requires_one():
    mentees = [Profile(1, languages=["Portuguese"]), Profile(2)]
    mentors = [Profile(10, languages=["Portuguese", "English"]), Profile(11, languages=["English"])]

    assert forbidden_pairs(rules_for(mentees, mentors)) == set()
    required = rules_for(mentees, mentors, require_shared_language=True)
    assert forbidden_pairs(required) == {(0, 1), (1, 0), (1, 1)}
    assert required.broken(0, 1) == [NO_SHARED_LANGUAGE]


def test_a_pair_breaking_several_rules_lists_them_in_order():
    constraints = rules_for(
        [Profile(1, manager_chain=[10], languages=["German"])],
        [Profile(10, capacity=0, languages=["English"])],
        blocked_pairs=frozenset({(1, 10)}),
        require_shared_language=True,
    )

    assert constraints.broken(0, 0) == [NO_CAPACITY, REPORTING_LINE, BLOCKED, NO_SHARED_LANGUAGE]


def test_counts_say_how_many_mentors_each_rule_excludes():
    constraints = rules_for(
        [Profile(1, manager_chain=[10], languages=["German"])],
        [
            Profile(10, languages=["German"]),
            Profile(11, capacity=0, languages=["English"]),
            Profile(12, languages=["German"]),
            Profile(13, eligible=False, languages=["German"]),
        ],
        blocked_pairs=frozenset({(1, 12)}),
        require_shared_language=True,
    )

    assert constraints.counts(0) == RuleCounts(
        mentors=4,
        allowed=0,
        excluded={
            MENTEE_INELIGIBLE: 0,
            MENTOR_INELIGIBLE: 1,
            NO_CAPACITY: 1,
            SAME_PERSON: 0,
            REPORTING_LINE: 1,
            BLOCKED: 1,
            NO_SHARED_LANGUAGE: 1,
        },
    )
    assert constraints.allowed_count().tolist() == [0]


def test_counts_of_an_ineligible_mentee_exclude_every_mentor():
    counts = rules_for([Profile(1, eligible=False)], [Profile(10), Profile(11)]).counts(0)

    assert counts.allowed == 0
    assert counts.excluded[MENTEE_INELIGIBLE] == 2


@pytest.mark.parametrize("language", [False, True])
def test_apply_sets_exactly_the_forbidden_entries_to_minus_infinity(language):
    instance = synthetic_instance(90, 40, seed=11)
    config = MatchConfig(
        blocked_pairs=instance.config.blocked_pairs, require_shared_language=language
    )
    scorer = Scorer(instance.mentees, instance.mentors, config=config)
    constraints = Constraints(instance.mentees, instance.mentors, config)
    rows = slice(30, 75)

    scores, _ = scorer.block(rows)
    constraints.apply(scores, rows)

    forbidden = constraints.forbidden(rows)
    assert forbidden.any()
    np.testing.assert_array_equal(np.isneginf(scores), forbidden)
    allowed = ~constraints.forbidden()
    assert constraints.allowed_count(np.arange(90)).tolist() == allowed.sum(axis=1).tolist()


def test_forbidden_of_index_arrays_is_the_same_slice_of_the_whole():
    instance = synthetic_instance(60, 30, seed=2)
    constraints = Constraints(instance.mentees, instance.mentors, instance.config)
    rows, cols = np.array([3, 50, 3]), np.array([29, 0])

    np.testing.assert_array_equal(
        constraints.forbidden(rows, cols), constraints.forbidden()[np.ix_(rows, cols)]
    )


def test_apply_refuses_a_block_of_the_wrong_shape():
    constraints = rules_for([Profile(1)], [Profile(10)])

    with pytest.raises(ValueError, match="full-width block"):
        constraints.apply(np.zeros((1, 2), dtype=np.float32))
