"""The synthetic instance generator: deterministic per seed, with work for every rule."""

import numpy as np
import pytest

from mentorpath.matching.engine.constraints import Constraints
from mentorpath.matching.engine.features import Side
from mentorpath.matching.engine.synthetic import synthetic_instance

ARRAYS = ("ids", "level", "department", "utc_offset_minutes", "eligible", "capacity", "style")
MATRICES = ("languages", "skill_level", "teach", "learn", "interests")


def assert_same_side(a: Side, b: Side) -> None:
    for name in ARRAYS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    for name in MATRICES:
        assert (getattr(a, name) != getattr(b, name)).nnz == 0
    assert a.names == b.names
    assert a.text == b.text
    assert a.time_zones == b.time_zones
    assert a.manager_chain.to_lists() == b.manager_chain.to_lists()
    assert a.choices.to_lists() == b.choices.to_lists()


def test_the_same_seed_builds_the_same_instance():
    first = synthetic_instance(300, 60, seed=4)
    second = synthetic_instance(300, 60, seed=4)

    assert_same_side(first.mentees, second.mentees)
    assert_same_side(first.mentors, second.mentors)
    assert first.vocab == second.vocab
    assert first.config == second.config


def test_another_seed_builds_another_instance():
    first = synthetic_instance(300, 60, seed=4)
    other = synthetic_instance(300, 60, seed=5)

    assert first.mentees.text != other.mentees.text


def test_the_instance_has_the_asked_shape_and_vocab_sizes():
    instance = synthetic_instance(500, 100, seed=0, n_skills=90, n_languages=5)

    assert (instance.mentees.n, instance.mentors.n) == (500, 100)
    assert len(instance.vocab.skills) == 90
    assert instance.vocab.skills[-1] == "Skill 90"
    assert len(instance.vocab.languages) == 5
    assert len(instance.vocab.interests) == 20
    assert len(instance.vocab.departments) == 8
    assert len(instance.config.blocked_pairs) == 50


def test_the_instance_looks_like_a_program():
    instance = synthetic_instance(2000, 400, seed=1)
    mentees, mentors = instance.mentees, instance.mentors

    assert mentees.level.min() >= 1
    assert mentees.level.max() <= 7
    assert mentors.level.min() >= 4
    assert mentors.level.max() <= 12
    assert set(np.unique(mentors.capacity)) <= {0, 1, 2, 3, 4, 5}
    assert set(np.unique(np.diff(mentees.learn.indptr))) == {1, 2, 3, 4}
    assert set(np.unique(np.diff(mentors.teach.indptr))) == {2, 3, 4}
    assert np.isnan(mentees.style).all(axis=1).mean() == pytest.approx(0.15, abs=0.03)
    assert len(np.intersect1d(mentees.ids, mentors.ids)) == 4  # 1% of mentors on both sides


def test_every_rule_has_work_to_do():
    instance = synthetic_instance(2000, 400, seed=1)
    constraints = Constraints(instance.mentees, instance.mentors, instance.config)

    assert {rule: matrix.nnz > 0 for rule, matrix in constraints.pair_rules.items()} == {
        "same_person": True,
        "reporting_line": True,
        "blocked": True,
    }
    assert constraints.row_forbidden.any()
    assert constraints.col_forbidden.any()
    assert 0.01 < constraints.forbidden().mean() < 0.08


def test_an_empty_instance_is_allowed_and_bad_sizes_are_refused():
    empty = synthetic_instance(0, 0)

    assert (empty.mentees.n, empty.mentors.n) == (0, 0)
    with pytest.raises(ValueError, match="n_mentees"):
        synthetic_instance(-1, 5)
    with pytest.raises(ValueError, match="at least 1"):
        synthetic_instance(5, 5, n_skills=0)
