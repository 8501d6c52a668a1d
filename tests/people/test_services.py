import itertools
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorpath.core.exceptions import ApplicationError
from mentorpath.people.enums import JobChangeKind
from mentorpath.people.models import JobChange, Person, PersonSkill
from mentorpath.people.services import (
    ensure_no_reporting_cycle,
    job_change_record,
    person_set_manager,
    person_skill_remove,
    person_skill_set,
    person_update_profile,
)
from tests.factories import (
    DepartmentFactory,
    InterestFactory,
    LanguageFactory,
    PersonFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


def _person(first: str, last: str = "Test", **fields) -> Person:
    return PersonFactory(first_name=first, last_name=last, **fields)


def _cycle_message(manager: str, person: str) -> str:
    return (
        f"{manager} reports to {person} (directly or through others), "
        "so they cannot also be their manager."
    )


# --- person_set_manager -------------------------------------------------------------------


def test_person_set_manager_sets_the_manager():
    ada, bob = _person("Ada"), _person("Bob")

    result = person_set_manager(person=bob, manager=ada)

    bob.refresh_from_db()
    assert result.manager_id == ada.pk
    assert bob.manager_id == ada.pk
    assert list(ada.reports.all()) == [bob]


def test_person_set_manager_replaces_an_existing_manager():
    ada, bob, cleo = _person("Ada"), _person("Bob"), _person("Cleo")
    person_set_manager(person=cleo, manager=ada)

    person_set_manager(person=cleo, manager=bob)

    cleo.refresh_from_db()
    assert cleo.manager_id == bob.pk


def test_person_set_manager_clears_the_manager_with_none():
    ada, bob = _person("Ada"), _person("Bob")
    person_set_manager(person=bob, manager=ada)

    person_set_manager(person=bob, manager=None)

    bob.refresh_from_db()
    assert bob.manager_id is None


def test_person_set_manager_refuses_self():
    ada = _person("Ada")

    with pytest.raises(ApplicationError) as exc:
        person_set_manager(person=ada, manager=ada)

    assert exc.value.message_dict == {"manager": ["A person cannot be their own manager."]}
    ada.refresh_from_db()
    assert ada.manager_id is None


def test_person_set_manager_refuses_a_direct_cycle():
    ada, bob = _person("Ada"), _person("Bob")
    person_set_manager(person=bob, manager=ada)

    with pytest.raises(ApplicationError) as exc:
        person_set_manager(person=ada, manager=bob)

    assert exc.value.message_dict == {"manager": [_cycle_message("Bob Test", "Ada Test")]}
    ada.refresh_from_db()
    bob.refresh_from_db()
    assert ada.manager_id is None
    assert bob.manager_id == ada.pk


def test_person_set_manager_refuses_a_long_cycle():
    # Ada manages Bob, Bob manages Cleo, Cleo manages Dan; Ada may not report to Dan.
    ada, bob, cleo, dan = _person("Ada"), _person("Bob"), _person("Cleo"), _person("Dan")
    person_set_manager(person=bob, manager=ada)
    person_set_manager(person=cleo, manager=bob)
    person_set_manager(person=dan, manager=cleo)
    old_manager = _person("Eve")
    person_set_manager(person=ada, manager=old_manager)

    with pytest.raises(ApplicationError) as exc:
        person_set_manager(person=ada, manager=dan)

    assert exc.value.message_dict == {"manager": [_cycle_message("Dan Test", "Ada Test")]}
    ada.refresh_from_db()
    assert ada.manager_id == old_manager.pk


def test_person_set_manager_refuses_a_cycle_when_the_manager_instance_is_stale():
    ada, bob = _person("Ada"), _person("Bob")
    stale_bob = Person.objects.get(pk=bob.pk)  # loaded before Bob gets a manager
    person_set_manager(person=bob, manager=ada)

    with pytest.raises(ApplicationError) as exc:
        person_set_manager(person=ada, manager=stale_bob)

    assert exc.value.message_dict == {"manager": [_cycle_message("Bob Test", "Ada Test")]}
    ada.refresh_from_db()
    assert ada.manager_id is None


def test_person_set_manager_allows_a_manager_from_another_branch():
    root, left, right = _person("Root"), _person("Left"), _person("Right")
    person_set_manager(person=left, manager=root)
    person_set_manager(person=right, manager=root)
    leaf = _person("Leaf")
    person_set_manager(person=leaf, manager=left)

    person_set_manager(person=left, manager=right)

    left.refresh_from_db()
    assert left.manager_id == right.pk


def test_person_set_manager_terminates_on_an_existing_cycle_elsewhere():
    # A loop that got into the data some other way must not hang the check.
    ada, bob, cleo = _person("Ada"), _person("Bob"), _person("Cleo")
    Person.objects.filter(pk=ada.pk).update(manager=bob)
    Person.objects.filter(pk=bob.pk).update(manager=ada)
    bob.refresh_from_db()

    person_set_manager(person=cleo, manager=bob)

    cleo.refresh_from_db()
    assert cleo.manager_id == bob.pk


_numbers = itertools.count()


def _hierarchy(size: int) -> list[Person]:
    department = DepartmentFactory(name="Engineering")
    people = []
    for _ in range(size):
        n = next(_numbers)
        people.append(
            Person.objects.create(
                employee_id=f"H{n:06d}",
                first_name=f"P{n}",
                last_name="Hypo",
                email=f"hypo{n}@example.com",
                department=department,
            )
        )
    return people


def _would_loop(managers: dict[int, int | None], person: int, manager: int) -> bool:
    cursor: int | None = manager
    seen = set()
    while cursor is not None and cursor not in seen:
        if cursor == person:
            return True
        seen.add(cursor)
        cursor = managers[cursor]
    return False


_SIZE = 6
_moves = st.lists(
    st.tuples(st.integers(0, _SIZE - 1), st.one_of(st.none(), st.integers(0, _SIZE - 1))),
    min_size=1,
    max_size=15,
)


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(moves=_moves)
def test_person_set_manager_never_leaves_a_cycle(db, moves):
    # Each example works on its own fresh people, so earlier examples cannot interfere.
    people = _hierarchy(_SIZE)
    ids = [p.pk for p in people]
    expected: dict[int, int | None] = dict.fromkeys(ids)

    for person_index, manager_index in moves:
        person = Person.objects.get(pk=ids[person_index])
        manager = None if manager_index is None else Person.objects.get(pk=ids[manager_index])
        refused = manager is not None and _would_loop(expected, person.pk, manager.pk)
        if refused:
            with pytest.raises(ApplicationError):
                person_set_manager(person=person, manager=manager)
        else:
            person_set_manager(person=person, manager=manager)
            expected[person.pk] = manager.pk if manager else None

    stored = dict(Person.objects.filter(pk__in=ids).values_list("pk", "manager_id"))
    assert stored == expected
    for pk, manager_id in stored.items():
        if manager_id is not None:
            assert not _would_loop(stored, pk, manager_id)


# --- person_update_profile ----------------------------------------------------------------


def test_person_update_profile_updates_allowed_fields():
    person = _person("Ada", time_zone="Europe/Berlin")
    english = LanguageFactory(code="en", name="English")
    german = LanguageFactory(code="de", name="German")
    chess = InterestFactory(name="Chess")

    person_update_profile(
        person=person,
        data={
            "title": "Staff Engineer",
            "bio": "Builds things.",
            "career_goals": "Lead a platform team.",
            "time_zone": "America/New_York",
            "style_structure": 1,
            "style_pace": 5,
            "style_communication": 3,
            "style_feedback": 4,
            "availability_hours_per_month": 8,
        },
        languages=[english, german],
        interests=[chess],
    )

    person.refresh_from_db()
    assert person.title == "Staff Engineer"
    assert person.bio == "Builds things."
    assert person.career_goals == "Lead a platform team."
    assert person.time_zone == "America/New_York"
    assert (
        person.style_structure,
        person.style_pace,
        person.style_communication,
        person.style_feedback,
    ) == (1, 5, 3, 4)
    assert person.availability_hours_per_month == 8
    assert set(person.languages.values_list("code", flat=True)) == {"en", "de"}
    assert list(person.interests.values_list("name", flat=True)) == ["Chess"]


def test_person_update_profile_keeps_languages_and_interests_when_not_given():
    person = _person("Ada")
    person.languages.set([LanguageFactory(code="en", name="English")])
    person.interests.set([InterestFactory(name="Chess")])

    person_update_profile(person=person, data={"bio": "New bio."})

    person.refresh_from_db()
    assert person.bio == "New bio."
    assert list(person.languages.values_list("code", flat=True)) == ["en"]
    assert list(person.interests.values_list("name", flat=True)) == ["Chess"]


def test_person_update_profile_clears_languages_with_an_empty_list():
    person = _person("Ada")
    person.languages.set([LanguageFactory(code="en", name="English")])

    person_update_profile(person=person, data={}, languages=[])

    assert person.languages.count() == 0


def test_person_update_profile_refuses_hr_fields():
    boss = _person("Boss")
    person = _person("Ada", level=3, title="Engineer")
    sales = DepartmentFactory(name="Sales")

    with pytest.raises(ApplicationError) as exc:
        person_update_profile(
            person=person,
            data={"title": "CEO", "level": 12, "department": sales, "manager": boss},
        )

    assert exc.value.messages == ["These fields cannot be edited here: department, level, manager."]
    person.refresh_from_db()
    assert (person.title, person.level, person.department.name, person.manager_id) == (
        "Engineer",
        3,
        "Engineering",
        None,
    )


def test_person_update_profile_refuses_an_invalid_time_zone():
    person = _person("Ada", time_zone="Europe/Berlin", bio="Old bio.")

    with pytest.raises(ValidationError) as exc:
        person_update_profile(person=person, data={"time_zone": "Mars/Olympus", "bio": "New."})

    assert exc.value.message_dict == {
        "time_zone": [
            "Mars/Olympus is not a known time zone; use an IANA name such as Europe/Berlin."
        ]
    }
    person.refresh_from_db()
    assert (person.time_zone, person.bio) == ("Europe/Berlin", "Old bio.")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "Ensure this value is greater than or equal to 1."),
        (6, "Ensure this value is less than or equal to 5."),
    ],
)
def test_person_update_profile_refuses_a_working_style_out_of_range(value, message):
    person = _person("Ada", bio="Old bio.")

    with pytest.raises(ValidationError) as exc:
        person_update_profile(person=person, data={"style_feedback": value, "bio": "New."})

    assert exc.value.message_dict == {"style_feedback": [message]}
    person.refresh_from_db()
    assert (person.style_feedback, person.bio) == (None, "Old bio.")


