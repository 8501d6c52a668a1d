"""Feedback and KPIs in a real browser: a pair held its first check-in and the feedback sweep
asked both people for the program's survey and for a pulse. The mentee answers the survey
(once with a required answer missing), rates the check-in through the pulse link with
`?rating=4` (the page's script sends it) and adds a comment in the check-in's own pulse; the
program manager reads the survey results with their charts (free text hidden below 5
answers), then the program dashboard: KPI cards, trend charts, a filter and a CSV download.
No console error, no CSP violation."""

import csv
import re

import pytest
from playwright.sync_api import Page, expect

from mentorpath.feedback import services
from mentorpath.feedback.models import PulseRating, SurveyResponse
from mentorpath.feedback.queries import TEXTS_TOO_FEW
from mentorpath.notifications.models import Notification
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, DepartmentFactory
from tests.factories.feedback import held_checkin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "After your first check-in"
RATING_Q = "How useful is the program so far?"
NPS_Q = "How likely are you to recommend the program to a colleague?"
SINGLE_Q = "How often do you plan to meet?"
TEXT_Q = "What would make the program better?"
OFTEN = ["Every week", "Every two weeks", "Once a month"]
FREE_TEXT = "More time with my mentor before the quarterly planning."
KPI_HEADER = ["key", "measure", "value", "unit", "n", "target comparator", "target", "status"]
COMMENT = "Concrete advice on my first roadmap."

ALL_DRAWN = """() => {
  const canvases = [...document.querySelectorAll("canvas[data-chart]")];
  return canvases.length > 0 && typeof window.Chart !== "undefined"
    && canvases.every((c) => window.Chart.getChart(c) !== undefined && c.width > 0);
}"""
DRAWN = """() => [...document.querySelectorAll("canvas[data-chart]")]
  .filter((c) => window.Chart.getChart(c) !== undefined && c.width > 0)
  .map((c) => c.dataset.chart)"""


def watch(page: Page, problems: list[str]) -> None:
    """Page errors, console errors (a failed request, a broken script) and CSP violations."""
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    page.on(
        "console",
        lambda m: (
            problems.append(f"{page.url}: {m.type}: {m.text}")
            if m.type == "error" or "Content Security Policy" in m.text
            else None
        ),
    )


def charts_drawn(page: Page) -> list[str]:
    """Wait until Chart.js has drawn every chart canvas of the page; their data-chart ids."""
    page.wait_for_function(ALL_DRAWN)
    return page.evaluate(DRAWN)


