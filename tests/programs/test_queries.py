from datetime import date

import pytest

from mentorpath.programs.models import Program
from mentorpath.programs.queries import (
    enrollments_of,
    ineligibility_reason,
    join_options,
    live_enrollment,
    program_catalog,
    program_enrollments,
    programs_managed_by,
    programs_visible_to,
    with_enrollment_counts,
)
from tests.factories import (
    DepartmentFactory,
    EnrollmentFactory,
    LocationFactory,
    PersonFactory,
    ProgramFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _names(programs) -> list[str]:
    return [p.name for p in programs]


# --- ineligibility_reason -----------------------------------------------------------------


@pytest.fixture
def person():
    return PersonFactory(level=4)


def test_ineligibility_reason_is_none_for_an_open_program(person):
    assert ineligibility_reason(program=ProgramFactory(), person=person) is None


@pytest.mark.parametrize(("min_level", "max_level"), [(4, None), (None, 4), (4, 4), (1, 12)])
def test_ineligibility_reason_accepts_the_level_bounds(person, min_level, max_level):
    program = ProgramFactory(min_level=min_level, max_level=max_level)

    assert ineligibility_reason(program=program, person=person) is None


def test_ineligibility_reason_below_min_level(person):
    program = ProgramFactory(min_level=5)

    assert (
        ineligibility_reason(program=program, person=person)
        == "This program is for level 5 and above."
    )


def test_ineligibility_reason_above_max_level(person):
    program = ProgramFactory(max_level=3)

    assert (
        ineligibility_reason(program=program, person=person)
        == "This program's mentees are level 3 and below."
    )


def test_ineligibility_reason_other_department(person):
    program = ProgramFactory()
    program.eligible_departments.set([DepartmentFactory(name="Sales")])

    assert (
        ineligibility_reason(program=program, person=person)
        == "This program's mentees come from other departments than yours."
    )


def test_ineligibility_reason_person_without_department_in_a_restricted_program():
    person = PersonFactory(department=None)
    program = ProgramFactory()
    program.eligible_departments.set([DepartmentFactory(name="Sales")])

    assert (
        ineligibility_reason(program=program, person=person)
        == "This program's mentees come from other departments than yours."
    )


def test_ineligibility_reason_other_location(person):
    program = ProgramFactory()
    program.eligible_locations.set([LocationFactory(name="Paris")])

    assert (
        ineligibility_reason(program=program, person=person)
        == "This program's mentees come from other locations than yours."
    )


@pytest.mark.parametrize("role", ["mentor", "mentee"])
def test_ineligibility_reason_terminated_person_comes_first(role):
    person = PersonFactory(level=1, hire_date=date(2020, 1, 1), termination_date=date(2024, 1, 1))
    program = ProgramFactory(min_level=5)

    assert (
        ineligibility_reason(program=program, person=person, role=role)
        == "Only current employees can join programs."
    )


@pytest.fixture
def restricted_program():
    """A program whose mentees are level 2–3 in Sales, Paris: every mentee rule excludes person."""
    program = ProgramFactory(min_level=2, max_level=3)
    program.eligible_departments.set([DepartmentFactory(name="Sales")])
    program.eligible_locations.set([LocationFactory(name="Paris", time_zone="Europe/Paris")])
    return program


def test_ineligibility_reason_defaults_to_the_mentee_role(person, restricted_program):
    assert ineligibility_reason(program=restricted_program, person=person) == (
        ineligibility_reason(program=restricted_program, person=person, role="mentee")
    )
    assert ineligibility_reason(program=restricted_program, person=person) == (
        "This program's mentees are level 3 and below."
    )


def test_ineligibility_reason_mentor_ignores_max_level_department_and_location(
    person, restricted_program
):
    assert ineligibility_reason(program=restricted_program, person=person, role="mentor") is None


def test_ineligibility_reason_mentor_without_department_or_location_is_accepted(
    restricted_program,
):
    person = PersonFactory(level=4, department=None, location=None)

    assert ineligibility_reason(program=restricted_program, person=person, role="mentor") is None


def test_ineligibility_reason_mentor_below_min_level(person):
    program = ProgramFactory(min_level=5)

    assert (
        ineligibility_reason(program=program, person=person, role="mentor")
        == "Mentors in this program are level 5 and above."
    )


def test_ineligibility_reason_mentor_at_min_level_is_accepted(person):
    program = ProgramFactory(min_level=4, max_level=4)

    assert ineligibility_reason(program=program, person=person, role="mentor") is None


# --- join_options -------------------------------------------------------------------------


def test_join_options_open_program_allows_both_roles(person):
    assert join_options(program=ProgramFactory(), person=person) == {
        "mentor": None,
        "mentee": None,
    }


def test_join_options_mentee_rules_refuse_only_the_mentee_role(person, restricted_program):
    assert join_options(program=restricted_program, person=person) == {
        "mentor": None,
        "mentee": "This program's mentees are level 3 and below.",
    }


def test_join_options_other_department_refuses_only_the_mentee_role(person):
    program = ProgramFactory()
    program.eligible_departments.set([DepartmentFactory(name="Sales")])

    assert join_options(program=program, person=person) == {
        "mentor": None,
        "mentee": "This program's mentees come from other departments than yours.",
    }


def test_join_options_below_min_level_refuses_both_roles(person):
    program = ProgramFactory(min_level=5)

    assert join_options(program=program, person=person) == {
        "mentor": "Mentors in this program are level 5 and above.",
        "mentee": "This program is for level 5 and above.",
    }


def test_join_options_terminated_person_refused_in_both_roles():
    person = PersonFactory(level=4, hire_date=date(2020, 1, 1), termination_date=date(2024, 1, 1))

    assert join_options(program=ProgramFactory(), person=person) == {
        "mentor": "Only current employees can join programs.",
        "mentee": "Only current employees can join programs.",
    }


def test_join_options_lists_the_mentor_role_first(person):
    assert list(join_options(program=ProgramFactory(), person=person)) == ["mentor", "mentee"]


# --- program_catalog ----------------------------------------------------------------------


@pytest.fixture
def catalog_programs(person):
    sales = DepartmentFactory(name="Sales")
    paris = LocationFactory(name="Paris", time_zone="Europe/Paris")
    own_department = ProgramFactory(name="B Own department")
    own_department.eligible_departments.set([person.department, sales])
    other_department = ProgramFactory(name="F Other department")
    other_department.eligible_departments.set([sales])
    own_location = ProgramFactory(name="C Own location")
    own_location.eligible_locations.set([person.location, paris])
    other_location = ProgramFactory(name="G Other location")
    other_location.eligible_locations.set([paris])
    return {
        "open": ProgramFactory(name="A Enrolling", status="enrolling"),
        "active": ProgramFactory(name="D Active", status="active"),
        "levels": ProgramFactory(name="E Level fit", min_level=4, max_level=4),
        "own_department": own_department,
        "own_location": own_location,
        "other_department": other_department,
        "other_location": other_location,
        "too_junior": ProgramFactory(name="H Too junior", max_level=3),
        "draft": ProgramFactory(name="X Draft", status="draft"),
        "matching": ProgramFactory(name="X Matching", status="matching"),
        "closed": ProgramFactory(name="X Closed", status="closed"),
        "unlisted": ProgramFactory(name="X Unlisted", visibility="unlisted"),
        "too_senior": ProgramFactory(name="X Too senior", min_level=5),
    }


CATALOG_FOR_LEVEL_4 = [
    "A Enrolling",
    "B Own department",
    "C Own location",
    "D Active",
    "E Level fit",
    "F Other department",
    "G Other location",
    "H Too junior",
]


def test_program_catalog_lists_listed_open_programs_joinable_in_some_role(person, catalog_programs):
    assert _names(program_catalog(person=person)) == CATALOG_FOR_LEVEL_4


def test_program_catalog_is_empty_for_a_terminated_person(catalog_programs):
    person = PersonFactory(level=4, hire_date=date(2020, 1, 1), termination_date=date(2024, 1, 1))

    assert list(program_catalog(person=person)) == []


def test_program_catalog_is_empty_without_a_person(catalog_programs):
    assert list(program_catalog(person=None)) == []


def test_program_catalog_person_without_department_still_sees_restricted_programs(
    catalog_programs,
):
    person = PersonFactory(level=4, department=None, location=None)

    assert _names(program_catalog(person=person)) == CATALOG_FOR_LEVEL_4


def test_program_catalog_includes_a_max_level_program_for_a_senior_person():
    junior = ProgramFactory(name="Junior Track", min_level=1, max_level=3)
    senior = PersonFactory(level=10)

    assert list(program_catalog(person=senior)) == [junior]
    assert join_options(program=junior, person=senior) == {
        "mentor": None,
        "mentee": "This program's mentees are level 3 and below.",
    }


def test_program_catalog_excludes_a_program_above_the_persons_level():
    ProgramFactory(name="Senior Track", min_level=7)
    at_level = ProgramFactory(name="Mid Track", min_level=6)

    assert list(program_catalog(person=PersonFactory(level=6))) == [at_level]


def test_program_catalog_lists_a_restricted_program_once(person):
    program = ProgramFactory(name="Many rules")
    program.eligible_departments.set([DepartmentFactory(name="Sales"), person.department])
    program.eligible_locations.set([LocationFactory(name="Paris"), person.location])

    assert list(program_catalog(person=person)) == [program]


def test_program_catalog_annotates_enrollment_counts(person):
    program = ProgramFactory(name="Counted")
    EnrollmentFactory(program=program, role="mentor", status="approved")
    EnrollmentFactory(program=program, role="mentee", status="approved")
    EnrollmentFactory(program=program, role="mentee", status="approved")
    EnrollmentFactory(program=program, role="mentee", status="pending")
    EnrollmentFactory(program=program, role="mentee", status="withdrawn")

    [listed] = program_catalog(person=person)

    assert (listed.mentor_count, listed.mentee_count, listed.pending_count) == (1, 2, 1)


# --- with_enrollment_counts / programs_managed_by -----------------------------------------


def test_with_enrollment_counts_counts_only_approved_and_pending():
    program = ProgramFactory()
    empty = ProgramFactory()
    for role, status in [
        ("mentor", "approved"),
        ("mentor", "approved"),
        ("mentor", "pending"),
        ("mentor", "declined"),
        ("mentee", "approved"),
        ("mentee", "pending"),
        ("mentee", "pending"),
        ("mentee", "withdrawn"),
    ]:
        EnrollmentFactory(program=program, role=role, status=status)

    counts = {
        p.pk: (p.mentor_count, p.mentee_count, p.pending_count)
        for p in with_enrollment_counts(Program.objects.all())
    }

    assert counts == {program.pk: (2, 1, 3), empty.pk: (0, 0, 0)}


def test_programs_managed_by_admin_is_every_program(admin_user):
    ProgramFactory(name="Beta")
    ProgramFactory(name="Alpha")

    assert _names(programs_managed_by(user=admin_user)) == ["Alpha", "Beta"]


def test_programs_managed_by_manager_is_their_programs(manager_user, program):
    ProgramFactory(name="Someone else's")
    EnrollmentFactory(program=program, role="mentee", status="pending")

    [managed] = programs_managed_by(user=manager_user)

    assert (managed, managed.mentor_count, managed.mentee_count, managed.pending_count) == (
        program,
        1,
        1,
        1,
    )


# --- programs_visible_to ------------------------------------------------------------------


@pytest.fixture
def landscape(program):
    """`program` (enrolling, listed, managed by manager_user) plus programs around it."""
    return {
        "managed_draft": ProgramFactory(name="Managed draft", status="draft"),
        "listed": ProgramFactory(name="Listed open"),
        "unlisted": ProgramFactory(name="Unlisted open", visibility="unlisted"),
        "draft": ProgramFactory(name="Someone's draft", status="draft"),
        "matching": ProgramFactory(name="Matching", status="matching"),
        "closed": ProgramFactory(name="Closed", status="closed"),
        "career": program,
    }


def _visible(user) -> set[str]:
    names = _names(programs_visible_to(user=user))
    assert len(names) == len(set(names)), "a program is listed twice"
    return set(names)


@pytest.mark.parametrize("persona", ["admin_user", "executive_user"])
def test_programs_visible_to_admin_and_executive_is_everything(request, landscape, persona):
    user = request.getfixturevalue(persona)

    assert _visible(user) == {p.name for p in landscape.values()}


NON_DRAFT = {"Career Compass", "Listed open", "Unlisted open", "Matching", "Closed"}


def test_programs_visible_to_manager_is_every_non_draft_plus_managed(manager_user, landscape):
    landscape["managed_draft"].managers.add(manager_user)

    assert _visible(manager_user) == NON_DRAFT | {"Managed draft"}


def test_programs_visible_to_participant_is_every_non_draft_plus_enrolled(mentee_user, landscape):
    EnrollmentFactory(program=landscape["draft"], person=mentee_user.person, status="withdrawn")
    EnrollmentFactory(program=landscape["unlisted"], person=mentee_user.person, status="approved")

    assert _visible(mentee_user) == NON_DRAFT | {"Someone's draft"}


def test_programs_visible_to_outsider_is_every_non_draft_program(outsider_user, landscape):
    assert _visible(outsider_user) == NON_DRAFT


def test_programs_visible_to_outsider_includes_ineligible_programs(outsider_user, landscape):
    landscape["listed"].eligible_departments.set([DepartmentFactory(name="Sales")])
    Program.objects.filter(pk=landscape["unlisted"].pk).update(min_level=9)

    assert _visible(outsider_user) == NON_DRAFT


def test_programs_visible_to_user_without_person_is_managed_only(landscape):
    user = UserFactory(email="no-person@example.com")
    landscape["draft"].managers.add(user)

    assert _visible(user) == {"Someone's draft"}


def test_programs_visible_to_inactive_admin_is_not_everything(landscape):
    user = UserFactory(email="former-admin@example.com", org_role="admin", is_active=False)

    assert _visible(user) == set()


# --- live_enrollment / enrollments_of -----------------------------------------------------


def test_live_enrollment_finds_only_pending_or_approved(person):
    program = ProgramFactory()
    EnrollmentFactory(program=program, person=person, status="withdrawn")
    assert live_enrollment(program=program, person=person) is None

    live = EnrollmentFactory(program=program, person=person, status="pending")

    assert live_enrollment(program=program, person=person) == live


def test_enrollments_of_lists_a_persons_enrollments_newest_first(person):
    first = EnrollmentFactory(person=person, status="withdrawn")
    second = EnrollmentFactory(person=person, status="approved")
    EnrollmentFactory()

    assert list(enrollments_of(person=person)) == [second, first]


# --- program_enrollments ------------------------------------------------------------------


@pytest.fixture
def roster():
    program = ProgramFactory()
    sales = DepartmentFactory(name="Sales")

    def enroll(first, last, role, status, **person_fields):
        person = PersonFactory(first_name=first, last_name=last, **person_fields)
        return EnrollmentFactory(program=program, person=person, role=role, status=status)

    enroll("Zoe", "Adams", "mentee", "approved", email="zoe@example.com")
    enroll("Yann", "Brown", "mentor", "pending", email="yann@example.com")
    enroll("Xia", "Adams", "mentor", "approved", email="xia@example.com", department=sales)
    enroll("Will", "Clark", "mentee", "pending", email="will@example.com")
    enroll("Vera", "Brown", "mentee", "withdrawn", email="vera@example.com")
    EnrollmentFactory(status="pending")  # another program's enrollment
    return program


def _people(enrollments) -> list[str]:
    return [e.person.full_name for e in enrollments]


def test_program_enrollments_lists_pending_first_then_by_name(roster):
    assert _people(program_enrollments(program=roster)) == [
        "Yann Brown",
        "Will Clark",
        "Xia Adams",
        "Zoe Adams",
        "Vera Brown",
    ]


def test_program_enrollments_filters_by_role(roster):
    assert _people(program_enrollments(program=roster, role="mentor")) == [
        "Yann Brown",
        "Xia Adams",
    ]


def test_program_enrollments_filters_by_status(roster):
    assert _people(program_enrollments(program=roster, status="approved")) == [
        "Xia Adams",
        "Zoe Adams",
    ]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("adams", ["Xia Adams", "Zoe Adams"]),
        ("ZOE", ["Zoe Adams"]),
        ("will@", ["Will Clark"]),
        ("sales", ["Xia Adams"]),
        ("brown vera", ["Vera Brown"]),
        ("brown zoe", []),
    ],
)
def test_program_enrollments_search_matches_every_word(roster, search, expected):
    assert _people(program_enrollments(program=roster, search=search)) == expected