def test_person_update_profile_refuses_availability_above_80_hours():
    person = _person("Ada")

    with pytest.raises(ValidationError) as exc:
        person_update_profile(person=person, data={"availability_hours_per_month": 81})

    assert exc.value.message_dict == {
        "availability_hours_per_month": ["Ensure this value is less than or equal to 80."]
    }
    person.refresh_from_db()
    assert person.availability_hours_per_month is None


def test_person_update_profile_does_not_validate_untouched_fields():
    person = _person("Ada")
    Person.objects.filter(pk=person.pk).update(time_zone="Not/AZone")  # legacy bad data
    person.refresh_from_db()

    person_update_profile(person=person, data={"bio": "Still editable."})

    person.refresh_from_db()
    assert person.bio == "Still editable."


# --- person_skill_set / person_skill_remove -----------------------------------------------


def test_person_skill_set_adds_a_skill():
    person = _person("Ada")
    skill = SkillFactory(name="Negotiation")

    result = person_skill_set(person=person, skill=skill, level=3, can_teach=True)

    stored = PersonSkill.objects.get(person=person)
    assert stored.pk == result.pk
    assert (stored.skill_id, stored.level, stored.can_teach, stored.wants_to_learn) == (
        skill.pk,
        3,
        True,
        False,
    )


