"""A pair's first weeks in a real browser: both accept the proposal, the mentee acknowledges the
agreement, sets a goal from a template with a milestone, schedules a check-in an hour ago and
records it as held with a shared and a private note; the mentor reads the shared note only."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from mentorpath.mentoring.models import CheckIn, Goal, Mentorship, Note
from mentorpath.mentoring.services import mentorship_propose
from tests.browser.conftest import log_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHARED = "We agreed I shadow a planning day next month."
PRIVATE = "I still feel unsure about telling my manager."


def watch(page: Page, problems: list[str]) -> None:
    """What `page_problems` records, plus console errors (a failed request, a broken script)."""
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.type}: {m.text}")
            if m.type == "error" or "Content Security Policy" in m.text
            else None
        ),
    )


def test_pair_accepts_sets_a_goal_and_records_a_checkin_with_private_notes(
    page: Page, new_context, live_server, page_problems, mentor, mentee, manager_user
):
    proposed = mentorship_propose(mentor=mentor, mentee=mentee, by=manager_user)
    mentor_name, mentee_name = mentor.person.full_name, mentee.person.full_name
    base = live_server.url
    page.set_default_timeout(15_000)
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    # the mentee accepts first
    log_in(page, base, mentee.person.email, PASSWORD)
    page.get_by_role("link", name="My mentorships").click()
    page.get_by_role("link", name=f"Mentored by {mentor_name}").click()
    page.get_by_role("button", name="Accept").click()
    expect(page.locator(".messages")).to_contain_text("You accepted.")

    # then the mentor, in a browser of their own
    mentor_page = new_context().new_page()
    mentor_page.set_default_timeout(15_000)
    watch(mentor_page, page_problems)
    log_in(mentor_page, base, mentor.person.email, PASSWORD)
    mentor_page.get_by_role("link", name="My mentorships").click()
    mentor_page.get_by_role("link", name=f"Mentoring {mentee_name}").click()
    mentor_page.get_by_role("button", name="Accept").click()
    expect(mentor_page.locator(".messages")).to_contain_text("You both accepted")
    expect(mentor_page.locator("#mentorship-status")).to_have_text("Active")

    # the mentee reads and acknowledges the agreement
    page.reload()
    expect(page.locator("#mentorship-status")).to_have_text("Active")
    page.get_by_role("button", name="I have read and acknowledge the agreement").click()
    expect(page.locator(".messages")).to_contain_text("You acknowledged the agreement.")

    # a goal from a template, then a milestone
    page.get_by_role("link", name="Add a goal").click()
    page.get_by_role("link", name="Map my next career step").click()
    expect(page.get_by_label("Title")).to_have_value("Map my next career step")
    target = timezone.localdate() + timedelta(days=90)
    page.get_by_label("Time-bound: by when").fill(target.isoformat())
    page.get_by_role("button", name="Save goal").click()
    expect(page.locator(".messages")).to_contain_text("Goal added.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Map my next career step")
    page.get_by_label(re.compile(r"^Milestone\b")).fill("Write down the target role")
    page.get_by_label(re.compile(r"^Due\b")).fill(
        (timezone.localdate() + timedelta(days=14)).isoformat()
    )
    page.get_by_role("button", name="Add milestone").click()
    expect(page.locator(".messages")).to_contain_text("Milestone added.")
    expect(page.locator(".milestones")).to_contain_text("Write down the target role")

    # a check-in that started an hour ago, in the mentee's own zone (the form's default)
    page.get_by_role("link", name=f"← {mentor_name} & {mentee_name}").click()
    page.get_by_role("link", name="Schedule a check-in").click()
    zone = mentee.person.time_zone
    expect(page.get_by_label("Time zone")).to_have_value(zone)
    an_hour_ago = (timezone.now() - timedelta(hours=1)).astimezone(ZoneInfo(zone))
    page.get_by_label(re.compile(r"^Date\b")).fill(an_hour_ago.date().isoformat())
    page.get_by_label(re.compile(r"^Time\b(?! zone)")).fill(an_hour_ago.strftime("%H:%M"))
    page.get_by_role("button", name="Schedule and send the invite").click()
    expect(page.locator(".messages")).to_contain_text("Check-in scheduled")
    expect(page.locator("#checkin-time")).to_contain_text(an_hour_ago.strftime("%H:%M"))

    # recorded as held, with one shared and one private note
    page.get_by_role("radio", name="We met").check()
    page.get_by_label("Minutes we met").fill("40")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Recorded as held (40 minutes).")
    expect(page.locator("#checkin-status")).to_have_text("Held")
    page.get_by_label(re.compile(r"^Note\b")).fill(SHARED)
    page.get_by_role("radio", name="Shared with my mentoring partner").check()
    page.get_by_role("button", name="Save note").click()
    expect(page.locator(".messages")).to_contain_text("Note shared with your mentoring partner.")
    page.get_by_label(re.compile(r"^Note\b")).fill(PRIVATE)
    page.get_by_role("radio", name="Private: only I can see it").check()
    page.get_by_role("button", name="Save note").click()
    expect(page.locator(".messages")).to_contain_text("Private note saved")
    expect(page.locator(".notes")).to_contain_text(SHARED)
    expect(page.locator(".notes")).to_contain_text(PRIVATE)
    checkin_page = page.url

    # the mentor reads the same check-in: the shared note, never the private one
    mentor_page.goto(checkin_page)
    expect(mentor_page.locator("#checkin-status")).to_have_text("Held")
    expect(mentor_page.locator(".notes")).to_contain_text(SHARED)
    expect(mentor_page.get_by_text(PRIVATE)).to_have_count(0)
    assert PRIVATE not in mentor_page.content()

    assert page_problems == []
    assert console_errors == []
    pair = Mentorship.objects.get(pk=proposed.pk)
    assert pair.status == "active"
    assert pair.agreement.mentee_acknowledged_at is not None
    goal = Goal.objects.get(mentorship=pair)
    assert (goal.title, list(goal.milestones.values_list("title", flat=True))) == (
        "Map my next career step",
        ["Write down the target role"],
    )
    checkin = CheckIn.objects.get(mentorship=pair)
    assert (checkin.status, checkin.held_minutes, checkin.time_zone) == ("held", 40, zone)
    assert checkin.starts_at == an_hour_ago.replace(second=0, microsecond=0)
    assert sorted(Note.objects.filter(checkin=checkin).values_list("visibility", "body")) == [
        ("private", PRIVATE),
        ("shared", SHARED),
    ]
