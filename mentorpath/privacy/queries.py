"""Everything held on one person, as one JSON-ready dictionary (`person_data`).

The structure is explicit and versioned: `EXPORT_FORMAT` names it, `SECTIONS` lists every
section in order with the model it comes from. A row is the model's stored fields (a foreign
key as `<name>_id`); secrets are never included (password hash, token and feed digests).
`COVERED_MODELS` + `NOT_EXPORTED` account for every model that points at a Person or a User;
a test walks the installed models so a new one cannot be forgotten silently."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from mentorpath.people.models import Person

EXPORT_FORMAT = "mentorpath-person-export/1"

SECRET_FIELDS = frozenset({"password", "digest", "token_digest"})


@dataclass(frozen=True)
class Section:
    key: str
    model: str  # "app_label.ModelName"
    rows: Callable[[Person], QuerySet[Any]]
    admin_only: bool = False


def _model(label: str) -> type[Model]:
    return apps.get_model(label)


def _by(label: str, **lookup: Any) -> Callable[[Person], QuerySet[Any]]:
    def rows(person: Person) -> QuerySet[Any]:
        values = {
            key: (person if value == "person" else person.user_id) for key, value in lookup.items()
        }
        if any(v is None for v in values.values()):
            return _model(label)._default_manager.none()
        return _model(label)._default_manager.filter(**values)

    return rows


def _where(label: str, build: Callable[[Person], Q]) -> Callable[[Person], QuerySet[Any]]:
    def rows(person: Person) -> QuerySet[Any]:
        return _model(label)._default_manager.filter(build(person)).distinct()

    return rows


def _pair_q(prefix: str = "") -> Callable[[Person], Q]:
    def build(person: Person) -> Q:
        return Q(**{f"{prefix}mentor__person": person}) | Q(**{f"{prefix}mentee__person": person})

    return build


SECTIONS: tuple[Section, ...] = (
    Section("person", "people.Person", lambda p: Person.objects.filter(pk=p.pk)),
    Section("skills", "people.PersonSkill", _by("people.PersonSkill", person="person")),
    Section("job_changes", "people.JobChange", _by("people.JobChange", person="person")),
    Section(
        "user",
        "accounts.User",
        lambda p: _model("accounts.User")._default_manager.filter(pk=p.user_id),
    ),
    Section("api_tokens", "accounts.ApiToken", _by("accounts.ApiToken", user="user")),
    Section("enrollments", "programs.Enrollment", _by("programs.Enrollment", person="person")),
    Section(
        "match_proposals", "matching.MatchProposal", _where("matching.MatchProposal", _pair_q())
    ),
    Section(
        "mentor_requests", "matching.MentorRequest", _where("matching.MentorRequest", _pair_q())
    ),
    Section("mentorships", "mentoring.Mentorship", _where("mentoring.Mentorship", _pair_q())),
    Section(
        "agreements", "mentoring.Agreement", _where("mentoring.Agreement", _pair_q("mentorship__"))
    ),
    Section("goals", "mentoring.Goal", _where("mentoring.Goal", _pair_q("mentorship__"))),
    Section(
        "milestones",
        "mentoring.Milestone",
        _where("mentoring.Milestone", _pair_q("goal__mentorship__")),
    ),
    Section("goal_updates", "mentoring.GoalUpdate", _by("mentoring.GoalUpdate", author="person")),
    Section("checkins", "mentoring.CheckIn", _where("mentoring.CheckIn", _pair_q("mentorship__"))),
    Section("notes", "mentoring.Note", _by("mentoring.Note", author="person")),
    Section("nudge_mutes", "mentoring.NudgeMute", _by("mentoring.NudgeMute", user="user")),
    Section(
        "survey_responses",
        "feedback.SurveyResponse",
        _by("feedback.SurveyResponse", person="person"),
    ),
    Section(
        "survey_answers",
        "feedback.SurveyAnswer",
        _by("feedback.SurveyAnswer", response__person="person"),
    ),
    Section("pulse_ratings", "feedback.PulseRating", _by("feedback.PulseRating", person="person")),
    Section(
        "skill_assessments",
        "feedback.SkillAssessment",
        _by("feedback.SkillAssessment", rater="person"),
    ),
    Section(
        "notifications",
        "notifications.Notification",
        _by("notifications.Notification", recipient="user"),
    ),
    Section(
        "notification_preferences",
        "notifications.NotificationPreference",
        _by("notifications.NotificationPreference", user="user"),
    ),
    Section("bookmarks", "learning.Bookmark", _by("learning.Bookmark", person="person")),
    Section(
        "resource_ratings",
        "learning.ResourceRating",
        _by("learning.ResourceRating", person="person"),
    ),
    Section(
        "path_progress", "learning.PathProgress", _by("learning.PathProgress", person="person")
    ),
    Section(
        "step_completions",
        "learning.StepCompletion",
        _by("learning.StepCompletion", progress__person="person"),
    ),
    Section(
        "resource_assignments",
        "learning.ResourceAssignment",
        _where("learning.ResourceAssignment", _pair_q("mentorship__")),
    ),
    Section(
        "badge_awards", "recognition.BadgeAward", _by("recognition.BadgeAward", person="person")
    ),
    Section("kudos_given", "recognition.Kudos", _by("recognition.Kudos", author="person")),
    Section("kudos_received", "recognition.Kudos", _by("recognition.Kudos", recipient="person")),
    Section(
        "recognition_preference",
        "recognition.RecognitionPreference",
        _by("recognition.RecognitionPreference", person="person"),
    ),
    Section(
        "calendar_feeds", "integrations.CalendarFeed", _by("integrations.CalendarFeed", user="user")
    ),
    Section("sso_identities", "sso.SsoIdentity", _by("sso.SsoIdentity", user="user")),
    Section("scim_identities", "scim.ScimIdentity", _by("scim.ScimIdentity", user="user")),
    Section("erasure", "privacy.Erasure", _by("privacy.Erasure", person="person")),
    Section(
        "succession_candidacies",
        "succession.SuccessorCandidate",
        _by("succession.SuccessorCandidate", person="person"),
        admin_only=True,
    ),
    Section(
        "succession_reviews",
        "succession.ReadinessReview",
        _by("succession.ReadinessReview", candidate__person="person"),
        admin_only=True,
    ),
    Section(
        "key_roles_held",
        "succession.KeyRole",
        _by("succession.KeyRole", incumbent="person"),
        admin_only=True,
    ),
)

COVERED_MODELS = frozenset(section.model for section in SECTIONS)

# Models that point at a Person or a User but hold nothing about them as a person: the link
# is only who made or changed an organization-level record (kept out of the export).
NOT_EXPORTED: dict[str, str] = {
    "programs.Program": "managers: who runs a program, an organization record",
    "matching.MatchRun": "created_by: who started a matching run",
    "feedback.Survey": "created_by: who wrote a survey",
    "learning.Resource": "created_by: who added a resource",
    "learning.LearningPath": "created_by: who built a path",
    "announcements.Announcement": "author: organization announcements",
    "hris.ImportMapping": "updated_by: who saved a column mapping",
    "hris.ImportJob": "created_by: who ran an import",
    "scim.ScimToken": "created_by: who made a provisioning token",
    "audit.AuditEntry": "actor: the append-only audit log of admin actions",
    "webhooks.WebhookEndpoint": "created_by: who registered a webhook endpoint",
    "analytics.PulseMonth": "person: monthly sums of the pulse ratings exported above, kept by "
    "the database for the dashboards",
    "analytics.NpsMonth": "person: monthly counts of the NPS answers exported above, kept by "
    "the database for the dashboards",
}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def row_of(obj: Model) -> dict[str, Any]:
    """The stored fields of `obj` (foreign keys as `<name>_id`), secrets left out."""
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        row[field.attname] = _plain(field.value_from_object(obj))
    return row


def sections_for(*, include_succession: bool) -> tuple[Section, ...]:
    return tuple(s for s in SECTIONS if include_succession or not s.admin_only)


def person_data(person: Person, *, include_succession: bool = False) -> dict[str, Any]:
    """Every row held about `person`, by section (see `SECTIONS`). Their own notes are
    included, private ones too (they wrote them); nobody else's notes are. Succession data
    is only included when `include_succession` (an org admin runs the export)."""
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "person_id": person.pk,
        "includes_succession": include_succession,
    }
    for section in sections_for(include_succession=include_succession):
        data[section.key] = [row_of(obj) for obj in section.rows(person).order_by("pk")]
    profile = data["person"][0]
    profile["languages"] = sorted(person.languages.values_list("code", flat=True))
    profile["interests"] = sorted(person.interests.values_list("name", flat=True))
    return data
