"""Days as a viewer sees them."""

from datetime import date

from django.utils import timezone

from mentorpath.core.timezones import zone_or_utc


def viewer_today(user) -> date:
    """Today in `user`'s own time zone, in which pages show dates (PersonTimezoneMiddleware):
    between its midnight and UTC's, it is not the server's day."""
    return timezone.localdate(timezone=zone_or_utc(user.person.time_zone))
