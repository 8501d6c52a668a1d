"""Training before matching: a program's training path for mentors and onboarding path for
mentees. A matching run leaves out who has not completed theirs (a mentor is never proposed, a
mentee is unmatched with the reason), until they complete it; self-match refuses them too."""

import pytest
from django.urls import reverse

from mentorpath.core.exceptions import ApplicationError
from mentorpath.learning import readiness
from mentorpath.learning import services as learning
from mentorpath.matching import pipeline, services
from mentorpath.matching.config import MatchingConfig
from mentorpath.matching.models import MentorRequest
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory, UserFactory
from tests.learning.test_gate_support import do_steps, learning_path

pytestmark = pytest.mark.django_db

NO_LANGUAGE_RULE = MatchingConfig(require_shared_language=False)


def enrolled(program, name, role, level):
    first, last = name.split()
    person = PersonFactory(first_name=first, last_name=last, level=level)
    return EnrollmentFactory(
        program=program,
        person=person,
        role=role,
        status="approved",
        capacity=1 if role == "mentor" else None,
    )


@pytest.fixture
def gated():
    """Two mentors (one trained) and two mentees (one onboarded) in a gated program."""
    training = learning_path("Mentor essentials", 5, audience="mentor")
    onboarding = learning_path("Mentee onboarding", 3, audience="mentee")
    program = ProgramFactory(
        slug="gated",
        matching_config={"require_shared_language": False},
        mentor_training_path=training,
        mentee_onboarding_path=onboarding,
    )
    trained = enrolled(program, "Tara Trained", "mentor", 7)
    untrained = enrolled(program, "Uma Untrained", "mentor", 8)
    ready = enrolled(program, "Rita Ready", "mentee", 2)
    waiting = enrolled(program, "Walt Waiting", "mentee", 2)
    do_steps(trained.person, training, 5)
    do_steps(untrained.person, training, 2)
    do_steps(ready.person, onboarding, 3)
    do_steps(waiting.person, onboarding, 1)
    return program, trained, untrained, ready, waiting


def _run(program):
    outcome = pipeline.match_program(
        program=program, config=NO_LANGUAGE_RULE, objective="participation"
    )
    return {p["mentee"].person.full_name: p for p in outcome.proposals}, outcome.stats


def test_a_run_never_proposes_an_untrained_mentor_and_says_why_a_mentee_waits(gated):
    program, trained, _untrained, _ready, _waiting = gated

    proposals, stats = _run(program)

    assert proposals["Rita Ready"]["mentor"] == trained
    assert proposals["Walt Waiting"] == {
        "mentee": proposals["Walt Waiting"]["mentee"],
        "unmatched_reason": (
            "Has not completed the onboarding path 'Mentee onboarding' (1 of 3 steps done)."
        ),
    }
    assert (stats["mentees"], stats["matched"], stats["unmatched"]) == (2, 1, 1)


def test_the_untrained_mentor_is_left_out_even_when_alone(gated):
    program, trained, untrained, _ready, _waiting = gated
    trained.status = "withdrawn"
    trained.save(update_fields=["status"])

    proposals, _ = _run(program)

    assert "mentor" not in proposals["Rita Ready"]
    assert all(p.get("mentor") != untrained for p in proposals.values())


def test_completing_the_path_makes_them_matchable(gated):
    program, trained, untrained, _ready, waiting = gated
    do_steps(untrained.person, program.mentor_training_path, 5)
    do_steps(waiting.person, program.mentee_onboarding_path, 3)

    proposals, stats = _run(program)

    assert {proposals["Rita Ready"]["mentor"], proposals["Walt Waiting"]["mentor"]} == {
        trained,
        untrained,
    }
    assert stats["unmatched"] == 0


def test_a_run_through_the_services_stores_the_reason(gated, manager_user):
    program = gated[0]
    program.status = "matching"
    program.save(update_fields=["status"])

    run = services.match_run_execute(run=services.match_run_start(program=program, by=None))

    waiting = run.proposals.get(mentee=gated[4])
    assert waiting.mentor is None
    assert waiting.unmatched_reason.startswith("Has not completed the onboarding path")


def test_without_a_gate_path_everyone_is_matched_as_before(gated):
    program = gated[0]
    program.mentor_training_path = program.mentee_onboarding_path = None
    program.save()

    _, stats = _run(program)

    assert stats["matched"] == 2


