"""Check-ins as calendar events: the one bridge between `mentoring.CheckIn` rows and the
pure builder in `ical`."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse

from mentorpath.integrations.ical import CalendarEvent, feed
from mentorpath.mentoring.enums import CheckInStatus
from mentorpath.mentoring.models import CheckIn
from mentorpath.people.models import Person


def checkin_uid(checkin: CheckIn) -> str:
    """The event's UID: fixed for the check-in's life, so every update replaces the event."""
    return f"checkin-{checkin.uid}@mentorpath"


def checkin_url(checkin: CheckIn) -> str:
    return f"{settings.SITE_URL}/mentorships/{checkin.mentorship_id}/checkins/{checkin.pk}/"


def checkin_invite_url(checkin: CheckIn) -> str:
    """Where one of the pair downloads the check-in's invite (.ics)."""
    return settings.SITE_URL + reverse("integrations:checkin_ics", args=[checkin.pk])


def _who(person: Person) -> tuple[str, str]:
    return (person.full_name, person.email)


def _description(checkin: CheckIn, url: str) -> str:
    mentorship = checkin.mentorship
    parts = [f"Mentoring check-in in {mentorship.program.name}."]
    if checkin.agenda.strip():
        parts.append(f"Agenda:\n{checkin.agenda.strip()}")
    links = []
    if checkin.video_url:
        links.append(f"Video call: {checkin.video_url}")
    links.append(f"In Mentorpath: {url}")
    parts.append("\n".join(links))
    return "\n\n".join(parts)


def checkin_event(checkin: CheckIn, *, stamp: datetime | None = None) -> CalendarEvent:
    """`checkin` as a calendar event. Expects `mentorship__program`, `mentorship__mentor__person`,
    `mentorship__mentee__person` and `scheduled_by` to be loaded (see `integrations.queries`).

    The organizer is whoever scheduled it, else the mentor; both of the pair attend. The
    location is the room if there is one, else the video link.
    """
    mentorship = checkin.mentorship
    mentor, mentee = mentorship.mentor.person, mentorship.mentee.person
    url = checkin_url(checkin)
    return CalendarEvent(
        uid=checkin_uid(checkin),
        sequence=checkin.sequence,
        starts_at=checkin.starts_at,
        time_zone=checkin.time_zone,
        duration=timedelta(minutes=checkin.duration_minutes),
        summary=f"Mentoring check-in: {mentor.full_name} & {mentee.full_name}",
        description=_description(checkin, url),
        location=checkin.location or checkin.video_url,
        url=url,
        organizer=_who(checkin.scheduled_by or mentor),
        attendees=(_who(mentor), _who(mentee)),
        cancelled=checkin.status == CheckInStatus.CANCELLED,
        stamp=stamp,
    )


def feed_name(person: Person | None) -> str:
    return f"Mentorpath check-ins · {person.full_name}" if person else "Mentorpath check-ins"


def checkins_feed(checkins: Iterable[CheckIn], *, person: Person | None) -> str:
    """The subscription feed text for `person`'s check-ins."""
    return feed((checkin_event(checkin) for checkin in checkins), name=feed_name(person))
