"""The matching pages of a program's managers: settings, runs, proposals, overrides, approvals."""

import html
import re

import pytest
from django.test import Client

from mentorpath.matching import services
from mentorpath.matching.config import MatchingConfig
from mentorpath.matching.forms import MatchingConfigForm
from mentorpath.matching.models import MatchProposal, MatchRun
from mentorpath.mentoring.models import Mentorship
from mentorpath.programs.models import Enrollment, Program
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

MANAGERS = ["admin_user", "manager_user"]
NON_MANAGERS = ["mentor_user", "mentee_user", "executive_user", "outsider_user"]
HOME = "/programs/career-compass/matching/"
START = f"{HOME}runs/"


def _text(response) -> str:
    return response.content.decode()


def _has(response, text: str) -> bool:
    return html.escape(text) in _text(response)


def _messages(response) -> list[str]:
    """The flash messages shown on a page (after following a redirect)."""
    found = re.findall(r'class="message message-(\w+)">([^<]*)</li>', _text(response))
    return [f"{kind}: {html.unescape(text)}" for kind, text in found]


def _field_errors(response) -> dict[str, str]:
    found = re.findall(r'<p class="error" id="id_(\w+)_error">([^<]*)</p>', _text(response))
    return {field: html.unescape(text) for field, text in found}


def _top_errors(response) -> list[str]:
    blocks = re.findall(
        r'<div class="alert alert-error"[^>]*>\s*<ul>(.*?)</ul>', _text(response), re.S
    )
    return [html.unescape(li) for block in blocks for li in re.findall(r"<li>([^<]*)</li>", block)]


