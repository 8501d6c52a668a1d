"""Recommendations: the pure ranker (formula, properties) and a hand-built mentee whose
resources and paths come back in an exact order, each with its reasons."""

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorpath.learning import recommend
from mentorpath.learning.models import PathStep, ResourceAssignment
from mentorpath.learning.recommend import Gap, Item, Learner
from mentorpath.learning.recommendations import recommendations_for
from mentorpath.people.enums import SKILL_LEVELS
from tests.factories import PersonSkillFactory, SkillFactory
from tests.factories.mentoring import GoalFactory
from tests.learning.test_gate_support import do_steps, learning_path, rate, resource

# The pure ranker ----------------------------------------------------------------------------


def test_level_names_are_the_skill_levels():
    assert {n: f"{n} · {name}" for n, name in recommend.LEVEL_NAMES.items()} == dict(SKILL_LEVELS)


@pytest.mark.parametrize(
    ("item_level", "current", "expected"),
    [
        (2, 2, 1.0),
        (3, 2, 1.0),
        (4, 2, 0.6),
        (1, 2, 0.5),
        (5, 2, 0.25),
        (1, 4, 0.25),
        (None, 2, 0.8),
    ],
)
def test_fit_is_best_at_or_just_above_the_level(item_level, current, expected):
    assert recommend.fit(item_level, current) == expected


def test_one_rating_of_5_does_not_beat_forty_of_4_6():
    learner = Learner(gaps=(Gap(1, "Public speaking", 2, wants_to_learn=True),))
    one = Item("one", "One", (1,), 2, rating_sum=5, rating_count=1)
    forty = Item("forty", "Forty", (1,), 2, rating_sum=184, rating_count=40)
    mean = 3.8  # the mean of every rating in the library

    assert [r.key for r in recommend.rank(learner, [one, forty], mean)] == ["forty", "one"]


def test_score_follows_the_documented_formula():
    learner = Learner(
        gaps=(Gap(1, "Public speaking", 2, wants_to_learn=True, goals=("Lead a team",)),),
        program_types=frozenset({"career"}),
        program_type_names={"career": "Career development"},
    )
    item = Item("x", "X", (1,), 4, program_types=("career",), rating_sum=8, rating_count=2)

    ranked = recommend.score_item(learner, item, 3.0)

    bayes = (5 * 3.0 + 8) / (5 + 2)
    assert ranked.score == round(((3 + 2) * 0.6 + 1) * (0.5 + bayes / 10), 6)
    assert ranked.reasons == [
        'for your goal "Lead a team"',
        "you want to learn Public speaking",
        "made for career development programs",
        "rated 4.0 by 2 people",
    ]


levels = st.one_of(st.none(), st.integers(1, 5))
gaps = st.lists(
    st.builds(
        Gap,
        skill_id=st.integers(1, 8),
        skill_name=st.just("S"),
        level=levels,
        wants_to_learn=st.booleans(),
        goals=st.lists(st.sampled_from(["G1", "G2"]), max_size=2).map(tuple),
    ),
    max_size=6,
    unique_by=lambda g: g.skill_id,
)
items = st.builds(
    Item,
    key=st.integers(),
    title=st.text(max_size=5),
    skill_ids=st.lists(st.integers(1, 8), max_size=4).map(tuple),
    level=levels,
    audience=st.sampled_from(["mentee", "both", "mentor"]),
    program_types=st.lists(st.sampled_from(["career", "peer"]), max_size=2).map(tuple),
    rating_count=st.integers(0, 50),
).map(lambda i: Item(**{**i.__dict__, "rating_sum": 3 * i.rating_count}))
learners = st.builds(
    Learner,
    gaps=gaps.map(tuple),
    program_types=st.frozensets(st.sampled_from(["career", "peer", "group"])),
)
means = st.floats(1, 5)
# Pure and fast; the machine running the suite may not be (a loaded CI runner).
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@relaxed
@given(learners, items, st.integers(1, 8), means)
def test_adding_a_skill_never_lowers_a_score(learner, item, skill, mean):
    more = Item(**{**item.__dict__, "skill_ids": (*item.skill_ids, skill)})

    assert recommend.score_item(learner, more, mean).score >= (
        recommend.score_item(learner, item, mean).score
    )


@relaxed
@given(learners, items, means)
def test_a_rating_of_5_never_lowers_a_score(learner, item, mean):
    rated = Item(
        **{
            **item.__dict__,
            "rating_sum": item.rating_sum + 5,
            "rating_count": item.rating_count + 1,
        }
    )

    assert recommend.score_item(learner, rated, mean).score >= (
        recommend.score_item(learner, item, mean).score
    )


@relaxed
@given(learners, st.lists(items, max_size=8, unique_by=lambda i: i.key), means)
def test_rank_is_best_first_without_mentor_only_or_unrelated_items(learner, candidates, mean):
    ranked = recommend.rank(learner, candidates, mean)

    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)
    mentor_only = {i.key for i in candidates if i.audience == "mentor"}
    assert not mentor_only & {r.key for r in ranked}


# A hand-built mentee --------------------------------------------------------------------------


@pytest.fixture
def profile(pair, mentee):
    """The persona mentee in an active career pair: a Beginner who wants to learn Public
    speaking, with the goal "Lead a cross-team project" on Stakeholder management (a skill
    they never rated), and Python at Advanced (not a gap)."""
    speaking = SkillFactory(name="Public speaking")
    stakeholders = SkillFactory(name="Stakeholder management")
    python = SkillFactory(name="Python")
    person = mentee.person
    PersonSkillFactory(person=person, skill=speaking, level=2, wants_to_learn=True)
    PersonSkillFactory(person=person, skill=python, level=4)
    GoalFactory(mentorship=pair, title="Lead a cross-team project", skill=stakeholders)
    return person, speaking, stakeholders, python


