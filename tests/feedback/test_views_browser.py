"""The feedback pages' scripts in a real browser, under the strict Content-Security-Policy:
the email's pulse link is recorded with its one click (and only once), results draw their
charts with Chart.js, and the builder's question list works through htmx."""

import pytest
from playwright.sync_api import Page, expect

from mentorpath.feedback.models import PulseRating
from tests.browser import conftest as browser_setup
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, PersonFactory
from tests.factories.feedback import SurveyFactory, answered, held_checkin
from tests.feedback.pages import kitchen_sink, questions_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# the browser journeys' Chromium set-up and CSP watcher, for these tests outside tests/browser
browser_type_launch_args = browser_setup.browser_type_launch_args
page_problems = browser_setup.page_problems


def test_pulse_email_link_records_the_rating_with_one_click(
    page: Page, live_server, page_problems, pair
):
    checkin = held_checkin(pair)
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, pair.mentee.person.email, PASSWORD)

    page.goto(f"{live_server.url}/feedback/pulse/{checkin.pk}/?rating=4")

    expect(page.locator("#pulse-thanks")).to_have_text("Thanks — you rated 4/5 (change).")
    assert list(PulseRating.objects.values_list("rating", flat=True)) == [4]
    # back to the link: nothing is sent again, the rating stands
    page.go_back()
    page.goto(f"{live_server.url}/feedback/pulse/{checkin.pk}/?rating=4")
    expect(page.locator("#pulse-thanks")).to_be_visible()
    assert PulseRating.objects.count() == 1
    assert page_problems == []


def test_pulse_on_the_checkin_page_swaps_in_place(page: Page, live_server, page_problems, pair):
    checkin = held_checkin(pair)
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, pair.mentor.person.email, PASSWORD)
    page.goto(f"{live_server.url}/mentorships/{pair.pk}/checkins/{checkin.pk}/")

    page.get_by_label("5 · Excellent").check()
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator("#pulse-thanks")).to_have_text("Thanks — you rated 5/5 (change).")
    assert page.locator("h1").first.inner_text().startswith("Check-in")  # no page change
    page.get_by_role("link", name="change").click()
    expect(page.get_by_label("5 · Excellent")).to_be_checked()
    assert PulseRating.objects.get().rating == 5
    assert page_problems == []


def test_results_draw_a_chart_per_question(
    page: Page, live_server, page_problems, program, manager_user
):
    survey = kitchen_sink(program)
    q = questions_of(survey)
    for index in range(5):
        answered(
            survey,
            PersonFactory(),
            {
                q["rating"].pk: 1 + index,
                q["nps"].pk: 10,
                q["single"].pk: "Weekly",
                q["multiple"].pk: ["Career"],
            },
        )
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, manager_user.email, PASSWORD)

    page.goto(f"{live_server.url}/feedback/surveys/{survey.pk}/results/")

    canvases = page.locator("canvas[data-chart]")
    expect(canvases).to_have_count(4)
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".every(c => window.Chart && Chart.getChart(c))"
    )
    drawn = page.evaluate(
        "() => Chart.getChart(document.querySelector('canvas[data-chart=\"chart-"
        f"{q['rating'].pk}"
        "\"]')).data.datasets[0].data"
    )
    assert drawn == [1, 1, 1, 1, 1]
    assert page_problems == []


def test_builder_adds_and_moves_questions_with_htmx(
    page: Page, live_server, page_problems, program, manager_user
):
    survey = SurveyFactory(program=program, title="Kick-off", status="draft")
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, manager_user.email, PASSWORD)
    page.goto(f"{live_server.url}/feedback/surveys/{survey.pk}/")
    page.evaluate("() => { window.sameDocument = true; }")

    for kind, wording in (("Rating 1–5", "How useful?"), ("Free text", "Anything else?")):
        page.get_by_label("Kind of answer").select_option(label=kind)
        page.locator("#id_text").fill(wording)
        page.get_by_role("button", name="Add question").click()
        expect(page.locator("ol.questions")).to_contain_text(wording)
    page.get_by_role("button", name="Move up: Anything else?").click()
    expect(page.locator("ol.questions > li").first).to_contain_text("Anything else?")

    assert page.evaluate("() => window.sameDocument") is True  # htmx swaps, no reloads
    assert list(survey.questions.order_by("order").values_list("text", flat=True)) == [
        "Anything else?",
        "How useful?",
    ]
    assert page_problems == []
