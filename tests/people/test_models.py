"""Database constraints hold even when the services are bypassed."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from mentorpath.people.models import Person, PersonSkill, Skill
from tests.factories import PersonFactory, PersonSkillFactory, SkillCategoryFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("level", [0, 13])
def test_person_level_range_is_enforced_by_the_database(level):
    person = PersonFactory(level=3)

    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(level=level)

    person.refresh_from_db()
    assert person.level == 3


@pytest.mark.parametrize("level", [1, 12])
def test_person_level_range_accepts_the_boundaries(level):
    person = PersonFactory(level=level)

    person.refresh_from_db()
    assert person.level == level


def test_person_level_out_of_range_on_create_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(level=13)

    assert Person.objects.count() == 0


def test_person_not_own_manager_is_enforced_by_the_database():
    person = PersonFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(manager_id=person.pk)

    person.refresh_from_db()
    assert person.manager_id is None


def test_person_not_own_manager_is_enforced_on_save():
    person = PersonFactory()
    person.manager = person

    with pytest.raises(IntegrityError), transaction.atomic():
        person.save()


def test_person_terminated_after_hire_is_enforced_by_the_database():
    person = PersonFactory(hire_date=date(2024, 1, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(termination_date=date(2023, 12, 31))

    person.refresh_from_db()
    assert person.termination_date is None


def test_person_skill_is_unique_per_person_in_the_database():
    held = PersonSkillFactory(level=2)

    with pytest.raises(IntegrityError), transaction.atomic():
        PersonSkill.objects.create(person=held.person, skill=held.skill, level=4)

    assert PersonSkill.objects.count() == 1


@pytest.mark.parametrize("level", [0, 6])
def test_person_skill_level_range_is_enforced_by_the_database(level):
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonSkillFactory(level=level)

    assert PersonSkill.objects.count() == 0


def test_skill_name_is_unique_ignoring_case():
    category = SkillCategoryFactory(name="Leadership")
    SkillFactory(name="Coaching", category=category)

    with pytest.raises(IntegrityError), transaction.atomic():
        Skill.objects.create(name="COACHING", category=category)

    assert list(Skill.objects.values_list("name", flat=True)) == ["Coaching"]


def test_person_str_and_full_name():
    person = PersonFactory(first_name="Ada", last_name="Lovelace")

    assert (str(person), person.full_name) == ("Ada Lovelace", "Ada Lovelace")


def test_person_is_active_employee_until_terminated():
    person = PersonFactory(hire_date=date(2020, 1, 1))
    assert person.is_active_employee is True

    person.termination_date = date(2024, 1, 1)

    assert person.is_active_employee is False
