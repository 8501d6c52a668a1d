"""The Swagger UI at /api/v1/docs, in Chromium, under the site's strict Content-Security-Policy.

Playwright runs in a worker thread here: its sync API keeps an event loop running in the
thread that started it, and Django refuses database calls from such a thread.
"""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import sync_playwright

from mentorpath.programs.models import Enrollment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def try_withdraw_in_docs(base_url: str, session_key: str, enrollment_id: int) -> list[str]:
    """Open the docs logged in, run "withdraw" through Try it out; return console errors."""
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            context = browser.new_context()
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": base_url}]
            )
            page = context.new_page()
            page.on("console", lambda m: m.type == "error" and problems.append(m.text))
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.goto(f"{base_url}/api/v1/docs")
            operation = page.locator("#operations-enrollments-withdraw_enrollment")
            operation.locator(".opblock-summary").click()
            operation.get_by_role("button", name="Try it out").click()
            operation.get_by_placeholder("enrollment_id").fill(str(enrollment_id))
            operation.get_by_role("button", name="Execute").click()
            status = operation.locator(
                ".live-responses-table tr.response .response-col_status"
            ).first
            status.wait_for(timeout=10_000)
            if status.inner_text().strip() != "200":
                problems.append(f"withdraw answered {status.inner_text()}")
        finally:
            browser.close()
    return problems


def test_docs_work_under_the_csp_and_send_the_csrf_token(live_server, program, mentee_user):
    client = Client()
    client.force_login(mentee_user)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    enrollment = Enrollment.objects.get(person=mentee_user.person)

    with ThreadPoolExecutor(max_workers=1) as pool:
        problems = pool.submit(
            try_withdraw_in_docs, live_server.url, session_key, enrollment.pk
        ).result()

    assert problems == []  # a CSP violation would show up as a console error
    enrollment.refresh_from_db()
    assert enrollment.status == "withdrawn"