def test_person_skill_set_accepts_a_skill_id():
    person = _person("Ada")
    skill = SkillFactory(name="Negotiation")

    result = person_skill_set(person=person, skill=skill.pk, level=2, wants_to_learn=True)

    assert (result.skill_id, result.level, result.wants_to_learn) == (skill.pk, 2, True)


def test_person_skill_set_updates_level_and_intent_of_an_existing_skill():
    person = _person("Ada")
    skill = SkillFactory(name="Negotiation")
    first = person_skill_set(person=person, skill=skill, level=2, wants_to_learn=True)

    second = person_skill_set(person=person, skill=skill, level=5, can_teach=True)

    assert second.pk == first.pk
    assert PersonSkill.objects.filter(person=person).count() == 1
    stored = PersonSkill.objects.get(pk=first.pk)
    assert (stored.level, stored.can_teach, stored.wants_to_learn) == (5, True, False)


def test_person_skill_set_refuses_an_unknown_skill_id():
    person = _person("Ada")

    with pytest.raises(ApplicationError) as exc:
        person_skill_set(person=person, skill=999_999, level=3)

    assert exc.value.message_dict == {"skill": ["That skill is not in the skill catalogue."]}
    assert PersonSkill.objects.filter(person=person).count() == 0


@pytest.mark.parametrize("level", [0, 6, -1])
def test_person_skill_set_refuses_a_level_out_of_range(level):
    person = _person("Ada")
    skill = SkillFactory(name="Negotiation")

    with pytest.raises(ApplicationError) as exc:
        person_skill_set(person=person, skill=skill, level=level)

    assert exc.value.message_dict == {"level": ["Skill level must be between 1 and 5."]}
    assert PersonSkill.objects.filter(person=person).count() == 0


