"""Learning and recognition in a real browser: a mentor assigns a resource to their mentee
with a note; the mentee finds it on the pair page, marks it done and rates it, then thanks
the mentor with kudos for the program's wall; the mentor opens their recognition page and
finds the badge those kudos earned, and the program's wall shows the thanks. No page error
and no CSP violation along the way."""

import pytest
from playwright.sync_api import Page, expect

from mentorpath.learning.models import ResourceAssignment, ResourceRating
from mentorpath.recognition.models import BadgeAward, Kudos
from tests.browser.conftest import log_in
from tests.factories import PASSWORD
from tests.recognition.helpers import badge

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Radical Candor: how to give feedback that helps"
NOTE = "Read the part on praise before our next check-in."
THANKS = "Your advice on my first roadmap made all the difference."


def _resource():
    from mentorpath.learning.models import Resource

    return Resource.objects.create(
        title=TITLE, kind="article", url="https://example.com/radical-candor", minutes=20
    )


def test_mentor_assigns_mentee_completes_and_thanks_and_mentor_sees_the_badge(
    page: Page, new_context, live_server, program, pair, mentor_user, mentee_user, page_problems
):
    resource = _resource()
    thanked = badge("Thanked by a mentee", "kudos_received", "1", symbol="💬")
    pair_url = f"{live_server.url}/mentorships/{pair.pk}/"

    # The mentor assigns the resource with a note, in place.
    log_in(page, live_server.url, mentor_user.email, PASSWORD)
    page.goto(pair_url)
    panel = page.locator("#learning")
    expect(panel.get_by_role("heading", name="Resources for your mentee")).to_be_visible()
    panel.get_by_role("combobox", name="Resource").select_option(label=TITLE)
    panel.get_by_role("textbox", name="Note").fill(NOTE)
    panel.get_by_role("button", name="Assign").click()
    assigned = page.locator("#assignments").get_by_role("listitem").filter(has_text=TITLE)
    expect(assigned).to_contain_text("To do")
    expect(assigned).to_contain_text(NOTE)
    assert ResourceAssignment.objects.get(mentorship=pair).resource == resource

    # The mentee marks it done and rates it, then sends kudos for the wall.
    mentee_page = new_context().new_page()
    mentee_problems: list[str] = []
    mentee_page.on("pageerror", lambda error: mentee_problems.append(str(error)))
    mentee_page.on(
        "console",
        lambda m: mentee_problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    log_in(mentee_page, live_server.url, mentee_user.email, PASSWORD)
    mentee_page.goto(pair_url)
    mine = mentee_page.locator("#learning")
    expect(mine.get_by_role("heading", name="Resources from your mentor")).to_be_visible()
    item = mentee_page.locator("#assignments").get_by_role("listitem").filter(has_text=TITLE)
    expect(item).to_contain_text(NOTE)
    item.get_by_label("How useful was it?").select_option("5")
    item.get_by_role("button", name="Mark done").click()
    done = mentee_page.locator("#assignments").get_by_role("listitem").filter(has_text=TITLE)
    expect(done).to_contain_text("Done")
    expect(done).to_contain_text("rated 5 of 5")
    assert ResourceRating.objects.get(person=mentee_user.person, resource=resource).rating == 5

    thanks = mentee_page.locator("#pair-recognition")
    thanks.get_by_label("Your thanks").fill(THANKS)
    thanks.get_by_label("Show on the program's recognition wall").check()
    thanks.get_by_role("button", name="Send kudos").click()
    expect(mentee_page.locator("#pair-recognition")).to_contain_text("Kudos sent")
    kudos = Kudos.objects.get(mentorship=pair)
    assert (kudos.recipient, kudos.share_on_wall) == (mentor_user.person, True)

    # The mentor sees the badge the kudos earned, with the thanks, and the wall shows it.
    assert BadgeAward.objects.filter(badge=thanked, person=mentor_user.person).exists()
    page.goto(f"{live_server.url}/recognition/")
    badges = page.locator("section").filter(has=page.get_by_role("heading", name="Badges"))
    expect(badges).to_contain_text("Thanked by a mentee")
    received = page.locator("section").filter(
        has=page.get_by_role("heading", name="Kudos received")
    )
    expect(received).to_contain_text(THANKS)
    page.goto(f"{live_server.url}/recognition/programs/{program.slug}/wall/")
    expect(page.locator("main")).to_contain_text(THANKS)

    assert page_problems == []
    assert mentee_problems == []
