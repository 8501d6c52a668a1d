"""Announcements: what you were told (published and current, to your programs or the whole
organization), and for program managers and organization admins, writing, publishing and
withdrawing them."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from mentorpath.announcements import permissions, queries, services
from mentorpath.announcements.models import Announcement
from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.pagination import Pagination
from mentorpath.api.schemas.announcements import AnnouncementIn, AnnouncementOut, PublishIn
from mentorpath.api.schemas.common import Id
from mentorpath.core.permissions import PermissionDenied

router = Router(tags=["announcements"])

ONE = "/announcements/{announcement_id}"


def _fresh(announcement: Announcement) -> Announcement:
    return Announcement.objects.select_related("program", "author").get(pk=announcement.pk)


@router.get("/announcements", response={200: list[AnnouncementOut], **errors(401, 422)})
@paginate(Pagination)
def list_announcements(request: HttpRequest) -> QuerySet[Announcement]:
    """The current announcements you are in the audience of, newest first: those of the
    programs you take part in (approved) or manage, and the organization-wide ones."""
    return queries.announcements_for(user=current_user(request))


@router.get(
    "/announcements/managed", response={200: list[AnnouncementOut], **errors(401, 403, 422)}
)
@paginate(Pagination)
def managed_announcements(request: HttpRequest) -> QuerySet[Announcement]:
    """Every announcement you may change, in every state, drafts first (program managers
    and organization admins; 403 for anyone else)."""
    user = current_user(request)
    if not permissions.can_write_announcements(user):
        raise PermissionDenied(permissions.PROGRAM_REFUSED)
    return queries.announcements_managed_by(user=user)


@router.get(ONE, response={200: AnnouncementOut, **errors(401, 404, 422)})
def get_announcement(request: HttpRequest, announcement_id: Id) -> Announcement:
    """One announcement: published ones for their audience; any state for whoever may
    change it; 404 for anyone else."""
    return permissions.get_announcement_for(current_user(request), announcement_id)


@router.post("/announcements", response={201: AnnouncementOut, **errors(400, 401, 403, 404, 422)})
def create_announcement(request: HttpRequest, payload: AnnouncementIn) -> Status[Announcement]:
    """Write an announcement to a program's participants (its managers and organization
    admins) or, without `program_id`, to the whole organization (organization admins). It
    stays a draft unless `publish`: then it is published now, or at `publish_at`, and each
    person of its audience is emailed once when it is out."""
    user = current_user(request)
    program = permissions.get_audience_program_for(user, payload.program_id)
    announcement = services.announcement_create(
        by=user,
        program=program,
        title=payload.title,
        body=payload.body,
        expires_at=payload.expires_at,
        publish=payload.publish,
        publish_at=payload.publish_at if payload.publish else None,
    )
    return Status(201, _fresh(announcement))


@router.post(
    f"{ONE}/publish", response={200: AnnouncementOut, **errors(400, 401, 403, 404, 409, 422)}
)
def publish_announcement(
    request: HttpRequest, announcement_id: Id, payload: PublishIn | None = None
) -> Announcement:
    """Publish a draft now, or schedule it (`publish_at`, a future time); a scheduled one
    can be published now or rescheduled. 409 when it is already out."""
    announcement = permissions.get_announcement_for(
        current_user(request), announcement_id, manage=True
    )
    at = payload.publish_at if payload else None
    services.announcement_publish(announcement=announcement, at=at)
    return _fresh(announcement)


@router.post(
    f"{ONE}/withdraw", response={200: AnnouncementOut, **errors(400, 401, 403, 404, 409, 422)}
)
def withdraw_announcement(request: HttpRequest, announcement_id: Id) -> Announcement:
    """Take a published or scheduled announcement back to a draft (no longer shown; emails
    already sent stay sent). 409 for a draft."""
    announcement = permissions.get_announcement_for(
        current_user(request), announcement_id, manage=True
    )
    services.announcement_withdraw(announcement=announcement)
    return _fresh(announcement)