def test_mentee_answers_a_survey_and_a_pulse_and_the_manager_reads_results_and_kpis(
    page: Page, new_context, live_server, program, pair, mentee_user, manager_user
):
    # Arrange: a held first check-in, the program's survey opened, the sweep run.
    checkin = held_checkin(pair)
    survey = services.survey_create(
        program=program, by=manager_user, title=TITLE, trigger="first_checkin", audience="both"
    )
    services.question_add(survey=survey, kind="rating", text=RATING_Q)
    services.question_add(survey=survey, kind="nps", text=NPS_Q)
    services.question_add(survey=survey, kind="single", text=SINGLE_Q, choices=OFTEN)
    services.question_add(survey=survey, kind="text", text=TEXT_Q)
    services.survey_open(survey=survey, by=manager_user)
    sent = services.surveys_send_due()
    assert (sent.asked, sent.survey_notices, sent.pulses) == (2, 2, 2)
    DepartmentFactory(name="Finance")  # a department without participants, for the filter
    mentee = mentee_user.person
    pulse_link = Notification.objects.get(
        recipient=mentee_user, key=f"pulse:{checkin.pk}:{mentee.pk}"
    ).url
    base = live_server.url
    problems: list[str] = []
    page.set_default_timeout(15_000)
    watch(page, problems)

    # The mentee sees the survey waiting on the home page.
    log_in(page, base, mentee_user.email, PASSWORD)
    waiting = page.locator("#surveys-waiting")
    expect(waiting).to_contain_text(program.name)
    waiting.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    # A required answer missing: the page says which, and keeps the other answers.
    page.get_by_role("group", name=RATING_Q).get_by_role("radio", name="4", exact=True).check()
    page.get_by_role("group", name=NPS_Q).get_by_role("radio", name="9", exact=True).check()
    page.get_by_label(TEXT_Q).fill(FREE_TEXT)
    page.get_by_role("button", name="Send my answers").click()
    invalid = page.locator(".field-invalid")
    expect(invalid).to_have_count(1)
    expect(invalid).to_contain_text(SINGLE_Q)
    expect(invalid.locator(".error")).to_have_text("This field is required.")
    rating_4 = page.get_by_role("group", name=RATING_Q).get_by_role("radio", name="4", exact=True)
    expect(rating_4).to_be_checked()
    nps_9 = page.get_by_role("group", name=NPS_Q).get_by_role("radio", name="9", exact=True)
    expect(nps_9).to_be_checked()
    expect(page.get_by_label(TEXT_Q)).to_have_value(FREE_TEXT)
    assert SurveyResponse.objects.get(survey=survey, person=mentee).submitted_at is None

    # Completed and sent.
    page.get_by_role("group", name=SINGLE_Q).get_by_role("radio", name="Every two weeks").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".messages")).to_contain_text("Thank you: your answers are saved.")
    expect(page.locator("#answered")).to_contain_text("You answered on")
    expect(page.get_by_role("button", name="Save my changes")).to_be_visible()

    # The pulse link with a rating (?rating=4): the page's script sends the form once, by itself.
    pulse_posts: list[str] = []
    page.on(
        "request",
        lambda r: pulse_posts.append(r.url) if r.method == "POST" and pulse_link in r.url else None,
    )
    with page.expect_request(lambda r: r.method == "POST" and pulse_link in r.url):
        page.goto(f"{base}{pulse_link}?rating=4", wait_until="commit")
    expect(page.locator("#pulse-thanks")).to_contain_text("you rated 4/5")
    pulse = PulseRating.objects.get(checkin=checkin, person=mentee)
    assert (pulse.rating, pulse.comment) == (4, "")

    # The same pulse on the held check-in's page: changed in place (htmx) to add a comment.
    page.get_by_role("link", name=re.compile(r"^← Check-in of")).click()
    expect(page.locator("#checkin-status")).to_have_text("Held")
    assert len(pulse_posts) == 1  # the email link's page sent its form once, and only once
    widget = page.locator(f"#pulse-{checkin.pk}")
    expect(widget.locator("#pulse-thanks")).to_contain_text("you rated 4/5")
    widget.get_by_role("link", name="change").click()
    expect(widget.get_by_role("radio", name="4 · Very useful")).to_be_checked()
    widget.get_by_label("Anything to add? (optional)").fill(COMMENT)
    widget.get_by_role("button", name="Save", exact=True).click()
    expect(widget.locator("#pulse-thanks")).to_contain_text("you rated 4/5")
    expect(widget).to_contain_text(f"Your comment: {COMMENT}")
    assert len(pulse_posts) == 2  # and the check-in page's form once
    pulse.refresh_from_db()
    assert (pulse.rating, pulse.comment) == (4, COMMENT)

    # The program manager, in a browser of their own: the survey's results.
    manager_page = new_context().new_page()
    manager_page.set_default_timeout(15_000)
    watch(manager_page, problems)
    log_in(manager_page, base, manager_user.email, PASSWORD)
    manager_page.goto(f"{base}/feedback/program/{program.slug}/surveys/")
    row = manager_page.locator(f"#survey-{survey.pk}")
    expect(row.locator("td").nth(4)).to_have_text("2")
    expect(row.locator("td").nth(5)).to_have_text("1")
    row.get_by_role("link", name="Results").click()
    expect(manager_page.get_by_role("heading", level=1)).to_have_text(f"Results: {TITLE}")
    expect(manager_page.locator("#asked")).to_have_text("2")
    expect(manager_page.locator("#respondents")).to_have_text("1")
    expect(manager_page.locator("#response-rate")).to_have_text("50%")
    results = manager_page.locator(".question-result")
    expect(results).to_have_count(4)
    for number in range(4):
        expect(results.nth(number).locator(".meta")).to_contain_text("1 answer")
    expect(results.nth(0)).to_contain_text("average 4.00")
    expect(results.nth(1).locator(".nps-score")).to_have_text("100")
    expect(results.nth(2).locator("table")).to_contain_text("Every two weeks")
    questions = list(survey.questions.order_by("order"))
    assert sorted(charts_drawn(manager_page)) == sorted(f"chart-{q.pk}" for q in questions[:3])
    expect(results.nth(3).locator("canvas")).to_have_count(0)
    expect(results.nth(3).locator(".texts-hidden")).to_have_text(TEXTS_TOO_FEW)
    expect(manager_page.get_by_text(FREE_TEXT)).to_have_count(0)
    figures = manager_page.context.request.get(f"{base}/feedback/surveys/{survey.pk}/results.csv")
    assert figures.ok
    assert figures.text().splitlines()[0] == "question,option,count,average"

    # The program's dashboard: KPI cards, trend charts, a filter, a CSV.
    manager_page.goto(f"{base}/analytics/program/{program.slug}/")
    expect(manager_page.get_by_role("heading", level=1)).to_have_text(f"Analytics: {program.name}")
    satisfaction = manager_page.locator("#kpi-satisfaction")
    expect(satisfaction).to_contain_text("Average check-in rating")
    expect(satisfaction.locator("dd")).to_have_text("4.0 / 5")
    expect(satisfaction).to_contain_text("n = 1")
    expect(manager_page.locator("#kpi-nps dd")).to_have_text("+100")
    drawn = charts_drawn(manager_page)
    assert {"chart-pairs_started", "chart-checkins_held", "chart-pulse_average"} <= set(drawn)

    with manager_page.expect_download() as download_info:
        manager_page.get_by_role("link", name="Key figures (CSV)").click()
    download = download_info.value
    assert re.fullmatch(
        rf"mentorpath-{program.slug}-kpis-\d{{4}}-\d\d-\d\d\.csv", download.suggested_filename
    )
    with open(download.path(), encoding="utf-8-sig", newline="") as saved:
        header, *rows = list(csv.reader(saved))
    assert header == KPI_HEADER
    by_key = {row[0]: row for row in rows}
    assert by_key["satisfaction"][1:5] == ["Average check-in rating", "4", "/5", "1"]
    assert by_key["nps"][2:4] == ["100", "NPS"]

    # A filter: a department without participants. The page updates in place (htmx).
    manager_page.get_by_label("Department", exact=True).select_option(label="Finance")
    expect(manager_page).to_have_url(re.compile(r"[?&]department=\d+"))
    expect(satisfaction.locator("dd")).to_have_text("No data yet")
    expect(manager_page.get_by_role("link", name="Key figures (CSV)")).to_have_attribute(
        "href", re.compile(r"department=\d+")
    )
    # redrawn after the swap; no rating from Finance, so no rating chart but a word instead
    drawn = charts_drawn(manager_page)
    assert {"chart-pairs_started", "chart-checkins_held"} <= set(drawn)
    assert "chart-pulse_average" not in drawn
    pulse_trend = manager_page.locator(
        ".panel", has=manager_page.locator("#trend-pulse_average-heading")
    )
    expect(pulse_trend).to_contain_text("Nothing to draw for this period")

    assert problems == []
