"""Check-in pulses and skill ratings: only the pair gives them, only when they make sense,
within their scales, and giving one again replaces it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentorpath.feedback.models import PulseRating, SkillAssessment
from mentorpath.feedback.services import pulse_record, skill_assessment_record
from mentorpath.mentoring.models import Mentorship
from mentorpath.mentoring.services import mentorship_end
from tests.factories import PersonFactory, SkillFactory
from tests.factories.feedback import held_checkin
from tests.factories.mentoring import CheckInFactory, GoalFactory, active_pair, proposed_pair

pytestmark = pytest.mark.django_db


# Pulses -----------------------------------------------------------------------------------


def test_pulse_record_stores_the_rating_with_the_side(pair):
    checkin = held_checkin(pair)

    pulse = pulse_record(
        checkin=checkin, person=pair.mentor.person, rating=4, comment="  Good talk  "
    )

    assert (pulse.person, pulse.role, pulse.rating, pulse.comment) == (
        pair.mentor.person,
        "mentor",
        4,
        "Good talk",
    )


def test_pulse_record_again_replaces_the_rating(pair):
    checkin = held_checkin(pair)
    pulse_record(checkin=checkin, person=pair.mentee.person, rating=2, comment="Short")

    pulse_record(checkin=checkin, person=pair.mentee.person, rating=5)

    assert list(PulseRating.objects.values_list("person", "role", "rating", "comment")) == [
        (pair.mentee.person.pk, "mentee", 5, "")
    ]


@pytest.mark.parametrize("rating", [0, 6, None, "x", True])
def test_pulse_record_refuses_a_rating_outside_1_to_5(pair, rating):
    checkin = held_checkin(pair)

    with pytest.raises(ValidationError) as error:
        pulse_record(checkin=checkin, person=pair.mentee.person, rating=rating)

    assert error.value.message_dict == {"rating": ["Choose a rating from 1 to 5."]}
    assert not PulseRating.objects.exists()


def test_pulse_record_refuses_a_long_comment(pair):
    with pytest.raises(ValidationError) as error:
        pulse_record(
            checkin=held_checkin(pair), person=pair.mentee.person, rating=3, comment="x" * 501
        )

    assert error.value.message_dict == {"comment": ["A comment is at most 500 characters."]}


def test_pulse_record_is_for_held_checkins_only(pair):
    checkin = CheckInFactory(mentorship=pair)

    with pytest.raises(ValidationError) as error:
        pulse_record(checkin=checkin, person=pair.mentee.person, rating=3)

    assert error.value.code == "conflict"
    assert error.value.messages == [
        "This check-in is scheduled; only a held check-in can be rated."
    ]


def test_pulse_record_is_for_the_pair_only(pair, manager_user):
    checkin = held_checkin(pair)

    for person in (manager_user.person, PersonFactory()):
        with pytest.raises(ValidationError) as error:
            pulse_record(checkin=checkin, person=person, rating=3)
        assert error.value.messages == ["Only the mentor and the mentee rate their check-in."]
    assert not PulseRating.objects.exists()


# Skill ratings ----------------------------------------------------------------------------


@pytest.fixture
def skills(pair):
    negotiation, planning = SkillFactory(name="Negotiation"), SkillFactory(name="Planning")
    GoalFactory(mentorship=pair, skill=negotiation)
    GoalFactory(mentorship=pair, skill=planning)
    return negotiation, planning


def levels_of(pair) -> set[tuple[str, str, str, int, int]]:
    return set(
        SkillAssessment.objects.filter(mentorship=pair).values_list(
            "skill__name", "phase", "rater_role", "level", "rater"
        )
    )


def test_skill_ratings_of_the_mentee_are_self_ratings_and_of_the_mentor_mentor_ratings(
    pair, skills
):
    negotiation, planning = skills

    saved = skill_assessment_record(
        mentorship=pair,
        rater=pair.mentee.person,
        phase="start",
        levels={negotiation.pk: 2, planning.pk: 3},
    )
    skill_assessment_record(
        mentorship=pair, rater=pair.mentor.person, phase="start", levels={negotiation.pk: 1}
    )

    assert [(a.skill, a.level) for a in saved] == [(negotiation, 2), (planning, 3)]
    mentee, mentor = pair.mentee.person.pk, pair.mentor.person.pk
    assert levels_of(pair) == {
        ("Negotiation", "start", "self", 2, mentee),
        ("Planning", "start", "self", 3, mentee),
        ("Negotiation", "start", "mentor", 1, mentor),
    }


def test_skill_ratings_given_again_replace_the_level(pair, skills):
    negotiation, _ = skills
    rate = {"mentorship": pair, "rater": pair.mentee.person, "phase": "start"}
    skill_assessment_record(**rate, levels={negotiation.pk: 2})

    skill_assessment_record(**rate, levels={negotiation.pk: 4})

    assert levels_of(pair) == {("Negotiation", "start", "self", 4, pair.mentee.person.pk)}


def test_skill_ratings_are_for_the_pairs_goal_skills_only(pair, skills):
    negotiation, _ = skills

    with pytest.raises(ValidationError) as error:
        skill_assessment_record(
            mentorship=pair,
            rater=pair.mentee.person,
            phase="start",
            levels={negotiation.pk: 3, SkillFactory().pk: 3},
        )

    assert error.value.message_dict == {"levels": ["Rate only the skills of this pair's goals."]}
    assert not SkillAssessment.objects.exists()


@pytest.mark.parametrize("level", [0, 6, None, "high"])
def test_skill_ratings_are_1_to_5(pair, skills, level):
    negotiation, planning = skills

    with pytest.raises(ValidationError) as error:
        skill_assessment_record(
            mentorship=pair,
            rater=pair.mentee.person,
            phase="start",
            levels={negotiation.pk: 3, planning.pk: level},
        )

    assert error.value.message_dict == {f"skill{planning.pk}": ["Choose a level from 1 to 5."]}
    assert not SkillAssessment.objects.exists()


def test_skill_ratings_need_at_least_one_level(pair, skills):
    with pytest.raises(ValidationError) as error:
        skill_assessment_record(mentorship=pair, rater=pair.mentee.person, phase="start", levels={})

    assert error.value.message_dict == {"levels": ["Rate at least one skill."]}


def test_skill_ratings_are_given_by_the_pair_only(pair, skills, manager_user):
    with pytest.raises(ValidationError) as error:
        skill_assessment_record(
            mentorship=pair, rater=manager_user.person, phase="start", levels={skills[0].pk: 3}
        )

    assert error.value.messages == ["Only the mentor and the mentee of this pair rate its skills."]


def test_skill_ratings_wait_for_the_pair_to_start(program):
    proposed = proposed_pair(program, "pm@example.com", "pe@example.com")
    skill = SkillFactory()
    GoalFactory(mentorship=proposed, skill=skill)

    with pytest.raises(ValidationError) as error:
        skill_assessment_record(
            mentorship=proposed, rater=proposed.mentee.person, phase="start", levels={skill.pk: 3}
        )

    assert error.value.code == "conflict"
    assert error.value.messages == ["Skills are rated once the mentorship has started."]


def test_skill_end_ratings_wait_for_the_end(pair, skills, program):
    program.end_date = timezone.localdate() + timedelta(days=31)
    program.save()

    with pytest.raises(ValidationError) as error:
        skill_assessment_record(
            mentorship=pair, rater=pair.mentee.person, phase="end", levels={skills[0].pk: 4}
        )

    assert error.value.code == "conflict"
    assert error.value.messages == [
        "End ratings open when the mentorship ends or its program ends within 30 days."
    ]


def test_skill_end_ratings_open_30_days_before_the_program_ends(pair, skills, program):
    program.end_date = timezone.localdate() + timedelta(days=30)
    program.save()

    skill_assessment_record(
        mentorship=pair, rater=pair.mentee.person, phase="end", levels={skills[0].pk: 4}
    )

    assert levels_of(pair) == {("Negotiation", "end", "self", 4, pair.mentee.person.pk)}


@pytest.mark.parametrize("reason", ["completed", "mismatch"])
def test_skill_end_ratings_open_when_the_pair_ended(pair, skills, reason):
    mentorship_end(mentorship=pair, reason=reason)

    skill_assessment_record(
        mentorship=Mentorship.objects.get(pk=pair.pk),
        rater=pair.mentor.person,
        phase="end",
        levels={skills[1].pk: 5},
    )

    assert levels_of(pair) == {("Planning", "end", "mentor", 5, pair.mentor.person.pk)}


def test_skill_ratings_of_another_pair_are_refused(program, pair, skills):
    other = active_pair(program, "om@example.com", "oe@example.com")

    with pytest.raises(ValidationError) as error:
        skill_assessment_record(
            mentorship=other, rater=other.mentee.person, phase="start", levels={skills[0].pk: 3}
        )

    assert error.value.message_dict == {"levels": ["Rate only the skills of this pair's goals."]}