def test_recommendations_come_in_the_exact_order_with_their_reasons(profile, pair):
    person, speaking, stakeholders, python = profile
    resource("Big talk with stakeholders", speaking, stakeholders, level=3)
    resource("Stakeholder maps", stakeholders)
    speak_up = resource("Speak up", speaking, level=2)
    rate(speak_up, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4)
    rate(resource("One-hit wonder", speaking, level=3), 5)
    rate(resource("Keynote mastery", speaking, level=5), 2, 2)
    resource("Career conversations", program_types=["career"])
    resource("Python tricks", python, level=4)
    resource("Coaching for mentors", speaking, level=2, audience="mentor")
    resource("Hidden draft", speaking, level=2, is_published=False)
    done = resource("Done already", speaking, level=2)
    ResourceAssignment.objects.create(mentorship=pair, resource=done, done_at=timezone.now())
    learning_path("Public speaking path", skill=speaking)
    learning_path("Career onboarding", program_type="career")
    learning_path("Mentor training", skill=speaking, audience="mentor")
    do_steps(person, learning_path("Finished path", 2, skill=speaking), 2)

    ranked = recommendations_for(person=person)

    # m = (46 + 5 + 4) / 13 ratings; an item without ratings counts as m.
    assert [(r.kind, r.title, round(r.score, 4)) for r in ranked] == [
        ("resource", "Big talk with stakeholders", 4.0615),
        ("resource", "Stakeholder maps", 2.2154),
        ("resource", "Speak up", 1.8954),
        ("resource", "One-hit wonder", 1.8718),
        ("path", "Public speaking path", 1.4769),
        ("resource", "Career conversations", 0.9231),
        ("path", "Career onboarding", 0.9231),
        ("resource", "Keynote mastery", 0.4297),
    ]
    reasons = {r.title: r.reasons for r in ranked}
    assert reasons["Big talk with stakeholders"] == [
        'for your goal "Lead a cross-team project"',
        "you want to learn Public speaking",
        "matches your level (Beginner)",
    ]
    assert reasons["Speak up"] == [
        "you want to learn Public speaking",
        "matches your level (Beginner)",
        "rated 4.6 by 10 people",
    ]
    assert reasons["One-hit wonder"][-1] == "rated 5.0 by 1 person"
    assert reasons["Career onboarding"] == ["made for career development programs"]
    assert reasons["Keynote mastery"] == [
        "you want to learn Public speaking",
        "rated 2.0 by 2 people",
    ]


def test_the_goal_of_an_ended_pair_no_longer_counts(profile, pair):
    _, _, stakeholders, _ = profile
    resource("Stakeholder maps", stakeholders)
    pair.status = "completed"
    pair.save(update_fields=["status"])

    assert [r.title for r in recommendations_for(person=profile[0])] == []


def test_nothing_without_gaps_or_programs(outsider_user):
    resource("Anything")

    assert recommendations_for(person=outsider_user.person) == []


def test_limit_keeps_the_best(profile):
    _, speaking, stakeholders, _ = profile
    resource("Big talk", speaking, stakeholders, level=3)
    resource("Speak up", speaking, level=2)

    assert [r.title for r in recommendations_for(person=profile[0], limit=1)] == ["Big talk"]


# Pages --------------------------------------------------------------------------------------


def test_the_for_you_page_lists_resources_and_paths_with_reasons(client_for, mentee_user, profile):
    _, speaking, stakeholders, _ = profile
    resource("Big talk", speaking, stakeholders, level=3)
    learning_path("Public speaking path", skill=speaking)

    page = client_for(mentee_user).get("/learning/for-you/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "Big talk" in html and "Public speaking path" in html
    assert "For your goal &quot;Lead a cross-team project&quot;" in html
    assert "You want to learn Public speaking" in html


def test_the_home_page_shows_the_top_three(client_for, mentee_user, profile):
    _, speaking, _, _ = profile
    for n in range(4):
        resource(f"Talk {n}", speaking, level=2 + (n > 0))

    html = client_for(mentee_user).get("/").content.decode()

    assert "Learning for you" in html
    assert html.count('<ul class="reasons"') == 3
    assert 'href="/learning/for-you/"' in html


def test_no_recommendations_without_an_employee_profile(client_for, db):
    from tests.factories import UserFactory

    user = UserFactory()

    assert "Learning for you" not in client_for(user).get("/").content.decode()
    assert client_for(user).get("/learning/for-you/").status_code == 403


def test_a_path_is_ranked_by_its_resources_ratings(profile):
    person, speaking, _, _ = profile
    loved, panned = (learning_path(title, 1, skill=speaking) for title in ("Loved", "Panned"))
    for path, ratings in ((loved, (5, 5, 5, 5)), (panned, (1, 2))):
        step = resource(f"{path.title} reading", level=2)
        rate(step, *ratings)
        PathStep.objects.create(path=path, order=1, kind="resource", resource=step)
    learning_path("Unrated", 1, skill=speaking)

    ranked = [r for r in recommendations_for(person=person) if r.kind == "path"]

    assert [r.title for r in ranked] == ["Loved", "Unrated", "Panned"]
    assert ranked[0].reasons[-1] == "its resources are rated 5.0 by 4 people"
    assert ranked[2].reasons[-1] == "its resources are rated 1.5 by 2 people"
