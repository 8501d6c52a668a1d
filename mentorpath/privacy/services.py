"""Erasure on request and the retention of closed programs' notes.

Erasure anonymizes a person in place: the Person row stays (renamed "Erased person") with
everything the KPIs are built on (department, level, location, gender, hire and termination
dates, job changes, enrollments, pairs, check-ins, pulse and survey numbers), so every
dashboard reads the same before and after. What identifies them or what they wrote goes."""

import importlib
import json
from datetime import datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mentorpath.accounts.models import ApiToken, User
from mentorpath.feedback.enums import SurveyQuestionKind
from mentorpath.feedback.models import PulseRating, SurveyAnswer
from mentorpath.hris.models import ImportJob
from mentorpath.integrations.models import CalendarFeed
from mentorpath.matching.models import MentorRequest
from mentorpath.mentoring.models import GoalUpdate, Mentorship, Note
from mentorpath.notifications.models import Notification
from mentorpath.people.models import Person, PersonSkill
from mentorpath.privacy.models import Erasure
from mentorpath.privacy.tombstones import identity_digest
from mentorpath.programs.enums import ProgramStatus
from mentorpath.programs.models import Enrollment
from mentorpath.recognition.models import Kudos
from mentorpath.scim.models import ScimIdentity
from mentorpath.sso.models import SsoIdentity
from mentorpath.succession.models import ReadinessReview, SuccessorCandidate

ERASED_NAME = "Erased person"
ERASED_TEXT = "[erased]"


def audit(*, actor: User | None, action: str, person: Person, context: dict[str, Any]) -> None:
    """Record `action` in the audit log (mentorpath.audit, when installed). The target's label
    is the record number, never the name: the log is append-only, so it must not keep a name
    that an erasure would have to remove."""
    if not apps.is_installed("mentorpath.audit"):
        return
    services = importlib.import_module("mentorpath.audit.services")
    services.record(
        actor=actor,
        action=action,
        target=("people.person", person.pk, f"Person #{person.pk}"),
        context=context,
    )


def _scrub(value: Any, needles: list[str]) -> Any:
    """`value` (JSON-like) with every needle replaced by the erased name."""
    if isinstance(value, str):
        for needle in needles:
            value = value.replace(needle, ERASED_NAME)
        return value
    if isinstance(value, list):
        return [_scrub(v, needles) for v in value]
    if isinstance(value, dict):
        return {_scrub(k, needles): _scrub(v, needles) for k, v in value.items()}
    return value


def _needles(person: Person) -> list[str]:
    found = [person.full_name, person.email, person.employee_id]
    user = person.user
    if user is not None:
        found += [user.email, user.full_name]
    # Longest first, so "Ada Lovelace" goes before a bare "Ada" could cut it.
    return sorted({n for n in found if n and len(n) >= 3}, key=len, reverse=True)


def _scrub_text_elsewhere(needles: list[str]) -> None:
    """Notices to other people and import job reports that quote the person's name or
    email get it replaced."""
    if not needles:
        return
    match = Q()
    for needle in needles:
        match |= Q(subject__icontains=needle) | Q(body__icontains=needle)
        match |= Q(html_body__icontains=needle)
    for notice in Notification.objects.filter(match):
        notice.subject = _scrub(notice.subject, needles)
        notice.body = _scrub(notice.body, needles)
        notice.html_body = _scrub(notice.html_body, needles)
        notice.save(update_fields=["subject", "body", "html_body"])
    json_fields = ["headers", "samples", "mapping", "changes", "errors", "message"]
    for job in ImportJob.objects.all().iterator():
        changed = []
        for name in json_fields:
            before = getattr(job, name)
            if not any(n in json.dumps(before) for n in needles):
                continue
            setattr(job, name, _scrub(before, needles))
            changed.append(name)
        if changed:
            job.save(update_fields=changed)


