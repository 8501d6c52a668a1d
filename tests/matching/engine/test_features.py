"""Profiles as arrays: sides, ragged lists, reporting chains and text features."""

import math

import numpy as np
import pytest
import scipy.sparse as sp

from mentorpath.matching.engine.features import (
    Profile,
    Ragged,
    Side,
    TextSpace,
    Vocab,
    content_words,
    index_of,
    manager_chains,
    sides_from_profiles,
    tokenize,
)

VOCAB = Vocab(
    skills=("Negotiation", "Python"),
    languages=("English", "Portuguese"),
    interests=("Chess", "Running"),
    departments=("Engineering", "Sales"),
)


def test_ragged_from_lists_round_trips_with_owners_and_positions():
    ragged = Ragged.from_lists([[7, 8], [], [9]])

    assert ragged.ptr.tolist() == [0, 2, 2, 3]
    assert ragged.values.tolist() == [7, 8, 9]
    assert ragged.owners().tolist() == [0, 0, 2]
    assert ragged.positions().tolist() == [0, 1, 0]
    assert ragged.to_lists() == [[7, 8], [], [9]]
    assert len(ragged) == 3


def test_ragged_rejects_a_pointer_array_that_does_not_match_the_values():
    with pytest.raises(ValueError, match="end at len"):
        Ragged(np.array([0, 1]), np.array([1, 2]))


def test_index_of_finds_positions_and_marks_missing_ids():
    assert index_of([30, 10, 20], [20, 99, 30]).tolist() == [2, -1, 0]
    assert index_of([], [1]).tolist() == [-1]


def test_manager_chains_lists_every_manager_nearest_first():
    # 1 is the CEO; 2 reports to 1; 3 to 2; 4 to 3; 5's manager (99) is unknown.
    ids = [1, 2, 3, 4, 5]
    managers = [-1, 1, 2, 3, 99]

    chains = manager_chains(ids, managers)

    assert chains.to_lists() == [[], [1], [2, 1], [3, 2, 1], []]


def test_manager_chains_of_a_subset_follows_the_given_order():
    chains = manager_chains([1, 2, 3], [-1, 1, 2], of=[3, 1])

    assert chains.to_lists() == [[2, 1], []]


def test_manager_chains_refuses_a_cycle():
    with pytest.raises(ValueError, match="cycle"):
        manager_chains([1, 2, 3], [3, 1, 2])


def test_manager_chains_refuses_duplicate_people():
    with pytest.raises(ValueError, match="unique"):
        manager_chains([1, 1], [-1, -1])


def test_side_fills_neutral_defaults():
    side = Side(VOCAB, ids=[5, 6])

    assert side.n == 2
    assert side.names == ["5", "6"]
    assert side.level.tolist() == [1, 1]
    assert side.department.tolist() == [-1, -1]
    assert side.languages.shape == (2, 2)
    assert side.languages.nnz == 0
    assert np.isnan(side.style).all()
    assert side.eligible.tolist() == [True, True]
    assert side.capacity.tolist() == [1, 1]
    assert side.choices.to_lists() == [[], []]
    assert side.manager_chain.to_lists() == [[], []]


def test_side_turns_any_stored_value_into_a_yes():
    side = Side(VOCAB, ids=[1], languages=np.array([[0, 3]]))

    assert side.languages.toarray().tolist() == [[0.0, 1.0]]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ids", [1, 1], "only once"),
        ("level", [1, 2, 3], "shape"),
        ("department", [5, 0], "vocab.departments"),
        ("style", [[1, 2, 3, 6], [1, 1, 1, 1]], "whole numbers 1–5"),
        ("style", [[1.5, 2, 3, 4], [1, 1, 1, 1]], "whole numbers 1–5"),
        ("skill_level", [[2.5, 0], [0, 0]], "whole numbers 0–5"),
        ("skill_level", [[6, 0], [0, 0]], "whole numbers 0–5"),
        ("languages", np.ones((2, 3)), "shape"),
        ("capacity", [-1, 1], "negative"),
        ("level", [1.5, 2], "whole numbers"),
        ("utc_offset_minutes", [2000, 0], "24 hours"),
        ("choices", [[1]], "expected 2 lists"),
    ],
)
def test_side_names_the_attribute_at_fault(field, value, message):
    kwargs = {"ids": [1, 2], field: value}

    with pytest.raises(ValueError, match=message):
        Side(VOCAB, **kwargs)