def _proposal_rows(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr id="proposal-(\d+)">', _text(response))]


approved = approved_participant


def settings_data(**changes) -> dict[str, str]:
    """The settings form as the page posts it, from the default configuration."""
    initial = MatchingConfigForm.initial_from(MatchingConfig())
    data = {k: "" if v is None else str(v) for k, v in initial.items()}
    data["require_shared_language"] = "on"
    data.update({k: str(v) for k, v in changes.items()})
    return data


def run_url(run: MatchRun) -> str:
    return f"{HOME}runs/{run.pk}/"


def override_url(proposal: MatchProposal) -> str:
    return f"{run_url(proposal.run)}proposals/{proposal.pk}/override/"


@pytest.fixture
def proposal(run) -> MatchProposal:
    return run.proposals.get()


@pytest.fixture
def wide_run(program, manager_user, mentor, mentee) -> MatchRun:
    """Three mentees and two mentors: Zoe wants to learn what the persona mentor teaches (so
    the two matched mentees score differently); Mute speaks no shared language (unmatched)."""
    speaks_english(mentor.person, mentee.person)
    zoe = approved(program, "mentee", first_name="Zoe", last_name="Adams", level=2)
    negotiation = SkillFactory(name="Negotiation")
    PersonSkillFactory(person=zoe.person, skill=negotiation, level=1, wants_to_learn=True)
    PersonSkillFactory(person=mentor.person, skill=negotiation, level=4, can_teach=True)
    mute = approved(program, "mentee", first_name="Mute", last_name="Brown", level=2)
    mute.person.languages.clear()
    approved(program, "mentor", first_name="Olga", last_name="Berg", level=6)
    return services.match_run_execute(
        run=services.match_run_start(program=program, by=manager_user)
    )


# --- who may open the matching pages -------------------------------------------------------------


def every_page(run: MatchRun, proposal: MatchProposal) -> list[tuple[str, str]]:
    return [
        ("get", HOME),
        ("post", HOME),
        ("post", START),
        ("get", run_url(run)),
        ("post", f"{run_url(run)}approve/"),
        ("get", override_url(proposal)),
        ("post", override_url(proposal)),
    ]


def test_matching_pages_anonymous_redirect_to_login(proposal):
    for method, url in every_page(proposal.run, proposal):
        response = getattr(Client(), method)(url)

        assert response.status_code == 302
        assert response.url == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_matching_pages_refused_for_non_managers(request, client_for, proposal, persona):
    client = client_for(request.getfixturevalue(persona))

    for method, url in every_page(proposal.run, proposal):
        response = getattr(client, method)(url, {"all": "1", "mentor": proposal.mentor_id})

        assert response.status_code == 403, url
        assert _has(response, "Only this program's managers can do that.")
    assert MatchRun.objects.count() == 1
    assert not Mentorship.objects.exists()
    assert Program.objects.get(slug="career-compass").matching_config == {}


def test_matching_pages_of_a_draft_program_are_404_for_an_outsider(
    client_for, proposal, program, outsider_user
):
    Program.objects.filter(pk=program.pk).update(status="draft")
    client = client_for(outsider_user)

    for method, url in every_page(proposal.run, proposal):
        assert getattr(client, method)(url).status_code == 404, url


def test_run_of_another_program_is_404(client_for, run, manager_user):
    other = ProgramFactory(slug="other-program")
    other.managers.add(manager_user)

    response = client_for(manager_user).get(f"/programs/other-program/matching/runs/{run.pk}/")

    assert response.status_code == 404


# --- settings ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MANAGERS)
def test_matching_home_shows_pool_settings_and_runs(request, client_for, program, persona):
    response = client_for(request.getfixturevalue(persona)).get(HOME)

    assert response.status_code == 200
    assert "<h1>Matching for Career Compass</h1>" in _text(response)
    assert "1 approved mentee and 1 approved mentor." in _text(response)
    assert "<li>No run yet.</li>" in _text(response)
    assert 'name="w_skills" value="3"' in _text(response)


def test_matching_home_lists_recent_runs_with_their_results(client_for, run, manager_user):
    response = client_for(manager_user).get(HOME)

    text = _text(response)
    assert f'<a href="{run_url(run)}">Run {run.pk}</a>' in text
    assert '<span class="badge badge-done">Done</span>' in text
    assert " · 1 matched, 0 unmatched" in text


def test_matching_home_saves_settings(client_for, program, manager_user):
    data = settings_data(w_skills=9, w_interests=0, department="any", min_score="0.3")
    data.pop("require_shared_language")

    response = client_for(manager_user).post(HOME, data, follow=True)

    assert response.redirect_chain == [(HOME, 302)]
    assert _messages(response) == ["success: Matching settings saved."]
    program.refresh_from_db()
    config = MatchingConfig.from_json(program.matching_config)
    assert (config.weights["skills"], config.weights["interests"]) == (9.0, 0.0)
    assert (config.department, config.min_score, config.require_shared_language) == (
        "any",
        0.3,
        False,
    )
    assert 'name="w_skills" value="9"' in _text(response)


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"w_skills": 11}, {"w_skills": "Ensure this value is less than or equal to 10."}),
        ({"w_goals": -1}, {"w_goals": "Ensure this value is greater than or equal to 0."}),
        ({"w_style": "lots"}, {"w_style": "Enter a whole number."}),
        ({"w_language": ""}, {"w_language": "This field is required."}),
        (
            {"min_level_gap": 5, "max_level_gap": 2},
            {"max_level_gap": "The level gap range must run from low to high, 0 to 11."},
        ),
    ],
)
def test_matching_home_invalid_settings_show_field_errors_and_save_nothing(
    client_for, program, manager_user, changes, errors
):
    response = client_for(manager_user).post(HOME, settings_data(**changes))

    assert response.status_code == 400
    assert _field_errors(response) == errors
    program.refresh_from_db()
    assert program.matching_config == {}


def test_matching_home_all_weights_zero_is_refused_and_saves_nothing(
    client_for, program, manager_user
):
    zero = {f"w_{name}": 0 for name in MatchingConfig().weights}

    response = client_for(manager_user).post(HOME, settings_data(**zero))

    assert response.status_code == 400
    assert _top_errors(response) == ["At least one criterion needs a weight above 0."]
    program.refresh_from_db()
    assert program.matching_config == {}


