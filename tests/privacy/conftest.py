"""A mentee with a row in every app that holds personal data, and a mentor who wrote some."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from mentorpath.accounts.models import ApiToken
from mentorpath.feedback.models import PulseRating, SurveyAnswer
from mentorpath.integrations.models import CalendarFeed
from mentorpath.learning.models import (
    Bookmark,
    LearningPath,
    PathProgress,
    PathStep,
    Resource,
    ResourceAssignment,
    ResourceRating,
    StepCompletion,
)
from mentorpath.matching.models import MentorRequest
from mentorpath.mentoring.models import GoalUpdate, Mentorship, Note
from mentorpath.notifications.models import Notification
from mentorpath.people.models import JobChange, Person
from mentorpath.recognition.models import Badge, BadgeAward, Kudos, RecognitionPreference
from mentorpath.scim.models import ScimIdentity
from mentorpath.sso.models import SsoIdentity
from mentorpath.succession.models import KeyRole, ReadinessReview, SuccessorCandidate
from tests.factories import PersonSkillFactory, SkillFactory
from tests.factories.feedback import (
    SkillAssessmentFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    SurveyResponseFactory,
    held_checkin,
)
from tests.factories.mentoring import GoalFactory, MilestoneFactory

NAME = ("Zebediah", "Quixotic")
EMAIL = "mentee@example.com"  # the persona's login and work email


@dataclass
class Rich:
    person: Person
    other: Person
    pair: Mentorship
    own_private: Note
    own_shared: Note
    others_private: Note


@pytest.fixture
def rich(pair, admin_user) -> Rich:
    mentee = pair.mentee.person
    mentor = pair.mentor.person
    mentee.first_name, mentee.last_name = NAME
    mentee.bio = "I like long walks."
    mentee.career_goals = "Become a staff engineer."
    mentee.save()
    user = mentee.user
    user.full_name = " ".join(NAME)
    user.save()
    now = timezone.now()
    PersonSkillFactory(person=mentee, skill=SkillFactory(name="Negotiation"), level=2)
    JobChange.objects.create(
        person=mentee, effective_date=date(2024, 1, 1), kind="promotion", to_level=2
    )
    ApiToken.objects.create(user=user, name="laptop", digest="d" * 64, prefix="abcd1234")
    CalendarFeed.objects.create(user=user, token_digest="f" * 64)
    SsoIdentity.objects.create(
        user=user, issuer="https://idp.example", subject="sub-1", email=EMAIL
    )
    ScimIdentity.objects.create(user=user, external_id="ext-1")
    MentorRequest.objects.create(
        program=pair.program, mentee=pair.mentee, mentor=pair.mentor, status="accepted",
        message="Please, I am Zebediah.", mentorship=pair, expires_at=now,
    )  # fmt: skip
    goal = GoalFactory(mentorship=pair)
    MilestoneFactory(goal=goal)
    GoalUpdate.objects.create(goal=goal, author=mentee, progress=50, comment="Halfway there.")
    checkin = held_checkin(pair, days_ago=3)
    own_private = Note.objects.create(
        mentorship=pair, author=mentee, visibility="private", body="My secret worry."
    )
    own_shared = Note.objects.create(mentorship=pair, author=mentee, body="Shared thought.")
    others_private = Note.objects.create(
        mentorship=pair, author=mentor, visibility="private", body="Mentor's own private note."
    )
    survey = SurveyFactory(program=pair.program)
    rating = SurveyQuestionFactory(survey=survey, kind="rating")
    text = SurveyQuestionFactory(survey=survey, kind="text", required=False)
    response = SurveyResponseFactory(survey=survey, person=mentee, role="mentee", submitted_at=now)
    SurveyAnswer.objects.create(response=response, question=rating, number=4)
    SurveyAnswer.objects.create(response=response, question=text, text="Zebediah says: great.")
    PulseRating.objects.create(
        checkin=checkin, person=mentee, role="mentee", rating=5, comment="Lovely."
    )
    SkillAssessmentFactory(mentorship=pair, skill=SkillFactory(name="Writing"), rater=mentee)
    resource = Resource.objects.create(
        title="Read me", kind="article", url="https://example.com/read"
    )
    Bookmark.objects.create(person=mentee, resource=resource)
    ResourceRating.objects.create(person=mentee, resource=resource, rating=4)
    path = LearningPath.objects.create(title="Onboarding", slug="onboarding")
    step = PathStep.objects.create(path=path, kind="activity", title="Step one")
    progress = PathProgress.objects.create(person=mentee, path=path, started_at=now)
    StepCompletion.objects.create(progress=progress, step=step, done_at=now)
    ResourceAssignment.objects.create(mentorship=pair, resource=resource, assigned_by=mentor)
    badge = Badge.objects.create(name="First steps", criterion="hours")
    BadgeAward.objects.create(badge=badge, person=mentee, awarded_at=now)
    Kudos.objects.create(mentorship=pair, author=mentee, recipient=mentor, message="Thank you!")
    Kudos.objects.create(
        mentorship=pair, author=mentor, recipient=mentee, message="Well done, Zebediah."
    )
    RecognitionPreference.objects.create(person=mentee)
    role = KeyRole.objects.create(title="Head of Platform")
    candidate = SuccessorCandidate.objects.create(
        role=role, person=mentee, readiness="1-2y", notes="Strong candidate."
    )
    ReadinessReview.objects.create(
        candidate=candidate, readiness="1-2y", reviewed_on=date(2026, 1, 5),
        reviewer=admin_user, notes="Zebediah is growing.",
    )  # fmt: skip
    Notification.objects.create(
        recipient=mentor.user, kind="recognition", key="about-zeb", url="/",
        subject=f"Kudos from {' '.join(NAME)}", body=f"Write to {EMAIL}.",
    )  # fmt: skip
    return Rich(
        person=Person.objects.get(pk=mentee.pk),
        other=mentor,
        pair=pair,
        own_private=own_private,
        own_shared=own_shared,
        others_private=others_private,
    )
