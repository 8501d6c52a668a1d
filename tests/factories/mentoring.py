"""Factories and helpers for mentoring: pairs through the real services, and goals, milestones,
check-ins and notes as rows (for tests that need a state without its notifications)."""

from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from mentorpath.mentoring.models import CheckIn, Goal, Mentorship, Milestone, Note
from mentorpath.mentoring.services import mentorship_propose, mentorship_respond
from mentorpath.people.models import Person
from mentorpath.programs.models import Enrollment, Program
from tests.factories import EnrollmentFactory, PersonFactory, UserFactory


def participant(program: Program, email: str, role: str, **person_fields: object) -> Enrollment:
    """A new person with a login and an approved enrollment in `role`."""
    user = UserFactory(email=email)
    person = PersonFactory(user=user, email=email, **person_fields)
    return EnrollmentFactory(program=program, person=person, role=role, status="approved")


def proposed_pair(program: Program, mentor_email: str, mentee_email: str) -> Mentorship:
    """Two new people with logins, proposed as a pair in `program`."""
    mentor = participant(program, mentor_email, "mentor", level=7)
    mentee = participant(program, mentee_email, "mentee", level=2)
    return mentorship_propose(mentor=mentor, mentee=mentee, by=None)


def start(mentorship: Mentorship) -> Mentorship:
    """Both sides accept: the pair is active and has its agreement."""
    mentorship_respond(mentorship=mentorship, person=mentorship.mentor.person, accept=True)
    return mentorship_respond(mentorship=mentorship, person=mentorship.mentee.person, accept=True)


def active_pair(program: Program, mentor_email: str, mentee_email: str) -> Mentorship:
    """Two new people with logins, an active pair in `program` with its agreement."""
    return start(proposed_pair(program, mentor_email, mentee_email))


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    mentorship = None  # always given: goals belong to a pair under test
    title = factory.Sequence(lambda n: f"Goal {n}")
    description = "Lead the quarterly planning of my team."
    measure = "The plan is accepted by the team"
    target_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    goal = factory.SubFactory(GoalFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))


class CheckInFactory(DjangoModelFactory):
    """A scheduled check-in a week from now, 45 minutes, scheduled by the mentee."""

    class Meta:
        model = CheckIn

    mentorship = None  # always given
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) + timedelta(days=7)
    )
    time_zone = "Europe/Berlin"
    duration_minutes = 45
    scheduled_by = factory.LazyAttribute(lambda o: o.mentorship.mentee.person)


class NoteFactory(DjangoModelFactory):
    class Meta:
        model = Note

    mentorship = None  # always given
    author = factory.LazyAttribute(lambda o: o.mentorship.mentee.person)
    visibility = "shared"
    body = factory.Sequence(lambda n: f"Note {n}")


def days_from_today(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def name_people(mentor: Person, mentee: Person) -> None:
    """Fixed names, so texts can be asserted exactly: mentor Ada Lovelace, mentee Grace Hopper."""
    for person, (first, last) in ((mentor, ("Ada", "Lovelace")), (mentee, ("Grace", "Hopper"))):
        person.first_name, person.last_name = first, last
        person.save(update_fields=["first_name", "last_name"])


def name_pair(mentorship: Mentorship) -> Mentorship:
    """`name_people` for the pair; returns the pair read again with its people."""
    name_people(mentorship.mentor.person, mentorship.mentee.person)
    return Mentorship.objects.select_related(
        "program", "mentor__person__user", "mentee__person__user"
    ).get(pk=mentorship.pk)


def winter_tuesday() -> date:
    """The first Tuesday of next January: ahead of today, less than two years ahead (how far
    check-ins can be planned), and weeks away from any daylight-saving change."""
    first = date(timezone.localdate().year + 1, 1, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7)


def spelled(day: date) -> str:
    """A date as the notices write it: 'Tuesday 5 January 2027'."""
    return f"{day:%A} {day.day} {day:%B} {day.year}"
