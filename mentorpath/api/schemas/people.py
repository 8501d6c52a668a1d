from ninja import Field, Schema

from mentorpath.api.schemas.common import Id, Level, Ref, SearchText
from mentorpath.people.models import Person, PersonSkill, Skill
from mentorpath.people.queries import person_skills


class PeopleFilters(Schema):
    search: SearchText = Field("", description="Words matched against name, email, id, title.")
    department: Id | None = Field(None, description="Department id.")
    level: Level | None = None


class SkillFilters(Schema):
    search: SearchText = Field("", description="Empty lists the whole catalogue.")


class SkillOut(Schema):
    id: int
    name: str
    category: str
    description: str

    @staticmethod
    def resolve_category(obj: Skill) -> str:
        return obj.category.name


class PersonSkillOut(Schema):
    skill: SkillOut
    level: int
    can_teach: bool
    wants_to_learn: bool


class PersonOut(Schema):
    id: int
    employee_id: str
    first_name: str
    last_name: str
    full_name: str
    email: str
    title: str
    department: Ref | None
    level: int
    location: Ref | None
    time_zone: str
    manager_id: int | None


class PersonListOut(PersonOut):
    report_count: int


class PersonDetailOut(PersonOut):
    bio: str
    career_goals: str
    languages: list[str] = Field(description="ISO 639-1 codes.")
    interests: list[str]
    style_structure: int | None
    style_pace: int | None
    style_communication: int | None
    style_feedback: int | None
    availability_hours_per_month: int | None
    skills: list[PersonSkillOut]

    @staticmethod
    def resolve_languages(obj: Person) -> list[str]:
        return [language.code for language in obj.languages.all()]

    @staticmethod
    def resolve_interests(obj: Person) -> list[str]:
        return [interest.name for interest in obj.interests.all()]

    @staticmethod
    def resolve_skills(obj: Person) -> list[PersonSkill]:
        return list(person_skills(person=obj))