def test_person_skill_set_refused_level_leaves_the_existing_skill_unchanged():
    person = _person("Ada")
    skill = SkillFactory(name="Negotiation")
    existing = person_skill_set(person=person, skill=skill, level=4, can_teach=True)

    with pytest.raises(ApplicationError):
        person_skill_set(person=person, skill=skill, level=6)

    existing.refresh_from_db()
    assert (existing.level, existing.can_teach) == (4, True)


@pytest.mark.parametrize("level", [1, 5])
def test_person_skill_set_accepts_the_boundary_levels(level):
    person = _person("Ada")

    result = person_skill_set(person=person, skill=SkillFactory(), level=level)

    assert result.level == level


def test_person_skill_set_is_per_person():
    ada, bob = _person("Ada"), _person("Bob")
    skill = SkillFactory(name="Negotiation")

    person_skill_set(person=ada, skill=skill, level=2)
    person_skill_set(person=bob, skill=skill, level=4)

    assert dict(PersonSkill.objects.values_list("person_id", "level")) == {ada.pk: 2, bob.pk: 4}


def test_person_skill_remove_removes_only_that_skill():
    person = _person("Ada")
    other = _person("Bob")
    negotiation, python = SkillFactory(name="Negotiation"), SkillFactory(name="Python")
    person_skill_set(person=person, skill=negotiation, level=3)
    person_skill_set(person=person, skill=python, level=3)
    person_skill_set(person=other, skill=negotiation, level=3)

    person_skill_remove(person=person, skill_id=negotiation.pk)

    assert list(
        PersonSkill.objects.filter(person=person).values_list("skill__name", flat=True)
    ) == ["Python"]
    assert PersonSkill.objects.filter(person=other, skill=negotiation).exists()


def test_person_skill_remove_of_an_absent_skill_is_a_no_op():
    person = _person("Ada")

    person_skill_remove(person=person, skill_id=999_999)

    assert PersonSkill.objects.count() == 0


# --- job_change_record --------------------------------------------------------------------


def test_job_change_record_promotion_raises_level_and_records_from_and_to():
    person = _person("Ada", level=3, title="Engineer")

    change = job_change_record(
        person=person,
        effective_date=date(2025, 3, 1),
        kind=JobChangeKind.PROMOTION,
        to_title="Senior Engineer",
        to_level=4,
    )

    change.refresh_from_db()
    person.refresh_from_db()
    assert (change.kind, change.effective_date) == ("promotion", date(2025, 3, 1))
    assert (change.from_level, change.to_level) == (3, 4)
    assert (change.from_title, change.to_title) == ("Engineer", "Senior Engineer")
    assert change.from_department_id == change.to_department_id == person.department_id
    assert (person.level, person.title) == (4, "Senior Engineer")
    assert person.termination_date is None


