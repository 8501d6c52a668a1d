"""MatchingConfig: a program's weights and rules, validated, stored as JSON and read back."""

import json

import pytest

from mentorpath.core.exceptions import ApplicationError
from mentorpath.matching.config import CRITERIA, DEFAULT_WEIGHTS, MatchingConfig
from mentorpath.matching.services import program_set_matching_config
from mentorpath.programs.models import Program


def test_matching_config_defaults_are_valid_and_weigh_every_criterion():
    config = MatchingConfig()

    assert config.weights == DEFAULT_WEIGHTS
    assert set(config.weights) == set(CRITERIA)
    assert (config.department, config.min_level_gap, config.max_level_gap) == ("different", 1, 4)
    assert (config.require_shared_language, config.min_score, config.objective) == (
        True,
        None,
        "participation",
    )


def test_matching_config_json_round_trip_gives_the_same_config():
    config = MatchingConfig(
        weights={**DEFAULT_WEIGHTS, "skills": 9.5, "style": 0},
        department="same",
        min_level_gap=0,
        max_level_gap=7,
        require_shared_language=False,
        min_score=0.35,
        objective="fair",
        suggestions=5,
        request_expiry_days=14,
    )

    stored = json.loads(json.dumps(config.to_json()))

    assert MatchingConfig.from_json(stored) == config
    assert stored["weights"]["skills"] == 9.5
    assert stored["objective"] == "fair"


@pytest.mark.django_db
def test_matching_config_round_trip_through_the_program(program):
    config = MatchingConfig(weights={**DEFAULT_WEIGHTS, "goals": 10}, min_score=0.5)

    program_set_matching_config(program=program, config=config)

    stored = Program.objects.get(pk=program.pk).matching_config
    assert MatchingConfig.from_json(stored) == config


@pytest.mark.parametrize("data", [None, {}])
def test_matching_config_from_nothing_is_the_default(data):
    assert MatchingConfig.from_json(data) == MatchingConfig()


def test_matching_config_from_json_fills_missing_weights_with_defaults():
    config = MatchingConfig.from_json({"weights": {"skills": 10}, "department": "any"})

    assert config.weights == {**DEFAULT_WEIGHTS, "skills": 10}
    assert config.department == "any"
    assert config.max_level_gap == 4


def test_matching_config_from_json_ignores_settings_it_does_not_know():
    config = MatchingConfig.from_json({"min_score": 0.2, "retired_setting": True})

    assert config == MatchingConfig(min_score=0.2)


def test_matching_config_from_json_does_not_change_its_input():
    data = {"weights": {"skills": 10}, "objective": "score"}

    MatchingConfig.from_json(data)

    assert data == {"weights": {"skills": 10}, "objective": "score"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"weights": {"skills": 5, "charisma": 3}}, "weights", "Unknown criteria: charisma."),
        ({"weights": {"skills": 11}}, "weights", "Each weight must be between 0 and 10."),
        ({"weights": {"skills": -1}}, "weights", "Each weight must be between 0 and 10."),
        (
            {"weights": dict.fromkeys(CRITERIA, 0)},
            "weights",
            "At least one criterion needs a weight above 0.",
        ),
        ({"department": "elsewhere"}, "department", "Choose same, different or any department."),
        (
            {"min_level_gap": 3, "max_level_gap": 2},
            "max_level_gap",
            "The level gap range must run from low to high, 0 to 11.",
        ),
        (
            {"min_level_gap": -1},
            "max_level_gap",
            "The level gap range must run from low to high, 0 to 11.",
        ),
        (
            {"max_level_gap": 12},
            "max_level_gap",
            "The level gap range must run from low to high, 0 to 11.",
        ),
        ({"min_score": 1.2}, "min_score", "The minimum score is between 0 and 1."),
        ({"min_score": -0.1}, "min_score", "The minimum score is between 0 and 1."),
        ({"objective": "speed"}, "objective", "Choose participation, score or fair."),
        ({"suggestions": 0}, "suggestions", "Show each mentee between 1 and 10 suggestions."),
        ({"request_expiry_days": 61}, "request_expiry_days", "Requests expire after 1 to 60 days."),
    ],
)
def test_matching_config_invalid_setting_is_refused_with_a_field_message(changes, field, message):
    with pytest.raises(ApplicationError) as error:
        MatchingConfig(**changes)

    assert error.value.message_dict == {field: [message]}


def test_matching_config_reports_every_invalid_setting_at_once():
    with pytest.raises(ApplicationError) as error:
        MatchingConfig(department="nowhere", min_score=2, objective="luck")

    assert error.value.message_dict == {
        "department": ["Choose same, different or any department."],
        "min_score": ["The minimum score is between 0 and 1."],
        "objective": ["Choose participation, score or fair."],
    }


def test_matching_config_with_changes_validates_the_result():
    config = MatchingConfig()

    assert config.with_changes(min_score=0.4).min_score == 0.4
    with pytest.raises(ApplicationError) as error:
        config.with_changes(min_level_gap=6)
    assert list(error.value.message_dict) == ["max_level_gap"]
    assert config.min_level_gap == 1


def test_matching_config_from_invalid_json_is_refused():
    with pytest.raises(ApplicationError) as error:
        MatchingConfig.from_json({"weights": {"skills": 20}})

    assert error.value.message_dict == {"weights": ["Each weight must be between 0 and 10."]}
