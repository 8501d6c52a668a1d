"""Each dataset's exact columns and rows on the small world, for an org admin (everything) and
the program's manager (their program only; people with fewer columns), and the filters."""

import pytest

from tests.exports.conftest import csv_rows, page_url

pytestmark = pytest.mark.django_db


def utc(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def export(client, dataset: str, **filters: str) -> list[list[str]]:
    response = client.get(page_url(dataset, **filters))
    assert response.status_code == 200
    return csv_rows(response)


def person_row(person) -> list[str]:
    return [
        person.employee_id,
        person.first_name,
        person.last_name,
        person.email,
        "Engineer",
        "Engineering",
        str(person.level),
        "",
        "Berlin",
        "Europe/Berlin",
        "",
        "",
    ]


def test_people_for_an_admin_are_everyone_with_every_column(world, client_for, admin_user):
    from mentorpath.people.models import Person

    world.pair.mentee.person.manager = world.pair.mentor.person
    world.pair.mentee.person.save(update_fields=["manager"])

    rows = export(client_for(admin_user), "people")

    assert rows[0] == [
        "employee_id",
        "first_name",
        "last_name",
        "email",
        "title",
        "department",
        "level",
        "manager_employee_id",
        "location",
        "time_zone",
        "hire_date",
        "termination_date",
    ]
    people = list(Person.objects.order_by("employee_id"))
    expected = [person_row(person) for person in people]
    mentee_index = people.index(world.pair.mentee.person)
    expected[mentee_index][7] = world.pair.mentor.person.employee_id
    assert rows[1:] == expected


def test_people_for_a_manager_are_their_participants_with_fewer_columns(
    world, client_for, manager_user
):
    mentor, mentee = world.pair.mentor.person, world.pair.mentee.person

    rows = export(client_for(manager_user), "people")

    assert rows == [
        ["employee_id", "first_name", "last_name", "email", "title", "department"],
        [mentor.employee_id, "Ada", "Lovelace", "mentor@example.com", "Engineer", "Engineering"],
        [mentee.employee_id, "Grace", "Hopper", "mentee@example.com", "Engineer", "Engineering"],
    ]


def enrollment_row(enrollment, program_name: str) -> list[str]:
    person = enrollment.person
    return [
        str(enrollment.pk),
        program_name,
        person.employee_id,
        person.first_name,
        person.last_name,
        person.email,
        enrollment.role,
        "approved",
        "2" if enrollment.role == "mentor" else "",
        "1" if enrollment.role == "mentor" else "0",
        utc(enrollment.created_at),
        "",
    ]


ENROLLMENT_HEADER = [
    "enrollment_id",
    "program",
    "employee_id",
    "first_name",
    "last_name",
    "email",
    "role",
    "status",
    "capacity",
    "load",
    "enrolled_at_utc",
    "decided_at_utc",
]


def test_enrollments_for_an_admin_and_a_manager(world, client_for, admin_user, manager_user):
    mine = [world.pair.mentor, world.pair.mentee]
    others = [world.other_pair.mentor, world.other_pair.mentee]
    for enrollment in mine + others:
        enrollment.refresh_from_db()
    expected_mine = [enrollment_row(e, "Career Compass") for e in mine]
    expected_others = [enrollment_row(e, "Other Program") for e in others]

    assert export(client_for(admin_user), "enrollments") == [
        ENROLLMENT_HEADER,
        *expected_mine,
        *expected_others,
    ]
    assert export(client_for(manager_user), "enrollments") == [ENROLLMENT_HEADER, *expected_mine]


def test_pairs_exact_row(world, client_for, manager_user):
    pair = world.pair
    pair.refresh_from_db()

    rows = export(client_for(manager_user), "pairs")

    assert rows == [
        [
            "pair_id",
            "program",
            "mentor_employee_id",
            "mentor_first_name",
            "mentor_last_name",
            "mentee_employee_id",
            "mentee_first_name",
            "mentee_last_name",
            "status",
            "source",
            "match_score",
            "proposed_at_utc",
            "started_at_utc",
            "ended_at_utc",
            "end_reason",
        ],
        [
            str(pair.pk),
            "Career Compass",
            pair.mentor.person.employee_id,
            "Ada",
            "Lovelace",
            pair.mentee.person.employee_id,
            "Grace",
            "Hopper",
            "active",
            pair.source,
            "",
            utc(pair.created_at),
            utc(pair.started_at),
            "",
            "",
        ],
    ]


def test_goals_with_milestone_counts(world, client_for, admin_user):
    goal = world.goal

    rows = export(client_for(admin_user), "goals")

    assert rows == [
        [
            "goal_id",
            "pair_id",
            "program",
            "mentee_employee_id",
            "mentee_first_name",
            "mentee_last_name",
            "title",
            "status",
            "progress",
            "target_date",
            "completed_at_utc",
            "skill",
            "objective",
            "milestones",
            "milestones_done",
        ],
        [
            str(goal.pk),
            str(world.pair.pk),
            "Career Compass",
            world.pair.mentee.person.employee_id,
            "Grace",
            "Hopper",
            '\'=HYPERLINK("http://evil.example")',
            "on_track",
            "40",
            "2030-03-31",
            "",
            "Negotiation",
            "Keep early-career talent",
            "2",
            "1",
        ],
    ]


CHECKIN_HEADER = [
    "checkin_id",
    "pair_id",
    "program",
    "mentor_employee_id",
    "mentee_employee_id",
    "date",
    "starts_at_utc",
    "time_zone",
    "duration_minutes",
    "status",
    "held_minutes",
    "agenda",
    "shared_notes",
]


def test_checkins_local_date_and_shared_note_count_only(world, client_for, admin_user):
    other = world.other_pair.checkins.get()

    rows = export(client_for(admin_user), "checkins")

    assert rows == [
        CHECKIN_HEADER,
        [
            str(world.checkin.pk),
            str(world.pair.pk),
            "Career Compass",
            world.pair.mentor.person.employee_id,
            world.pair.mentee.person.employee_id,
            "2030-01-09",  # 00:30 in Berlin
            "2030-01-08 23:30:00",
            "Europe/Berlin",
            "60",
            "held",
            "50",
            "'@SUM(1+1) then career plans",
            "1",  # the shared note; the private one is not counted
        ],
        [
            str(other.pk),
            str(world.other_pair.pk),
            "Other Program",
            world.other_pair.mentor.person.employee_id,
            world.other_pair.mentee.person.employee_id,
            "2030-02-01",
            "2030-02-01 09:00:00",
            "UTC",
            "45",
            "scheduled",
            "",
            "Other agenda",
            "0",
        ],
    ]


def test_checkins_filtered_by_program_and_dates(world, client_for, admin_user):
    client = client_for(admin_user)

    by_program = export(client, "checkins", program="other-program")
    by_dates = export(client, "checkins", date_from="2030-01-09", date_to="2030-01-31")
    before = export(client, "checkins", date_to="2030-01-08")

    assert [row[0] for row in by_program[1:]] == [str(world.other_pair.checkins.get().pk)]
    assert [row[0] for row in by_dates[1:]] == [str(world.checkin.pk)]
    assert before == [CHECKIN_HEADER]


def test_goals_filtered_by_target_date(world, client_for, manager_user):
    client = client_for(manager_user)

    assert len(export(client, "goals", date_from="2030-03-31")) == 2
    assert len(export(client, "goals", date_from="2030-04-01")) == 1


def test_people_filtered_by_program_for_an_admin(world, client_for, admin_user):
    rows = export(client_for(admin_user), "people", program="other-program")

    assert [row[3] for row in rows[1:]] == [
        "other-mentor@example.com",
        "other-mentee@example.com",
    ]


SURVEY_HEADER = [
    "program",
    "survey_id",
    "survey",
    "survey_status",
    "asked",
    "respondents",
    "question_number",
    "question",
    "question_kind",
    "answered",
    "item",
    "count",
    "average",
    "nps",
    "text",
    "note",
]


def survey_rows(world, *, executive: bool) -> list[list[str]]:
    m = ["Career Compass", str(world.midpoint.pk), "Midpoint", "open", "5", "5"]
    p = ["Career Compass", str(world.pulse.pk), "Pulse", "open", "2", "2"]
    useful = [*m, "1", "How useful?", "rating", "5"]
    cont = [*m, "2", "Continue?", "single", "5"]
    helped = [*m, "3", "What helped?", "text", "5"]
    rows = [
        [*useful, "1", "0", "", "", "", ""],
        [*useful, "2", "1", "", "", "", ""],
        [*useful, "3", "1", "", "", "", ""],
        [*useful, "4", "2", "", "", "", ""],
        [*useful, "5", "1", "", "", "", ""],
        [*useful, "All answers", "5", "3.6", "", "", ""],
        [*cont, "Yes", "3", "", "", "", ""],
        [*cont, "No", "2", "", "", "", ""],
        [*cont, "All answers", "5", "", "", "", ""],
    ]
    if executive:
        return [
            *rows,
            [
                *helped,
                "All answers",
                "5",
                "",
                "",
                "",
                "Written answers are shown to the program team only.",
            ],
            [
                *p,
                "1",
                "How was it?",
                "rating",
                "",
                "",
                "",
                "",
                "",
                "",
                "Fewer than 5 people answered, so results are not shown, to keep answers "
                "anonymous.",
            ],
        ]
    texts = sorted(
        [
            "'=1+1 more time together",
            "A shared agenda.",
            "Meet in person.",
            "'-Fewer cancellations",
            "Nothing, it is great.",
        ]
    )
    was = [*p, "1", "How was it?", "rating", "2"]
    return [
        *rows,
        [*helped, "All answers", "5", "", "", "", ""],
        *([*helped, "Written answer", "", "", "", text, ""] for text in texts),
        [*was, "1", "0", "", "", "", ""],
        [*was, "2", "0", "", "", "", ""],
        [*was, "3", "0", "", "", "", ""],
        [*was, "4", "1", "", "", "", ""],
        [*was, "5", "1", "", "", "", ""],
        [*was, "All answers", "2", "4.5", "", "", ""],
    ]


def sort_texts(rows: list[list[str]]) -> list[list[str]]:
    """The written answers come in a fixed shuffled order; compare them sorted."""
    written = sorted((row for row in rows if row[10] == "Written answer"), key=lambda r: r[14])
    others = [row for row in rows if row[10] != "Written answer"]
    index = next((i for i, row in enumerate(others) if row[8] == "text"), len(others)) + 1
    return others[:index] + written + others[index:]


@pytest.mark.parametrize("persona", ["admin", "manager"])
def test_survey_results_for_the_program_team(request, world, client_for, persona):
    client = client_for(request.getfixturevalue(f"{persona}_user"))

    rows = export(client, "survey_results")

    assert rows[0] == SURVEY_HEADER
    assert sort_texts(rows[1:]) == survey_rows(world, executive=False)


def test_survey_results_for_executives_are_suppressed_and_without_text(
    world, client_for, executive_user
):
    rows = export(client_for(executive_user), "survey_results")

    assert rows == [SURVEY_HEADER, *survey_rows(world, executive=True)]


def test_survey_results_leave_out_drafts_and_follow_the_program_filter(
    world, client_for, admin_user
):
    rows = export(client_for(admin_user), "survey_results", program="other-program")

    assert rows == [SURVEY_HEADER]  # "Elsewhere" has no questions; the draft is left out
