"""iCalendar output: one meeting invite (iTIP, RFC 5546) or a subscription feed (RFC 5545/7986).

Pure: fed `CalendarEvent` dataclasses, returns text; no ORM, no I/O. The `icalendar` library
writes every line (escaping, folding, parameter quoting); the VTIMEZONE components come from
its zoneinfo support, so DTSTART/DTEND keep the zone the meeting was scheduled in and every
calendar client shows the same wall-clock time across daylight-saving changes.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, vCalAddress
from icalendar.enums import STATUS

PRODID = "-//Mentorpath//Mentorpath//EN"
INVITE_MIMETYPE = "text/calendar; charset=utf-8; method=REQUEST"
CANCEL_MIMETYPE = "text/calendar; charset=utf-8; method=CANCEL"
FEED_MIMETYPE = "text/calendar; charset=utf-8"
# How often a subscribed client should come back for the feed.
FEED_REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable across changes, e.g. "checkin-<uuid>@mentorpath"
    sequence: int  # raised on every change the attendees should see
    starts_at: datetime  # aware
    time_zone: str  # IANA name the event was scheduled in
    duration: timedelta
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""  # absolute
    organizer: tuple[str, str] | None = None  # (name, email)
    attendees: tuple[tuple[str, str], ...] = ()  # (name, email)
    cancelled: bool = False
    stamp: datetime | None = None  # DTSTAMP; now (UTC) when None

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None or self.starts_at.utcoffset() is None:
            raise ValueError("starts_at must be an aware datetime.")
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"Unknown time zone: {self.time_zone!r}.") from error
        if self.duration <= timedelta(0):
            raise ValueError("duration must be positive.")

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(ZoneInfo(self.time_zone))

    @property
    def local_end(self) -> datetime:
        # Add the duration in UTC, then show it in the zone: a one-hour meeting that spans a
        # daylight-saving change still lasts one hour. (Aware arithmetic in a ZoneInfo zone
        # is wall-clock arithmetic, so adding before converting would be wrong.)
        return (self.starts_at.astimezone(UTC) + self.duration).astimezone(ZoneInfo(self.time_zone))


def mimetype_for(event: CalendarEvent) -> str:
    """The Content-Type of `invite(event)`, as mail clients expect it on the attachment."""
    return CANCEL_MIMETYPE if event.cancelled else INVITE_MIMETYPE


def invite(event: CalendarEvent) -> str:
    """One event as an iTIP message: METHOD:REQUEST, or METHOD:CANCEL when it is cancelled."""
    calendar = _calendar(method="CANCEL" if event.cancelled else "REQUEST")
    calendar.add_component(_vevent(event, with_attendees=True))
    return _finish(calendar, [event])


def feed(events: Iterable[CalendarEvent], *, name: str) -> str:
    """A calendar to subscribe to (METHOD:PUBLISH), one VEVENT per event.

    Cancelled events stay in the feed with STATUS:CANCELLED, so a client that already has
    them crosses them out instead of keeping a stale copy. RFC 5546 §3.2.1 forbids ATTENDEE
    in a PUBLISH message, so the feed names the organizer only.
    """
    events = list(events)
    calendar = _calendar(method="PUBLISH")
    calendar.calendar_name = name  # NAME and X-WR-CALNAME
    calendar.refresh_interval = FEED_REFRESH  # REFRESH-INTERVAL (RFC 7986)
    calendar.add("x-published-ttl", FEED_REFRESH)  # the same, for Outlook
    for event in events:
        calendar.add_component(_vevent(event, with_attendees=False))
    return _finish(calendar, events)


def _calendar(*, method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def _address(name: str, email: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = name
    address.params.update(params)
    return address


def _vevent(event: CalendarEvent, *, with_attendees: bool) -> Event:
    vevent = Event.new(
        uid=event.uid,
        sequence=event.sequence,
        stamp=event.stamp,
        start=event.local_start,
        end=event.local_end,
        summary=event.summary,
        status=STATUS.CANCELLED if event.cancelled else STATUS.CONFIRMED,
    )
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    if event.organizer is not None:
        vevent.add("organizer", _address(*event.organizer))
    if with_attendees:
        for name, email in event.attendees:
            params = {"ROLE": "REQ-PARTICIPANT", "CUTYPE": "INDIVIDUAL"}
            if not event.cancelled:
                params |= {"PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
            vevent.add("attendee", _address(name, email, **params))
    return vevent


def _finish(calendar: Calendar, events: list[CalendarEvent]) -> str:
    """Add a VTIMEZONE for every zone used, covering the events' years, and serialize."""
    if events:
        first = min(event.local_start for event in events).year - 1
        last = max(event.local_end for event in events).year + 2
        calendar.add_missing_timezones(first_date=date(first, 1, 1), last_date=date(last, 1, 1))
    return calendar.to_ical().decode("utf-8")