def test_suggestions_leave_out_the_untrained_mentor(gated):
    program, trained, _untrained, ready, waiting = gated

    found = pipeline.suggestions_for(program=program, config=NO_LANGUAGE_RULE, mentee=ready)

    assert [s.mentor for s in found] == [trained]
    assert pipeline.suggestions_for(program=program, config=NO_LANGUAGE_RULE, mentee=waiting) == []


def test_self_match_refuses_a_mentee_who_is_not_ready(gated):
    program, trained, _untrained, _ready, waiting = gated

    with pytest.raises(ApplicationError) as error:
        services.request_create(program=program, mentee=waiting, mentor=trained)

    assert error.value.messages == [
        "You have not completed the onboarding path 'Mentee onboarding' (1 of 3 steps done): "
        "complete it before you can ask for a mentor."
    ]
    assert MentorRequest.objects.count() == 0


def test_a_mentor_who_is_not_ready_cannot_accept_a_request(gated):
    program, trained, _untrained, ready, _waiting = gated
    made = services.request_create(program=program, mentee=ready, mentor=trained)
    do_steps(trained.person, program.mentor_training_path, 4)  # one step undone since

    with pytest.raises(ApplicationError) as error:
        services.request_respond(request=made, person=trained.person, accept=True)

    assert error.value.messages == [
        "You have not completed the training path 'Mentor essentials' (4 of 5 steps done): "
        "complete it before you can take on a mentee."
    ]
    made.refresh_from_db()
    assert made.status == "pending"


def test_the_suggestions_page_tells_a_mentee_who_is_not_ready(client_for, mentee_user, program):
    onboarding = learning_path("Mentee onboarding", 3, audience="mentee")
    program.mentee_onboarding_path = onboarding
    program.save(update_fields=["mentee_onboarding_path"])

    page = client_for(mentee_user).get(reverse("matching:suggestions", args=[program.slug]))

    assert page.status_code == 200
    assert (
        "You have not completed the onboarding path &#x27;Mentee onboarding&#x27; (0 of 3 steps "
        "done): complete it to see the mentors suggested to you."
    ) in page.content.decode()


def test_an_override_with_an_untrained_mentor_names_the_broken_rule(gated, manager_user):
    program, _trained, untrained, _ready, _waiting = gated
    program.status = "matching"
    program.save(update_fields=["status"])
    run = services.match_run_execute(run=services.match_run_start(program=program, by=None))
    proposal = run.proposals.get(mentee=gated[3])

    preview = services.proposal_override_preview(proposal=proposal, mentor=untrained)

    assert (
        "Uma Untrained has not completed the training path 'Mentor essentials' (2 of 5 steps done)."
    ) in preview.broken_rules


def test_a_step_added_to_the_training_path_keeps_the_trained_mentor_matchable(gated):
    program, trained, untrained, _ready, _waiting = gated
    learning.step_add(path=program.mentor_training_path, kind="activity", title="Shadow a session")

    proposals, _ = _run(program)

    assert proposals["Rita Ready"]["mentor"] == trained
    assert [n.enrollment for n in readiness.not_ready(program=program, role="mentor")] == [
        untrained
    ]
    assert readiness.refusal(enrollment=untrained) == (
        "has not completed the training path 'Mentor essentials' (2 of 6 steps done)"
    )


def test_a_gate_path_stays_startable_so_the_program_can_still_match(gated, client_for):
    program, _trained, untrained, _ready, _waiting = gated
    stranger = UserFactory(email="stranger-manager@example.com")
    ProgramFactory(slug="unrelated").managers.add(stranger)
    path = program.mentor_training_path

    refused = client_for(stranger).post(
        reverse("learning:path_edit", args=[path.pk]), {"title": path.title, "audience": "mentor"}
    )
    with pytest.raises(ApplicationError, match="cannot be unpublished"):
        learning.path_update(path=path, is_published=False)

    assert refused.status_code == 403
    for step in path.steps.all():
        learning.step_mark(person=untrained.person, step=step, done=True)
    assert pipeline.suggestions_for(program=program, config=NO_LANGUAGE_RULE, mentee=gated[3]) != []
