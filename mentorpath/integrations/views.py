from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from mentorpath.integrations.checkins import checkin_event, checkins_feed
from mentorpath.integrations.ical import FEED_MIMETYPE, invite, mimetype_for
from mentorpath.integrations.permissions import get_checkin_invite_for
from mentorpath.integrations.queries import active_feed, checkins_for_calendar, feed_for_token
from mentorpath.integrations.services import (
    calendar_feed_create,
    calendar_feed_revoke,
    calendar_feed_touch,
)

FEED_CACHE_CONTROL = "private, max-age=300"


def _feed_not_found() -> HttpResponse:
    """One answer for a wrong, unknown or revoked token, and for an inactive owner: it says
    nothing about which, and never renders a template that could."""
    response = HttpResponse("Not found.\n", status=404, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def feed_links(token: str) -> dict[str, str]:
    """The feed's https link and its webcal:// twin, which calendar apps open to subscribe."""
    https = settings.SITE_URL + reverse("integrations:feed", args=[token])
    webcal = "webcal://" + https.split("://", 1)[1]
    return {"url": https, "webcal_url": webcal}


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A user's check-ins as a calendar to subscribe to. No login: the token is the key."""
    calendar_feed = feed_for_token(token)
    if calendar_feed is None:
        return _feed_not_found()
    person = getattr(calendar_feed.user, "person", None)
    checkins = checkins_for_calendar(person=person) if person is not None else []
    calendar_feed_touch(feed=calendar_feed)
    response = HttpResponse(checkins_feed(checkins, person=person), content_type=FEED_MIMETYPE)
    response["Content-Disposition"] = 'inline; filename="mentorpath.ics"'
    response["Cache-Control"] = FEED_CACHE_CONTROL
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_safe
def checkin_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One check-in's invite (REQUEST, or CANCEL once cancelled), for the pair only."""
    checkin = get_checkin_invite_for(request.user, pk)
    event = checkin_event(checkin)
    response = HttpResponse(invite(event), content_type=mimetype_for(event))
    response["Content-Disposition"] = f'attachment; filename="checkin-{checkin.pk}.ics"'
    response["Cache-Control"] = "private, no-cache"
    return response


def _settings_page(
    request: HttpRequest, *, token: str | None = None, notice: str = ""
) -> HttpResponse:
    template = "integrations/settings.html"
    if request.htmx:
        template += "#feed"
    context = {
        "feed": active_feed(user=request.user),
        "new_links": feed_links(token) if token is not None else None,
        "notice": notice,
    }
    return render(request, template, context)


@login_required
@require_safe
def calendar_settings(request: HttpRequest) -> HttpResponse:
    return _settings_page(request)


@login_required
@require_POST
def feed_create(request: HttpRequest) -> HttpResponse:
    """Create or reset the feed. The page is rendered, not redirected to, so the token is
    shown this once without being kept in a message cookie or the session."""
    token = calendar_feed_create(user=request.user)
    return _settings_page(request, token=token)


@login_required
@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    if calendar_feed_revoke(user=request.user):
        notice = "Your calendar feed was turned off. Its link no longer works."
    else:
        notice = "You had no calendar feed to turn off."
    if request.htmx:
        return _settings_page(request, notice=notice)
    messages.success(request, notice)
    return redirect("integrations:settings")