@transaction.atomic
def person_erase(*, person: Person, by: User, now: datetime | None = None) -> Erasure:
    """Anonymize `person` on request (see docs/privacy.md). A second call changes
    nothing and returns the first erasure."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    existing = Erasure.objects.filter(person=person).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    needles = _needles(person)
    digests = {
        "employee_id_digest": identity_digest(person.employee_id),
        "email_digest": identity_digest(person.email) if person.email else "",
        "user_email_digest": identity_digest(person.user.email) if person.user else "",
    }

    # The person record: identity and free text go; what KPIs count stays.
    person.first_name, person.last_name = ERASED_NAME.split(" ", 1)
    person.email = f"erased-{person.pk}@invalid"
    person.employee_id = f"ERASED-{person.pk}"
    person.title = ""
    person.bio = ""
    person.career_goals = ""
    person.style_structure = person.style_pace = None
    person.style_communication = person.style_feedback = None
    person.availability_hours_per_month = None
    person.save()
    person.languages.clear()
    person.interests.clear()
    PersonSkill.objects.filter(person=person).delete()

    # The login: deactivated, anonymized, every way in removed.
    user = person.user
    if user is not None:
        user.email = f"erased-user-{user.pk}@invalid"
        user.full_name = ERASED_NAME
        user.is_active = False
        user.is_staff = False
        user.set_unusable_password()
        user.save()
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=by
        )
        CalendarFeed.objects.filter(user=user).delete()
        SsoIdentity.objects.filter(user=user).delete()
        ScimIdentity.objects.filter(user=user).delete()
        Notification.objects.filter(recipient=user).delete()

    # What they wrote.
    Note.objects.filter(author=person).delete()
    GoalUpdate.objects.filter(author=person).exclude(comment="").update(comment="")
    answers = SurveyAnswer.objects.filter(response__person=person)
    answers.filter(question__kind=SurveyQuestionKind.TEXT).delete()
    answers.exclude(text="").update(text="")
    PulseRating.objects.filter(person=person).exclude(comment="").update(comment="")
    Kudos.objects.filter(Q(author=person) | Q(recipient=person)).update(message=ERASED_TEXT)
    enrollments = Enrollment.objects.filter(person=person)
    enrollments.update(answers={}, goals="", decision_note="")
    MentorRequest.objects.filter(Q(mentee__person=person) | Q(mentor__person=person)).update(
        message=""
    )
    Mentorship.objects.filter(Q(mentee__person=person) | Q(mentor__person=person)).update(
        pause_note="", end_note=""
    )
    candidacies = SuccessorCandidate.objects.filter(person=person)
    ReadinessReview.objects.filter(candidate__in=candidacies).update(notes="")
    candidacies.update(notes="")

    _scrub_text_elsewhere(needles)
    erasure = Erasure.objects.create(person=person, erased_at=now, erased_by=by, **digests)
    audit(actor=by, action="privacy.erase", person=person, context={})
    return erasure


def _closed_cutoff(now: datetime, days: int) -> tuple:
    """The last day (and the first instant of the next) a program may have closed on and
    still be purged: closed strictly more than `days` days ago."""
    today = timezone.localdate(now)
    last_day = today - timedelta(days=days + 1)
    start_of_next = timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))
    return last_day, start_of_next


@transaction.atomic
def notes_purge_expired(*, now: datetime | None = None) -> int:
    """Delete the notes of pairs in closed programs that closed more than
    NOTES_RETENTION_DAYS days ago (the program's end date, else the pair's end). 0 keeps
    notes forever. Returns how many notes were deleted."""
    days = settings.NOTES_RETENTION_DAYS
    if days <= 0:
        return 0
    last_day, start_of_next = _closed_cutoff(now or timezone.now(), days)
    expired = Note.objects.filter(mentorship__program__status=ProgramStatus.CLOSED).filter(
        Q(mentorship__program__end_date__lte=last_day)
        | Q(
            mentorship__program__end_date__isnull=True,
            mentorship__ended_at__lt=start_of_next,
        )
    )
    deleted, _ = Note.objects.filter(pk__in=list(expired.values_list("pk", flat=True))).delete()
    return deleted