def test_sides_from_profiles_collects_a_sorted_vocab_and_codes():
    mentees, mentors, vocab = sides_from_profiles(
        [
            Profile(
                1,
                "Bea",
                department="Sales",
                languages=["Portuguese"],
                skills={"Python": (2, False, True)},
                style={"pace": 4},
                choices=[10],
            )
        ],
        [
            Profile(
                10,
                "Ana",
                department="Engineering",
                skills={"Negotiation": (4, True, False)},
                interests=["chess"],
                capacity=3,
            )
        ],
    )

    assert vocab == Vocab(
        skills=("Negotiation", "Python"),
        languages=("Portuguese",),
        interests=("chess",),
        departments=("Engineering", "Sales"),
    )
    assert mentees.department.tolist() == [1]
    assert mentors.department.tolist() == [0]
    assert mentees.learn.toarray().tolist() == [[0.0, 1.0]]
    assert mentees.skill_level.toarray().tolist() == [[0.0, 2.0]]
    assert mentors.teach.toarray().tolist() == [[1.0, 0.0]]
    assert mentees.style[0, 1] == 4
    assert mentees.choices.to_lists() == [[10]]
    assert mentors.capacity.tolist() == [3]


def test_sides_from_profiles_refuses_a_name_missing_from_a_given_vocab():
    with pytest.raises(ValueError, match="unknown skill 'Cooking'"):
        sides_from_profiles([Profile(1, skills={"Cooking": (1, False, True)})], [], VOCAB)


def test_tokenize_keeps_content_words_and_folds_plurals():
    text = "I want to get better at Negotiations, C++ and Ana's analytics — 2024 companies"

    assert tokenize(text) == ["negotiation", "c++", "ana", "analytic", "company"]


def test_tokenize_leaves_short_words_and_ss_us_is_endings_alone():
    assert tokenize("business status analysis bus gas") == [
        "business",
        "status",
        "analysis",
        "bus",
        "gas",
    ]


def test_content_words_quote_the_first_original_word():
    assert content_words("Negotiations; negotiation coaching") == {
        "negotiation": "negotiations",
        "coaching": "coaching",
    }


def test_text_space_weighs_sublinear_tf_times_smooth_idf_on_unit_rows():
    space, vectors = TextSpace.fit(["negotiation negotiation coaching", "negotiation", ""])

    idf_negotiation = math.log(4 / 3) + 1  # 3 documents, 2 contain it
    idf_coaching = math.log(4 / 2) + 1
    tf_negotiation = 1 + math.log(2)
    norm = math.hypot(tf_negotiation * idf_negotiation, idf_coaching)
    assert space.terms() == ["coaching", "negotiation"]
    assert space.idf.tolist() == pytest.approx([idf_coaching, idf_negotiation])
    assert vectors.toarray()[0].tolist() == pytest.approx(
        [idf_coaching / norm, tf_negotiation * idf_negotiation / norm]
    )
    assert vectors.toarray()[1].tolist() == pytest.approx([0.0, 1.0])
    assert vectors[2].nnz == 0


def test_text_space_transform_ignores_unseen_words():
    space, _ = TextSpace.fit(["python"])

    vectors = space.transform(["python golang", "golang"])

    assert isinstance(vectors, sp.csr_matrix)
    assert vectors.toarray().tolist() == [[1.0], [0.0]]
