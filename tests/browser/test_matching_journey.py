"""Matching in a real browser: a manager runs it, reads why a pair was proposed, changes one
pair, approves; the mentee accepts their mentor."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from mentorpath.matching.models import MatchProposal
from mentorpath.mentoring.models import Mentorship
from mentorpath.people.models import Person
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mentorpath-demo"
PROGRAM = "early-talent-onboarding"


def test_manager_matches_overrides_and_approves_then_mentee_accepts(
    page: Page, live_server, page_problems
):
    call_command(
        "seed_demo",
        people=80,
        seed=1,
        no_mentorships=True,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    base = live_server.url
    page.set_default_timeout(15_000)

    log_in(page, base, "manager@example.com", PASSWORD)
    page.goto(f"{base}/programs/{PROGRAM}/")
    page.get_by_role("link", name="Matching").click()
    page.get_by_role("button", name="Run matching").click()
    expect(page.get_by_role("heading", name="Match quality")).to_be_visible()

    mentee = Person.objects.get(email="mentee@example.com")
    page.get_by_label("Search").fill(mentee.last_name)
    page.get_by_role("button", name="Show").click()
    row = page.locator("tr", has_text=mentee.full_name)
    expect(row.locator(".reasons li").first).to_contain_text("%")
    row.get_by_role("link", name="Choose another mentor").click()
    proposal = MatchProposal.objects.get(mentee__person__email="mentee@example.com")
    first_mentor = proposal.mentor
    other = (
        proposal.run.program.enrollments.filter(role="mentor", status="approved")
        .exclude(pk=first_mentor.pk)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    page.get_by_label("Pair with").select_option(str(other.pk))
    expect(page.locator("#preview")).to_contain_text("Score")
    page.get_by_role("button", name="Save this pair").click()
    changed = page.locator("tr", has_text=mentee.full_name)
    expect(changed).to_contain_text(other.person.full_name)
    expect(changed).to_contain_text("Changed by a manager")
    page.get_by_role("button", name="Approve all proposed pairs").click()
    expect(page.locator(".messages")).to_contain_text("approved")
    page.get_by_role("button", name="Log out").click()

    log_in(page, base, "mentee@example.com", PASSWORD)
    page.get_by_role("link", name="My mentorships").click()
    page.get_by_role("link", name=f"Mentored by {other.person.full_name}").click()
    page.get_by_role("button", name="Accept").click()
    expect(page.locator(".messages")).to_contain_text("You accepted")

    assert page_problems == []
    mentorship = Mentorship.objects.get(mentee__person__email="mentee@example.com")
    assert mentorship.mentor == other
    assert mentorship.source == "override"
    assert mentorship.mentee_accepted_at is not None
    assert mentorship.status == "proposed"
