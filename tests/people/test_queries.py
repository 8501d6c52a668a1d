from datetime import date

import pytest

from mentorpath.people.models import Person
from mentorpath.people.queries import (
    management_chain_ids,
    people_list,
    person_skills,
    skill_search,
)
from tests.factories import (
    DepartmentFactory,
    PersonFactory,
    PersonSkillFactory,
    SkillCategoryFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


def _person(first: str, last: str = "Test", **fields) -> Person:
    return PersonFactory(first_name=first, last_name=last, **fields)


# --- management_chain_ids -----------------------------------------------------------------


def test_management_chain_ids_lists_managers_nearest_first():
    ceo = _person("Ceo")
    vp = _person("Vp", manager=ceo)
    lead = _person("Lead", manager=vp)
    engineer = _person("Engineer", manager=lead)

    assert management_chain_ids(person=engineer) == [lead.pk, vp.pk, ceo.pk]


def test_management_chain_ids_is_empty_at_the_top():
    assert management_chain_ids(person=_person("Ceo")) == []


def test_management_chain_ids_stops_on_a_cycle_in_the_data():
    ada, bob, cleo = _person("Ada"), _person("Bob"), _person("Cleo")
    Person.objects.filter(pk=ada.pk).update(manager=bob)
    Person.objects.filter(pk=bob.pk).update(manager=cleo)
    Person.objects.filter(pk=cleo.pk).update(manager=ada)
    ada.refresh_from_db()

    assert management_chain_ids(person=ada) == [bob.pk, cleo.pk]


# --- people_list --------------------------------------------------------------------------


@pytest.fixture
def staff():
    sales = DepartmentFactory(name="Sales")
    return {
        "ada": _person(
            "Ada", "Lovelace", email="ada@example.com", employee_id="E100", title="Engineer"
        ),
        "alan": _person("Alan", "Turing", email="alan@example.com", employee_id="E200", level=5),
        "grace": _person(
            "Grace",
            "Hopper",
            email="grace@example.com",
            employee_id="E300",
            title="Account Executive",
            department=sales,
        ),
        "gone": _person(
            "Ada",
            "Gone",
            email="gone@example.com",
            employee_id="E400",
            hire_date=date(2020, 1, 1),
            termination_date=date(2024, 1, 1),
        ),
    }


def _names(people) -> list[str]:
    return [p.full_name for p in people]


def test_people_list_excludes_terminated_people_by_default(staff):
    assert _names(people_list()) == ["Grace Hopper", "Ada Lovelace", "Alan Turing"]


def test_people_list_includes_terminated_people_on_request(staff):
    assert _names(people_list(include_terminated=True)) == [
        "Ada Gone",
        "Grace Hopper",
        "Ada Lovelace",
        "Alan Turing",
    ]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("ada", ["Ada Lovelace"]),
        ("TURING", ["Alan Turing"]),
        ("grace@ex", ["Grace Hopper"]),
        ("e300", ["Grace Hopper"]),
        ("E30", []),  # employee ids match exactly, not by part
        ("executive", ["Grace Hopper"]),
        ("a", ["Grace Hopper", "Ada Lovelace", "Alan Turing"]),
        ("ada lovelace", ["Ada Lovelace"]),
        ("ada turing", []),  # every word must match
        ("  ", ["Grace Hopper", "Ada Lovelace", "Alan Turing"]),
    ],
)
def test_people_list_search_matches_every_word(staff, search, expected):
    assert _names(people_list(search=search)) == expected


def test_people_list_filters_by_department(staff):
    sales = staff["grace"].department

    assert _names(people_list(department_id=sales.pk)) == ["Grace Hopper"]


def test_people_list_filters_by_level(staff):
    assert _names(people_list(level=5)) == ["Alan Turing"]


def test_people_list_combines_search_and_filters(staff):
    engineering = staff["ada"].department

    assert _names(people_list(search="a", department_id=engineering.pk, level=3)) == [
        "Ada Lovelace"
    ]


def test_people_list_counts_direct_reports(staff):
    _person("Report", "One", manager=staff["ada"])
    _person("Report", "Two", manager=staff["ada"])

    counts = {p.full_name: p.report_count for p in people_list(search="lovelace")}

    assert counts == {"Ada Lovelace": 2}


# --- skill_search -------------------------------------------------------------------------


def test_skill_search_puts_names_starting_with_the_query_first():
    tech = SkillCategoryFactory(name="Technology")
    for name in ["Applied Python", "Python", "Python Packaging", "Cython and Python"]:
        SkillFactory(name=name, category=tech)

    result = skill_search(query="python")

    assert [s.name for s in result] == [
        "Python",
        "Python Packaging",
        "Applied Python",
        "Cython and Python",
    ]


def test_skill_search_finds_a_prefix_match_beyond_many_other_matches():
    tech = SkillCategoryFactory(name="Technology")
    for n in range(40):
        SkillFactory(name=f"Applied data {n:02d}", category=tech)
    SkillFactory(name="Data storytelling", category=tech)

    result = skill_search(query="data", limit=5)

    assert [s.name for s in result] == [
        "Data storytelling",
        "Applied data 00",
        "Applied data 01",
        "Applied data 02",
        "Applied data 03",
    ]


def test_skill_search_matches_the_category_name():
    leadership = SkillCategoryFactory(name="Leadership")
    craft = SkillCategoryFactory(name="Craft")
    SkillFactory(name="Delegation", category=leadership)
    SkillFactory(name="Woodwork", category=craft)

    assert [s.name for s in skill_search(query="leader")] == ["Delegation"]


def test_skill_search_is_empty_for_a_blank_query():
    SkillFactory(name="Delegation")

    assert skill_search(query="   ") == []


def test_skill_search_respects_the_limit():
    for n in range(5):
        SkillFactory(name=f"Coaching {n}")

    assert [s.name for s in skill_search(query="coach", limit=2)] == ["Coaching 0", "Coaching 1"]


def test_skill_search_excludes_skills_the_person_already_has():
    person = _person("Ada")
    other = _person("Bob")
    held = SkillFactory(name="Negotiation")
    held_by_other = SkillFactory(name="Networking")
    PersonSkillFactory(person=person, skill=held)
    PersonSkillFactory(person=other, skill=held_by_other)

    result = skill_search(query="ne", exclude_person=person)

    assert [s.name for s in result] == ["Networking"]


# --- person_skills ------------------------------------------------------------------------


def test_person_skills_are_ordered_by_skill_name():
    person = _person("Ada")
    PersonSkillFactory(person=person, skill=SkillFactory(name="Writing"))
    PersonSkillFactory(person=person, skill=SkillFactory(name="Budgeting"))
    PersonSkillFactory(skill=SkillFactory(name="Archery"))

    assert [ps.skill.name for ps in person_skills(person=person)] == ["Budgeting", "Writing"]