# --- starting a run ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MANAGERS)
def test_run_start_creates_a_run_done_by_the_redirect(
    request, client_for, program, persona, mentor, mentee, django_capture_on_commit_callbacks
):
    speaks_english(mentor.person, mentee.person)
    user = request.getfixturevalue(persona)
    client = client_for(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(START, {"objective": ""})

    run = MatchRun.objects.get()
    assert response.status_code == 302
    assert response.url == run_url(run)
    assert (run.status, run.created_by, run.objective) == ("done", user, "participation")
    page = client.get(response.url)
    assert page.status_code == 200
    assert '<h2 id="report-heading">Match quality</h2>' in _text(page)
    assert 'id="progress"' not in _text(page)


def test_run_start_with_an_objective_uses_it(client_for, program, manager_user):
    client_for(manager_user).post(START, {"objective": "fair"})

    assert MatchRun.objects.get().objective == "fair"


@pytest.mark.parametrize(("status", "label"), [("draft", "draft"), ("closed", "closed")])
def test_run_start_refused_when_the_program_does_not_match(
    client_for, program, manager_user, status, label
):
    Program.objects.filter(pk=program.pk).update(status=status)

    response = client_for(manager_user).post(START, {"objective": ""}, follow=True)

    assert response.redirect_chain == [(HOME, 302)]
    assert _messages(response) == [
        "error: Matching runs while a program is enrolling, matching or active "
        f"(this one is {label})."
    ]
    assert not MatchRun.objects.exists()


def test_run_start_refused_while_a_run_is_under_way(client_for, program, manager_user):
    MatchRun.objects.create(program=program, status="running")

    response = client_for(manager_user).post(START, {"objective": ""}, follow=True)

    assert _messages(response) == ["error: A matching run for this program is already under way."]
    assert MatchRun.objects.count() == 1


def test_run_start_by_get_is_not_allowed(client_for, program, manager_user):
    assert client_for(manager_user).get(START).status_code == 405


# --- a run's page ------------------------------------------------------------------------------


def test_run_detail_reports_numbers_and_proposals(client_for, wide_run, manager_user):
    response = client_for(manager_user).get(run_url(wide_run))

    assert response.status_code == 200
    text = _text(response)
    stats = wide_run.stats
    assert (stats["matched"], stats["unmatched"]) == (2, 1)
    assert "<div><dt>Matched</dt><dd>2</dd></div>" in text
    assert "<div><dt>Unmatched</dt><dd>1</dd></div>" in text
    assert f"<div><dt>Average score</dt><dd>{stats['mean_score']:.2f}</dd></div>" in text
    assert f"<div><dt>Lowest score</dt><dd>{stats['min_score']:.2f}</dd></div>" in text
    assert "<div><dt>Optimal</dt><dd>proven</dd></div>" in text
    assert sorted(_proposal_rows(response)) == sorted(
        wide_run.proposals.values_list("pk", flat=True)
    )
    assert _has(
        response,
        "No mentor with room who passes the constraints (of 2 mentors: 2 without a shared "
        "language).",
    )
    best = wide_run.proposals.exclude(mentor=None).order_by("-score").first()
    assert _has(response, best.reasons[0]["text"])


def test_run_detail_filters_what_to_show(client_for, wide_run, manager_user):
    client = client_for(manager_user)
    unmatched = wide_run.proposals.get(mentor=None)

    only_unmatched = client.get(run_url(wide_run), {"show": "unmatched"})
    only_matched = client.get(run_url(wide_run), {"show": "matched"})
    only_approved = client.get(run_url(wide_run), {"show": "approved"})

    assert _proposal_rows(only_unmatched) == [unmatched.pk]
    assert sorted(_proposal_rows(only_matched)) == sorted(
        wide_run.proposals.exclude(mentor=None).values_list("pk", flat=True)
    )
    assert _proposal_rows(only_approved) == []
    assert '<td colspan="6">No proposal matches.</td>' in _text(only_approved)


def test_run_detail_sorts_and_searches(client_for, wide_run, manager_user):
    client = client_for(manager_user)
    by_score = list(
        wide_run.proposals.exclude(mentor=None).order_by("-score").values_list("pk", flat=True)
    )
    unmatched = wide_run.proposals.get(mentor=None).pk
    by_name = list(
        wide_run.proposals.order_by(
            "mentee__person__last_name", "mentee__person__first_name"
        ).values_list("pk", flat=True)
    )

    best_first = _proposal_rows(client.get(run_url(wide_run)))
    lowest_first = _proposal_rows(client.get(run_url(wide_run), {"sort": "score"}))
    named = _proposal_rows(client.get(run_url(wide_run), {"sort": "name"}))
    found = _proposal_rows(client.get(run_url(wide_run), {"q": "zoe"}))

    assert len(set(wide_run.proposals.exclude(mentor=None).values_list("score", flat=True))) == 2
    assert best_first == [*by_score, unmatched]
    assert lowest_first == [unmatched, *reversed(by_score)]
    assert named == by_name
    zoe = wide_run.proposals.get(mentee__person__first_name="Zoe").pk
    assert found == [zoe]


@pytest.mark.parametrize(
    ("status", "progress", "message", "shown"),
    [
        ("queued", 0, "", "Queued… "),
        ("running", 30, "Scoring and solving", "Running… Scoring and solving"),
    ],
)
def test_run_detail_poll_returns_the_progress_partial_while_working(
    client_for, program, manager_user, status, progress, message, shown
):
    run = MatchRun.objects.create(
        program=program, status=status, progress=progress, progress_message=message
    )

    response = client_for(manager_user).get(
        run_url(run), {"poll": "1"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    text = _text(response)
    assert text.lstrip().startswith('<div id="progress"')
    assert "<html" not in text
    assert f"<p>{shown}</p>" in text
    assert f'<progress max="100" value="{progress}">{progress}%</progress>' in text
    assert "HX-Refresh" not in response


@pytest.mark.parametrize("status", ["done", "failed"])
def test_run_detail_poll_asks_for_a_refresh_when_finished(client_for, run, manager_user, status):
    MatchRun.objects.filter(pk=run.pk).update(status=status)

    response = client_for(manager_user).get(
        run_url(run), {"poll": "1"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"
    assert response.content == b""


def test_run_detail_while_queued_shows_the_progress_poller(client_for, program, manager_user):
    run = MatchRun.objects.create(program=program)

    response = client_for(manager_user).get(run_url(run))

    text = _text(response)
    assert f'hx-get="{run_url(run)}?poll=1" hx-trigger="every 1s"' in text
    assert '<h2 id="report-heading">Match quality</h2>' not in text


def test_run_detail_of_a_failed_run_shows_the_error(client_for, program, manager_user):
    run = MatchRun.objects.create(program=program, status="failed", error="The solver gave up")

    response = client_for(manager_user).get(run_url(run))

    assert (
        '<div class="alert alert-error" role="alert">This run failed: The solver gave up</div>'
        in (_text(response))
    )


# --- override ----------------------------------------------------------------------------------


@pytest.fixture
def other_mentor(program) -> Enrollment:
    return approved(program, "mentor", first_name="Olga", last_name="Berg", level=5)


def test_override_page_shows_the_current_pair(client_for, proposal, manager_user, mentor, mentee):
    response = client_for(manager_user).get(override_url(proposal))

    assert response.status_code == 200
    assert _has(response, f"Choose a mentor for {mentee.person.full_name}")
    assert _has(response, f"Now proposed: {mentor.person.full_name} (score {proposal.score:.2f})")


def test_override_preview_with_htmx_returns_the_partial_with_score(
    client_for, proposal, manager_user, other_mentor
):
    expected = services.proposal_override_preview(proposal=proposal, mentor=other_mentor)

    response = client_for(manager_user).get(
        override_url(proposal), {"mentor": other_mentor.pk}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    text = _text(response)
    assert text.lstrip().startswith('<div id="preview"')
    assert "<html" not in text
    assert f"<p><strong>Score {expected.score:.2f}</strong></p>" in text
    assert "Olga Berg is 3 levels above you" in text
    assert "<p>Breaks no rule.</p>" in text
    proposal.refresh_from_db()
    assert (proposal.mentor_id, proposal.overridden) != (other_mentor.pk, True)


def test_override_preview_shows_broken_rules(client_for, proposal, manager_user, mentee):
    boss = approved(proposal.run.program, "mentor", first_name="Bea", last_name="Boss", level=6)
    mentee.person.manager = boss.person
    mentee.person.save()

    response = client_for(manager_user).get(
        override_url(proposal), {"mentor": boss.pk}, headers={"HX-Request": "true"}
    )

    name = html.escape(mentee.person.full_name)
    assert (
        f'<p class="error">Breaks a rule: Bea Boss is in {name}&#x27;s management chain.</p>'
        in _text(response)
    )


def test_override_post_saves_and_marks_the_pair_overridden(
    client_for, proposal, manager_user, mentee, other_mentor
):
    response = client_for(manager_user).post(
        override_url(proposal), {"mentor": other_mentor.pk}, follow=True
    )

    assert response.redirect_chain == [(run_url(proposal.run), 302)]
    assert _messages(response) == [f"success: {mentee.person.full_name}'s pair was changed."]
    proposal.refresh_from_db()
    assert (proposal.mentor, proposal.overridden, proposal.status) == (
        other_mentor,
        True,
        "proposed",
    )
    assert proposal.reasons[0]["text"] == "Olga Berg is 3 levels above you"
    assert '<br><span class="badge">Changed by a manager</span>' in _text(response)


def test_override_with_a_mentor_from_another_program_is_refused(
    client_for, proposal, manager_user, mentor
):
    elsewhere = EnrollmentFactory(
        program=ProgramFactory(), person=PersonFactory(), role="mentor", status="approved"
    )

    response = client_for(manager_user).post(override_url(proposal), {"mentor": elsewhere.pk})

    assert response.status_code == 400
    assert _field_errors(response) == {
        "mentor": "Select a valid choice. That choice is not one of the available choices."
    }
    proposal.refresh_from_db()
    assert (proposal.mentor, proposal.overridden) == (mentor, False)


def test_override_of_an_approved_proposal_is_refused(
    client_for, proposal, manager_user, mentor, other_mentor
):
    MatchProposal.objects.filter(pk=proposal.pk).update(status="approved")

    response = client_for(manager_user).post(override_url(proposal), {"mentor": other_mentor.pk})

    assert response.status_code == 400
    assert _top_errors(response) == ["Only a proposal that is not yet approved can be changed."]
    proposal.refresh_from_db()
    assert proposal.mentor == mentor


def test_override_of_a_proposal_of_another_run_is_404(client_for, proposal, program, manager_user):
    other_run = MatchRun.objects.create(program=program, status="done")

    response = client_for(manager_user).get(
        f"{run_url(other_run)}proposals/{proposal.pk}/override/"
    )

    assert response.status_code == 404


# --- approve -----------------------------------------------------------------------------------


def test_approve_selected_creates_a_proposed_mentorship(client_for, wide_run, manager_user):
    chosen = wide_run.proposals.exclude(mentor=None).order_by("-score").first()

    response = client_for(manager_user).post(
        f"{run_url(wide_run)}approve/", {"proposal": [chosen.pk]}, follow=True
    )

    assert response.redirect_chain == [(run_url(wide_run), 302)]
    assert _messages(response) == [
        "success: 1 pair approved: mentor and mentee are asked to accept."
    ]
    mentorship = Mentorship.objects.get()
    assert (mentorship.mentor_id, mentorship.mentee_id, mentorship.status) == (
        chosen.mentor_id,
        chosen.mentee_id,
        "proposed",
    )
    assert list(wide_run.proposals.filter(status="approved")) == [chosen]
    assert '<span class="badge badge-approved">Approved</span>' in _text(response)


def test_approve_all_approves_every_matched_proposal(client_for, wide_run, manager_user):
    response = client_for(manager_user).post(
        f"{run_url(wide_run)}approve/", {"all": "1"}, follow=True
    )

    assert _messages(response) == [
        "success: 2 pairs approved: mentor and mentee are asked to accept."
    ]
    assert Mentorship.objects.count() == 2
    assert wide_run.proposals.filter(status="approved").count() == 2
    assert wide_run.proposals.get(status="proposed").mentor is None


def test_approve_with_a_mentor_without_capacity_approves_the_rest(
    client_for, program, manager_user, mentor, mentee
):
    speaks_english(mentor.person, mentee.person)
    approved(program, "mentee", first_name="Zoe", last_name="Adams", level=2)
    run = services.match_run_execute(run=services.match_run_start(program=program, by=manager_user))
    assert run.proposals.filter(mentor=mentor).count() == 2
    Enrollment.objects.filter(pk=mentor.pk).update(capacity=1)

    response = client_for(manager_user).post(f"{run_url(run)}approve/", {"all": "1"}, follow=True)

    assert _messages(response) == [
        "success: 1 pair approved: mentor and mentee are asked to accept.",
        f"error: {mentor.person.full_name} has no free capacity in this program.",
    ]
    assert Mentorship.objects.count() == 1
    assert Enrollment.objects.get(pk=mentor.pk).load == 1
    assert run.proposals.filter(status="proposed").count() == 1


def test_approve_with_nothing_chosen_says_so(client_for, proposal, manager_user):
    response = client_for(manager_user).post(
        f"{run_url(proposal.run)}approve/", {"proposal": ["abc"]}, follow=True
    )

    assert _messages(response) == ["info: Nothing to approve: choose proposals that have a mentor."]
    assert not Mentorship.objects.exists()


@pytest.mark.parametrize("value", ["²", "99999999999999999999999", "-1"])
def test_approve_ignores_ids_that_are_not_database_ids(client_for, proposal, manager_user, value):
    response = client_for(manager_user).post(
        f"{run_url(proposal.run)}approve/", {"proposal": [value]}, follow=True
    )

    assert response.status_code == 200
    assert _messages(response) == ["info: Nothing to approve: choose proposals that have a mentor."]
    assert not Mentorship.objects.exists()


def test_approve_by_get_is_not_allowed(client_for, proposal, manager_user):
    assert client_for(manager_user).get(f"{run_url(proposal.run)}approve/").status_code == 405
