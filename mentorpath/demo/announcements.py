"""The demo's announcements (see `mentorpath.demo.growth`): one to the whole organization
and some to programs, in every state, written by the demo admin and program manager.

Published ones count as already emailed (`emailed_at` set): the seed sends nothing and stays
fast. The scheduled one is emailed by the beat sweep when its time comes, like any other.
"""

from datetime import timedelta

from mentorpath.announcements.models import Announcement
from mentorpath.demo import data
from mentorpath.demo.growth import GrowthContext

ORG_WIDE = (
    "Mentoring Month starts now",
    "All month, mentors and mentees across the company share what they learned together.\n\n"
    "Not in a program yet? Career Compass is taking applications: look for it under Programs. "
    "Thank you to every mentor who gives their time.",
)
EARLY_TALENT = (
    "Mid-cohort check: how is it going?",
    "We are halfway through the cohort. Please make sure your pair has met at least once in "
    "the last two weeks, and update the goals you set at the start.\n\n"
    "A short survey follows next week; your answers stay anonymous.",
)
CAREER_EXPIRED = (
    "Career Compass info session",
    "Curious about Career Compass? Join the 30-minute info session on Thursday at 16:00 "
    "(video call, link in your calendar invite). Bring your questions.",
)
LEADERSHIP_SCHEDULED = (
    "Your Leadership Pipeline pairs are coming",
    "Matching is almost done: you will receive your proposed mentor or mentee soon. Please "
    "accept or decline within a week so every pair can start together.",
)
NEW_MANAGER_DRAFT = (
    "New Manager Circle: save the date",
    "The first circle meets next month. Details follow once enrollment opens.",
)


def write(context: GrowthContext) -> None:
    admin, manager = context.users[data.ADMIN], context.users[data.MANAGER]
    now = context.now
    day = timedelta(days=1)
    # (program key or None for organization-wide, text, times)
    specs: list[tuple[str | None, tuple[str, str], dict[str, object]]] = [
        (None, ORG_WIDE, {"published_at": now - 10 * day, "emailed_at": now - 10 * day}),
        (
            data.EARLY_TALENT,
            EARLY_TALENT,
            {
                "published_at": now - 4 * day,
                "expires_at": now + 24 * day,
                "emailed_at": now - 4 * day,
            },
        ),
        (
            data.CAREER_COMPASS,
            CAREER_EXPIRED,
            {
                "published_at": now - 21 * day,
                "expires_at": now - 14 * day,
                "emailed_at": now - 21 * day,
            },
        ),
        (data.LEADERSHIP_PIPELINE, LEADERSHIP_SCHEDULED, {"published_at": now + 3 * day}),
        (data.NEW_MANAGER_CIRCLE, NEW_MANAGER_DRAFT, {}),
    ]
    rows = []
    for key, (title, body), times in specs:
        program = context.programs.get(key) if key else None
        if key and program is None:
            continue  # a program this seed did not build
        author = admin if program is None else manager
        rows.append(Announcement(program=program, title=title, body=body, author=author, **times))
    Announcement.objects.bulk_create(rows)
