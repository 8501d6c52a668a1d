"""What the mentor and the mentee are told, and when: each event becomes one notification per
person through `notifications.services.notify`, keyed so it is sent exactly once.

Times are written in each recipient's own time zone."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.utils import formats
from django.utils import timezone as dj_timezone

from mentorpath.core.timezones import zone_or_utc
from mentorpath.integrations.checkins import checkin_event
from mentorpath.integrations.ical import invite, mimetype_for
from mentorpath.mentoring.models import CheckIn, Goal, Mentorship, Milestone
from mentorpath.notifications.enums import NotificationKind
from mentorpath.notifications.services import Attachment, notify
from mentorpath.people.models import Person


def local_time(moment: datetime, person: Person) -> str:
    local = dj_timezone.localtime(moment, zone_or_utc(person.time_zone))
    return f"{formats.date_format(local, 'l j F Y, H:i')} ({person.time_zone or 'UTC'})"


def pair_people(mentorship: Mentorship) -> tuple[Person, Person]:
    return mentorship.mentor.person, mentorship.mentee.person


def other_side(mentorship: Mentorship, person: Person) -> Person:
    mentor, mentee = pair_people(mentorship)
    return mentee if person.pk == mentor.pk else mentor


def pair_url(mentorship: Mentorship) -> str:
    return f"/mentorships/{mentorship.pk}/"


def checkin_url(checkin: CheckIn) -> str:
    return f"/mentorships/{checkin.mentorship_id}/checkins/{checkin.pk}/"


def _send(
    people: Iterable[Person],
    *,
    kind: str,
    key: str,
    subject: str,
    body: str,
    url: str,
    attachments: Sequence[Attachment] = (),
) -> int:
    sent = 0
    for person in people:
        if person.user_id is None:
            continue
        created = notify(
            user=person.user,
            kind=kind,
            key=key,
            subject=subject,
            body=body,
            url=url,
            attachments=attachments,
        )
        sent += created is not None
    return sent


def mentorship_proposed(mentorship: Mentorship) -> None:
    mentor, mentee = pair_people(mentorship)
    for person, partner, role in ((mentor, mentee, "mentee"), (mentee, mentor, "mentor")):
        _send(
            [person],
            kind=NotificationKind.AWAITING_ANSWER,
            key=f"proposal:{mentorship.pk}",
            subject=f"{mentorship.program.name}: meet your proposed {role}, {partner.full_name}",
            body=(
                f"The {mentorship.program.name} program team proposes {partner.full_name} as "
                f"your {role}. See why you were matched, then accept or decline."
            ),
            url=pair_url(mentorship),
        )


def mentorship_started(mentorship: Mentorship) -> None:
    mentor, mentee = pair_people(mentorship)
    for person, partner in ((mentor, mentee), (mentee, mentor)):
        _send(
            [person],
            kind=NotificationKind.MENTORSHIP_UPDATE,
            key=f"mentorship-started:{mentorship.pk}",
            subject=f"Your mentorship with {partner.full_name} has started",
            body=(
                f"You and {partner.full_name} both accepted: your mentorship in "
                f"{mentorship.program.name} has started. Read and acknowledge your agreement, "
                "then schedule your first check-in."
            ),
            url=pair_url(mentorship),
        )


def mentorship_changed(mentorship: Mentorship, *, what: str, detail: str = "") -> None:
    """Paused, resumed or ended: both are told, once per change."""
    stamp = (mentorship.ended_at or mentorship.paused_at or mentorship.updated_at).isoformat()
    mentor, mentee = pair_people(mentorship)
    for person, partner in ((mentor, mentee), (mentee, mentor)):
        _send(
            [person],
            kind=NotificationKind.MENTORSHIP_UPDATE,
            key=f"mentorship-{what}:{mentorship.pk}:{stamp}",
            subject=f"Your mentorship with {partner.full_name} was {what}",
            body=f"Your mentorship with {partner.full_name} in {mentorship.program.name} was "
            f"{what}.{' ' + detail if detail else ''}",
            url=pair_url(mentorship),
        )


def _invite_attachment(checkin: CheckIn) -> Attachment:
    event = checkin_event(checkin)
    return Attachment(
        filename="cancel.ics" if event.cancelled else "invite.ics",
        content=invite(event),
        mimetype=mimetype_for(event),
    )


def checkin_invitation(checkin: CheckIn, *, what: str) -> None:
    """'scheduled', 'moved' or 'cancelled': both get the calendar invite (the scheduler too,
    so it lands in their calendar), keyed by SEQUENCE so every change is sent once."""
    mentorship = checkin.mentorship
    attachment = _invite_attachment(checkin)
    for person in pair_people(mentorship):
        partner = other_side(mentorship, person)
        answer = ""
        if what != "cancelled" and checkin.scheduled_by_id not in (None, person.pk):
            answer = "Open it to accept or decline."
        _send(
            [person],
            kind=NotificationKind.CHECKIN_INVITE,
            key=f"checkin-invite:{checkin.uid}:{checkin.sequence}",
            subject=f"Check-in with {partner.full_name} {what}: "
            f"{local_time(checkin.starts_at, person)}",
            body=(
                f"Your check-in with {partner.full_name} was {what}.\n"
                f"When: {local_time(checkin.starts_at, person)}, {checkin.duration_minutes} min\n"
                f"Where: {checkin.location or checkin.video_url or 'to be agreed'}\n"
                f"{answer}"
            ).strip(),
            url=checkin_url(checkin),
            attachments=[attachment],
        )


def checkin_reminder(checkin: CheckIn) -> int:
    mentorship = checkin.mentorship
    sent = 0
    for person in pair_people(mentorship):
        partner = other_side(mentorship, person)
        sent += _send(
            [person],
            kind=NotificationKind.CHECKIN_REMINDER,
            key=f"checkin-reminder:{checkin.uid}:{checkin.starts_at.isoformat()}",
            subject=f"Reminder: check-in with {partner.full_name}, "
            f"{local_time(checkin.starts_at, person)}",
            body=(
                f"You meet {partner.full_name} on {local_time(checkin.starts_at, person)}.\n"
                f"Where: {checkin.location or checkin.video_url or 'to be agreed'}\n"
                f"Agenda:\n{checkin.agenda or '(none yet: add one)'}"
            ),
            url=checkin_url(checkin),
        )
    return sent


def pair_stalled(mentorship: Mentorship, people: Sequence[Person], *, since_key: str) -> int:
    sent = 0
    for person in people:
        partner = other_side(mentorship, person)
        sent += _send(
            [person],
            kind=NotificationKind.PAIR_NUDGE,
            key=f"pair-stalled:{mentorship.pk}:{since_key}",
            subject=f"Time to meet {partner.full_name}",
            body=(
                f"You and {partner.full_name} have not held a check-in for longer than your "
                "agreed rhythm. Schedule the next one now; it takes a minute."
            ),
            url=pair_url(mentorship),
        )
    return sent


def manager_nudge(mentorship: Mentorship, *, by_name: str, day: str) -> int:
    sent = 0
    for person in pair_people(mentorship):
        partner = other_side(mentorship, person)
        sent += _send(
            [person],
            kind=NotificationKind.PAIR_NUDGE,
            key=f"manager-nudge:{mentorship.pk}:{day}",
            subject=f"A nudge from your program team about {partner.full_name}",
            body=(
                f"{by_name} from the {mentorship.program.name} program team would like you and "
                f"{partner.full_name} to plan your next check-in. Reply to them if something "
                "stands in the way."
            ),
            url=pair_url(mentorship),
        )
    return sent


def milestone_due(milestone: Milestone) -> int:
    goal = milestone.goal
    mentorship = goal.mentorship
    return _send(
        pair_people(mentorship),
        kind=NotificationKind.MILESTONE_DUE,
        key=f"milestone-due:{milestone.pk}:{milestone.due_on.isoformat()}",
        subject=f"Milestone due {formats.date_format(milestone.due_on, 'j F')}: {milestone.title}",
        body=f"The milestone '{milestone.title}' of the goal '{goal.title}' is due on "
        f"{formats.date_format(milestone.due_on, 'l j F Y')}.",
        url=f"{pair_url(mentorship)}goals/{goal.pk}/",
    )


def goal_updated(goal: Goal, *, author: Person, stamp: str) -> int:
    mentorship = goal.mentorship
    return _send(
        [other_side(mentorship, author)],
        kind=NotificationKind.GOAL_UPDATE,
        key=f"goal-update:{goal.pk}:{stamp}",
        subject=f"{author.full_name} updated the goal '{goal.title}'",
        body=f"{author.full_name} posted an update on '{goal.title}' "
        f"({goal.get_status_display()}, {goal.progress}% done).",
        url=f"{pair_url(mentorship)}goals/{goal.pk}/",
    )


def awaiting_answer(person: Person, *, key: str, subject: str, body: str, url: str) -> int:
    return _send(
        [person],
        kind=NotificationKind.AWAITING_ANSWER,
        key=key,
        subject=subject,
        body=body,
        url=url,
    )
