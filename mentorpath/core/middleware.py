from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from mentorpath.core.timezones import zone_or_utc


class PersonTimezoneMiddleware:
    """Show every date and time in the viewer's own time zone (their employee record's),
    so a check-in at 09:00 in Berlin reads 03:00 for a partner in New York."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone_name = None
        if request.user.is_authenticated:
            from mentorpath.people.models import Person

            zone_name = (
                Person.objects.filter(user_id=request.user.pk)
                .values_list("time_zone", flat=True)
                .first()
            )
        if zone_name:
            timezone.activate(zone_or_utc(zone_name))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
