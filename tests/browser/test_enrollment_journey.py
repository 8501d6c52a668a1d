"""A whole journey in a real browser: a mentee builds a profile and applies; a manager approves."""

import re

import pytest
from playwright.sync_api import Page, expect

from mentorpath.programs.models import Enrollment
from tests.browser.conftest import log_in
from tests.factories import (
    PASSWORD,
    ObjectiveFactory,
    PersonFactory,
    ProgramFactory,
    QuestionFactory,
    SkillFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_mentee_enrolls_and_manager_approves(page: Page, live_server, page_problems) -> None:
    manager = UserFactory(email="manager@example.com", full_name="Maria Manager")
    PersonFactory(user=manager, email=manager.email, first_name="Maria", last_name="Manager")
    mentee = UserFactory(email="mentee@example.com", full_name="Tom Mentee")
    PersonFactory(user=mentee, email=mentee.email, first_name="Tom", last_name="Mentee", level=2)
    SkillFactory(name="Negotiation")
    SkillFactory(name="Public speaking")
    program = ProgramFactory(name="Career Compass", slug="career-compass")
    program.managers.add(manager)
    ObjectiveFactory(program=program)
    QuestionFactory(program=program, text="What do you want to learn?", kind="text")
    QuestionFactory(
        program=program,
        text="How often can you meet?",
        kind="single",
        choices=["Weekly", "Every two weeks", "Monthly"],
    )
    QuestionFactory(program=program, text="How confident are you today?", kind="scale")
    base = live_server.url
    page.set_default_timeout(10_000)

    log_in(page, base, "mentee@example.com", PASSWORD)
    page.get_by_role("link", name="My profile").click()
    page.get_by_label("Add a skill").fill("negot")
    add = page.get_by_role("button", name="Add Negotiation")
    expect(add).to_be_visible()
    row = page.locator("#skill-results li", has_text="Negotiation")
    row.get_by_label("Level in Negotiation").select_option("2")
    row.get_by_label("want to learn").check()
    add.click()
    skills_table = page.locator("#skills table")
    expect(skills_table).to_contain_text("Negotiation")
    expect(page.get_by_label("Level in Negotiation")).to_have_value("2")

    page.get_by_role("link", name="Programs", exact=True).click()
    page.get_by_role("link", name="Career Compass").first.click()
    page.get_by_role("link", name="Join as a mentee").click()
    page.get_by_role("button", name="Submit application").click()
    expect(page.locator(".field-invalid").first).to_contain_text("This field is required")
    page.get_by_label("What do you want to learn?").fill("Negotiating my first salary review")
    page.get_by_label("Every two weeks").check()
    page.locator("fieldset", has_text="How confident").get_by_label("3").check()
    page.get_by_label("What do you want to achieve with a mentor?").fill("Lead a project")
    page.get_by_role("button", name="Submit application").click()
    expect(page.locator("#enrollment-status")).to_contain_text("Pending review")
    page.get_by_role("button", name="Log out").click()

    log_in(page, base, "manager@example.com", PASSWORD)
    page.goto(f"{base}/programs/career-compass/enrollments/")
    row = page.locator("tr", has_text="Tom Mentee")
    expect(row).to_contain_text("Pending review")
    row.get_by_role("button", name="Approve Tom Mentee").click()
    expect(page.locator("tr", has_text="Tom Mentee")).to_contain_text("Approved")

    assert page_problems == [], "a page broke its Content-Security-Policy or threw"
    enrollment = Enrollment.objects.get(person__email="mentee@example.com")
    assert enrollment.status == "approved"
    assert enrollment.decided_by == manager
    assert re.search("salary", enrollment.answers[str(program.questions.get(kind="text").pk)])
    assert enrollment.goals == "Lead a project"