def test_program_enrollments_combines_filters(roster):
    result = program_enrollments(program=roster, role="mentee", status="pending", search="clark")

    assert _people(result) == ["Will Clark"]


def test_programs_visible_to_terminated_person_only_their_own_programs(program, outsider_user):
    other = ProgramFactory(name="Open to employees", slug="open-to-employees")
    person = outsider_user.person
    person.termination_date = date(2026, 1, 1)
    person.save()
    EnrollmentFactory(program=program, person=person, status="withdrawn")

    visible = set(programs_visible_to(user=outsider_user))

    assert visible == {program}
    assert other not in visible


def test_ineligibility_reason_mentor_min_level_overrides_the_mentees_lowest_level(outsider_user):
    program = ProgramFactory(min_level=1, max_level=3, mentor_min_level=5)
    person = outsider_user.person
    person.level = 4

    assert ineligibility_reason(program=program, person=person, role="mentor") == (
        "Mentors in this program are level 5 and above."
    )
    assert ineligibility_reason(program=program, person=person, role="mentee") == (
        "This program's mentees are level 3 and below."
    )
    person.level = 5
    assert ineligibility_reason(program=program, person=person, role="mentor") is None


def test_program_catalog_lists_a_program_joinable_only_as_mentee(outsider_user):
    person = outsider_user.person
    person.level = 3
    person.save()
    mentee_only = ProgramFactory(name="Juniors", slug="juniors", max_level=4, mentor_min_level=6)
    neither = ProgramFactory(name="Seniors only", slug="seniors", max_level=2, mentor_min_level=6)

    catalog = set(program_catalog(person=person))

    assert mentee_only in catalog
    assert neither not in catalog