@pytest.mark.parametrize("to_level", [3, 2, None])
def test_job_change_record_refuses_a_promotion_that_does_not_raise_level(to_level):
    person = _person("Ada", level=3, title="Engineer")

    with pytest.raises(ApplicationError) as exc:
        job_change_record(
            person=person,
            effective_date=date(2025, 3, 1),
            kind="promotion",
            to_title="Senior Engineer",
            to_level=to_level,
        )

    assert exc.value.message_dict == {"to_level": ["A promotion must raise the person's level."]}
    assert JobChange.objects.count() == 0
    person.refresh_from_db()
    assert (person.level, person.title) == (3, "Engineer")


@pytest.mark.parametrize("to_level", [0, 13])
def test_job_change_record_refuses_a_level_out_of_range(to_level):
    person = _person("Ada", level=3)

    with pytest.raises(ApplicationError) as exc:
        job_change_record(
            person=person, effective_date=date(2025, 3, 1), kind="lateral", to_level=to_level
        )

    assert exc.value.message_dict == {"to_level": ["A level must be between 1 and 12."]}
    assert JobChange.objects.count() == 0
    person.refresh_from_db()
    assert person.level == 3


def test_job_change_record_termination_sets_termination_date():
    person = _person("Ada", level=5, title="Engineer", hire_date=date(2020, 1, 1))

    change = job_change_record(person=person, effective_date=date(2025, 6, 30), kind="termination")

    person.refresh_from_db()
    assert person.termination_date == date(2025, 6, 30)
    assert not person.is_active_employee
    assert (person.level, person.title) == (5, "Engineer")
    assert (change.kind, change.from_level, change.to_level) == ("termination", 5, 5)


def test_job_change_record_refuses_a_termination_before_the_hire_date():
    person = _person("Ada", hire_date=date(2024, 1, 1))

    with pytest.raises(ApplicationError) as exc:
        job_change_record(person=person, effective_date=date(2023, 12, 31), kind="termination")

    assert exc.value.message_dict == {
        "effective_date": ["A termination cannot take effect before the hire date (2024-01-01)."]
    }
    assert JobChange.objects.count() == 0
    person.refresh_from_db()
    assert person.termination_date is None


def test_job_change_record_lateral_move_changes_department_and_keeps_level():
    person = _person("Ada", level=4)
    engineering = person.department
    sales = DepartmentFactory(name="Sales")

    change = job_change_record(
        person=person, effective_date=date(2025, 1, 15), kind="lateral", to_department=sales
    )

    person.refresh_from_db()
    assert (change.from_department, change.to_department) == (engineering, sales)
    assert (person.department, person.level) == (sales, 4)


def test_job_change_record_demotion_lowers_level():
    person = _person("Ada", level=6)

    job_change_record(person=person, effective_date=date(2025, 1, 15), kind="demotion", to_level=5)

    person.refresh_from_db()
    assert person.level == 5


def test_job_change_record_refuses_an_unknown_kind():
    person = _person("Ada", level=3)

    with pytest.raises(ApplicationError) as exc:
        job_change_record(
            person=person, effective_date=date(2025, 1, 15), kind="sabbatical", to_level=5
        )

    assert exc.value.message_dict == {
        "kind": [
            "Unknown kind of job change; use one of: "
            "hire, promotion, lateral, demotion, title, termination."
        ]
    }
    assert JobChange.objects.count() == 0
    person.refresh_from_db()
    assert person.level == 3


def test_ensure_no_reporting_cycle_accepts_no_manager_and_refuses_a_loop():
    ada, bob = _person("Ada"), _person("Bob")
    person_set_manager(person=bob, manager=ada)

    ensure_no_reporting_cycle(person=ada, manager=None)
    with pytest.raises(ApplicationError) as exc:
        ensure_no_reporting_cycle(person=ada, manager=bob)

    assert exc.value.message_dict == {"manager": [_cycle_message("Bob Test", "Ada Test")]}
