"""factory_boy factories for the domain. Deterministic names; unique fields use sequences."""

import factory
from factory.django import DjangoModelFactory

from mentorpath.accounts.enums import OrgRole
from mentorpath.accounts.models import User
from mentorpath.people.models import (
    Department,
    Interest,
    Language,
    Location,
    Person,
    PersonSkill,
    Skill,
    SkillCategory,
)
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus, ProgramStatus, ProgramType
from mentorpath.programs.models import ApplicationQuestion, Enrollment, Program, ProgramObjective

PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    org_role = OrgRole.MEMBER
    password = factory.django.Password(PASSWORD)


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Department {n}")


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Office {n}")
    country = "DE"
    time_zone = "Europe/Berlin"


class LanguageFactory(DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ["code"]

    code = "en"
    name = "English"


class InterestFactory(DjangoModelFactory):
    class Meta:
        model = Interest
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Interest {n}")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    employee_id = factory.Sequence(lambda n: f"E{n:05d}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    title = "Engineer"
    department = factory.SubFactory(DepartmentFactory, name="Engineering")
    level = 3
    location = factory.SubFactory(LocationFactory, name="Berlin")
    time_zone = "Europe/Berlin"


class SkillCategoryFactory(DjangoModelFactory):
    class Meta:
        model = SkillCategory
        django_get_or_create = ["name"]

    name = "Leadership"


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Skill {n}")
    category = factory.SubFactory(SkillCategoryFactory)


class PersonSkillFactory(DjangoModelFactory):
    class Meta:
        model = PersonSkill

    person = factory.SubFactory(PersonFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 3


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    program_type = ProgramType.CAREER
    status = ProgramStatus.ENROLLING
    default_mentor_capacity = 2


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = ProgramObjective

    program = factory.SubFactory(ProgramFactory)
    title = "Keep early-career talent"
    kpi = "retention_12m"
    comparator = "gte"
    target = 95


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = ApplicationQuestion

    program = factory.SubFactory(ProgramFactory)
    text = "What do you hope to get out of this program?"
    kind = "text"
    required = True


class EnrollmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrollment

    program = factory.SubFactory(ProgramFactory)
    person = factory.SubFactory(PersonFactory)
    role = EnrollmentRole.MENTEE
    status = EnrollmentStatus.PENDING
    capacity = factory.LazyAttribute(lambda o: 2 if o.role == EnrollmentRole.MENTOR else None)


def speaks_english(*people: Person) -> None:
    """Give people a shared language, which matching requires by default."""
    english = LanguageFactory(code="en", name="English")
    for person in people:
        person.languages.add(english)


def approved_participant(program: Program, role: str, **person_fields: object) -> Enrollment:
    """A new person with an approved enrollment in `role`, speaking English."""
    enrollment = EnrollmentFactory(
        program=program, person=PersonFactory(**person_fields), role=role, status="approved"
    )
    speaks_english(enrollment.person)
    return enrollment


# Feedback factories, exported here too; imported last because they build on the ones above.
from tests.factories.feedback import (  # noqa: E402
    PulseRatingFactory,
    SkillAssessmentFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    SurveyResponseFactory,
)

__all__ = [
    "PASSWORD",
    "DepartmentFactory",
    "EnrollmentFactory",
    "InterestFactory",
    "LanguageFactory",
    "LocationFactory",
    "ObjectiveFactory",
    "PersonFactory",
    "PersonSkillFactory",
    "ProgramFactory",
    "PulseRatingFactory",
    "QuestionFactory",
    "SkillAssessmentFactory",
    "SkillCategoryFactory",
    "SkillFactory",
    "SurveyFactory",
    "SurveyQuestionFactory",
    "SurveyResponseFactory",
    "UserFactory",
    "approved_participant",
    "speaks_english",
]
