"""The import service: creates and updates, managers in any order, job changes, and every
kind of bad row reported with nothing written."""

from datetime import date

import pytest
from django.utils import timezone

from mentorpath.hris import services
from mentorpath.hris.enums import JobStatus
from mentorpath.people.models import Department, JobChange, Person
from tests.factories import DepartmentFactory, LocationFactory, PersonFactory
from tests.hris.conftest import csv_text, csv_upload, xlsx_upload

pytestmark = pytest.mark.django_db

FULL = (
    "Employee ID,First name,Last name,Email,Title,Department,Level,Manager ID,Start date,"
    "Location,Termination date,Time zone,Gender,Effective date"
)


def run(text: str, by=None, *, apply: bool = True, mapping=None, **upload):
    """Upload, dry-run and (when clean and `apply`) import a CSV text."""
    job = services.import_job_create(upload=csv_upload(text, **upload), by=by)
    job = services.import_job_start(job=job, by=by, mapping=mapping)
    if apply and job.status == JobStatus.CHECKED:
        job = services.import_job_apply(job=job, by=by)
    return job


def snapshot():
    return (
        Person.objects.count(),
        JobChange.objects.count(),
        Department.objects.count(),
        list(
            Person.objects.order_by("pk").values_list("employee_id", "email", "level", "manager_id")
        ),
    )


def org_csv(*rows):
    return csv_text(*rows)


def test_import_creates_people_and_links_managers_listed_after_their_reports():
    text = org_csv(
        "E3,Cy,Dev,cy@example.com,Developer,Engineering,3,E2,2021-05-01",
        "E2,Bea,Boss,bea@example.com,CTO,Engineering,9,E1,2020-01-01",
        "E1,Al,Top,al@example.com,CEO,Board,12,,2019-01-01",
    )

    job = run(text)

    assert job.status == JobStatus.DONE
    assert job.counts == {
        "rows": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "terminated": 0,
        "hires": 3,
        "job_changes": 0,
        "new_departments": 2,
        "erased_skipped": 0,
        "errors": 0,
    }
    managers = dict(Person.objects.values_list("employee_id", "manager__employee_id"))
    assert managers == {"E1": None, "E2": "E1", "E3": "E2"}
    cy = Person.objects.get(employee_id="E3")
    assert (cy.first_name, cy.last_name, cy.email, cy.title, cy.level) == (
        "Cy",
        "Dev",
        "cy@example.com",
        "Developer",
        3,
    )
    assert (cy.department.name, cy.hire_date, cy.time_zone) == (
        "Engineering",
        date(2021, 5, 1),
        "UTC",
    )
    assert sorted(Department.objects.values_list("name", flat=True)) == ["Board", "Engineering"]
    hires = JobChange.objects.filter(kind="hire").order_by("effective_date")
    assert [(c.person.employee_id, c.effective_date, c.to_level) for c in hires] == [
        ("E1", date(2019, 1, 1), 12),
        ("E2", date(2020, 1, 1), 9),
        ("E3", date(2021, 5, 1), 3),
    ]
    assert not job.file  # the file is removed once imported


def test_import_links_managers_to_people_already_stored():
    boss = PersonFactory(employee_id="B1")

    run(org_csv("E1,Al,New,al@example.com,Engineer,Engineering,3,B1,2024-01-02"))

    assert Person.objects.get(employee_id="E1").manager == boss


def test_reimport_of_the_same_file_changes_nothing():
    text = org_csv(
        "E2,Bea,Boss,bea@example.com,CTO,Engineering,9,E1,2020-01-01",
        "E1,Al,Top,al@example.com,CEO,Board,12,,2019-01-01",
    )
    run(text)
    before = snapshot()
    updated_at = list(Person.objects.order_by("pk").values_list("updated_at", flat=True))

    job = run(text)

    assert job.status == JobStatus.DONE
    assert (job.counts["created"], job.counts["updated"], job.counts["unchanged"]) == (0, 0, 2)
    assert job.counts["job_changes"] == job.counts["hires"] == 0
    assert snapshot() == before
    assert list(Person.objects.order_by("pk").values_list("updated_at", flat=True)) == updated_at


def test_successive_imports_record_a_promotion_a_move_a_title_change_and_a_termination():
    first = csv_text(
        "E1,Al,Top,al@example.com,CEO,Board,12,,2019-01-01,,,,,",
        "E2,Bea,Boss,bea@example.com,Lead,Engineering,5,E1,2020-01-01,,,,,",
        "E3,Cy,Dev,cy@example.com,Developer,Engineering,3,E2,2021-05-01,,,,,",
        "E4,Di,Ops,di@example.com,Operator,Engineering,4,E2,2021-06-01,,,,,",
        "E5,Ed,Sales,ed@example.com,Seller,Sales,4,E1,2021-06-01,,,,,",
        header=FULL,
    )
    run(first)
    second = csv_text(
        "E1,Al,Top,al@example.com,CEO,Board,12,,2019-01-01,,,,,",
        "E2,Bea,Boss,bea@example.com,Director,Engineering,7,E1,2020-01-01,,,,,2025-04-01",
        "E3,Cy,Dev,cy@example.com,Developer,Engineering,3,E2,2021-05-01,,2025-03-31,,,",
        "E4,Di,Ops,di@example.com,Operator,Sales,4,E5,2021-06-01,,,,,",
        "E5,Ed,Sales,ed@example.com,Account executive,Sales,4,E1,2021-06-01,,,,,",
        header=FULL,
    )

    dry = services.import_job_start(
        job=services.import_job_create(upload=csv_upload(second), by=None), by=None
    )

    assert dry.status == JobStatus.CHECKED
    assert {
        key: dry.counts[key] for key in ("updated", "unchanged", "terminated", "job_changes")
    } == {
        "updated": 4,
        "unchanged": 1,
        "terminated": 1,
        "job_changes": 3,
    }
    bea = next(p for p in dry.changes["updated"] if p["employee_id"] == "E2")
    assert bea["changes"] == [
        {"field": "title", "before": "Lead", "after": "Director"},
        {"field": "level", "before": 5, "after": 7},
    ]
    today = timezone.localdate()
    job = services.import_job_apply(job=dry, by=None)

    assert job.status == JobStatus.DONE
    changes = {(c.person.employee_id, c.kind): c for c in JobChange.objects.exclude(kind="hire")}
    assert sorted(changes) == [
        ("E2", "promotion"),
        ("E3", "termination"),
        ("E4", "lateral"),
        ("E5", "title"),
    ]
    promotion = changes["E2", "promotion"]
    assert (promotion.effective_date, promotion.from_level, promotion.to_level) == (
        date(2025, 4, 1),
        5,
        7,
    )
    assert (promotion.from_title, promotion.to_title) == ("Lead", "Director")
    move = changes["E4", "lateral"]
    assert (move.effective_date, move.from_department.name, move.to_department.name) == (
        today,
        "Engineering",
        "Sales",
    )
    assert changes["E3", "termination"].effective_date == date(2025, 3, 31)
    assert Person.objects.get(employee_id="E3").termination_date == date(2025, 3, 31)
    assert Person.objects.get(employee_id="E4").manager.employee_id == "E5"

    again = run(second)

    assert again.counts["updated"] == again.counts["job_changes"] == again.counts["terminated"] == 0
    assert JobChange.objects.exclude(kind="hire").count() == 4


def test_a_level_going_down_is_a_demotion():
    PersonFactory(employee_id="E1", email="al@example.com", level=6, title="Lead")

    run(csv_text("E1,4", header="emp_no,grade"))

    change = JobChange.objects.get()
    assert (change.kind, change.from_level, change.to_level) == ("demotion", 6, 4)


BAD_ROWS = [
    # row 2: fine; row 3: unknown manager; row 4: bad date and level out of range;
    # row 5: duplicate id; row 6: bad email; row 7: email of another stored person;
    # row 8: missing names of a new person; row 9: unknown location, bad time zone;
    # row 10: termination before hire; row 11 and 12: a loop; row 13: email also on row 2;
    # row 14: own manager; row 15: gender not recorded.
    "N1,Ann,Ok,ann@example.com,Dev,Engineering,3,,2020-01-01,Berlin,,Europe/Berlin,woman,",
    "N2,Bo,Lost,bo@example.com,Dev,Engineering,3,ZZZ,2020-01-01,,,,,",
    "N3,Cat,Late,cat@example.com,Dev,Engineering,13,,2020-02-30,,,,,",
    "N1,Ann,Twice,ann2@example.com,Dev,Engineering,3,,2020-01-01,,,,,",
    "N4,Dan,Mail,not-an-email,Dev,Engineering,3,,2020-01-01,,,,,",
    "N5,Eve,Clash,taken@example.com,Dev,Engineering,3,,2020-01-01,,,,,",
    "N6,,,fay@example.com,Dev,Engineering,3,,2020-01-01,,,,,",
    "N7,Gus,Far,gus@example.com,Dev,Engineering,3,,2020-01-01,Atlantis,,Mars/Base,,",
    "N8,Hal,Gone,hal@example.com,Dev,Engineering,3,,2020-01-01,,2019-12-31,,,",
    "N9,Ida,Loop,ida@example.com,Dev,Engineering,3,N10,2020-01-01,,,,,",
    "N10,Jo,Loop,jo@example.com,Dev,Engineering,3,N9,2020-01-01,,,,,",
    "N11,Kim,Same,ANN@example.com,Dev,Engineering,3,,2020-01-01,,,,,",
    "N12,Lu,Self,lu@example.com,Dev,Engineering,3,N12,2020-01-01,,,,,",
    "N13,Mo,Who,mo@example.com,Dev,Engineering,3,,2020-01-01,,,,robot,",
]
EXPECTED_ERRORS = [
    {
        "row": 3,
        "column": "Manager ID",
        "reason": "There is no employee ZZZ, in the file or already stored.",
    },
    {
        "row": 4,
        "column": "Level",
        "reason": "“13” is not a level: use a whole number from 1 to 12.",
    },
    {
        "row": 4,
        "column": "Start date",
        "reason": "“2020-02-30” is not a date; write dates as YYYY-MM-DD (e.g. 2024-03-31).",
    },
    {"row": 5, "column": "Employee ID", "reason": "Employee id N1 is also on row 2."},
    {"row": 6, "column": "Email", "reason": "“not-an-email” is not a valid email address."},
    {"row": 7, "column": "Email", "reason": "The email taken@example.com belongs to employee S1."},
    {"row": 8, "column": "First name", "reason": "The first name is missing: N6 is a new person."},
    {"row": 8, "column": "Last name", "reason": "The last name is missing: N6 is a new person."},
    {
        "row": 9,
        "column": "Location",
        "reason": "There is no location “Atlantis”; add it first or fix the name.",
    },
    {
        "row": 9,
        "column": "Time zone",
        "reason": "“Mars/Base” is not a time zone; use an IANA name such as Europe/Berlin.",
    },
    {
        "row": 10,
        "column": "Termination date",
        "reason": "The termination date 2019-12-31 is before the hire date 2020-01-01.",
    },
    {"row": 11, "column": "Manager ID", "reason": "The reporting line loops: N9 → N10 → N9."},
    {"row": 12, "column": "Manager ID", "reason": "The reporting line loops: N9 → N10 → N9."},
    {"row": 13, "column": "Email", "reason": "The email ANN@example.com is also on row 2."},
    {"row": 14, "column": "Manager ID", "reason": "A person cannot be their own manager."},
    {
        "row": 15,
        "column": "Gender",
        "reason": "“robot” is not a gender this app records (Woman, Man, Non-binary, "
        "Prefers not to say, or empty).",
    },
]


@pytest.mark.parametrize("dry_run", [True, False])
def test_every_bad_row_is_reported_and_nothing_is_written(dry_run):
    LocationFactory(name="Berlin")
    PersonFactory(employee_id="S1", email="taken@example.com")
    before = snapshot()
    job = services.import_job_create(upload=csv_upload(csv_text(*BAD_ROWS, header=FULL)), by=None)

    job = services.import_job_start(job=job, by=None, dry_run=dry_run)

    assert job.status == JobStatus.FAILED
    assert job.message == "16 problems in the file; nothing was imported."
    assert job.errors == EXPECTED_ERRORS
    assert job.error_count == 16
    assert snapshot() == before
    assert job.file  # kept, so the mapping can be changed and the file checked again


def test_a_loop_through_people_already_stored_is_refused():
    top = PersonFactory(employee_id="T1")
    middle = PersonFactory(employee_id="T2", manager=top)
    PersonFactory(employee_id="T3", manager=middle)
    before = snapshot()

    job = run(csv_text("T1,T3", header="Employee ID,Manager ID"))

    assert job.status == JobStatus.FAILED
    assert job.errors == [
        {"row": 2, "column": "Manager ID", "reason": "The reporting line loops: T1 → T3 → T2 → T1."}
    ]
    assert snapshot() == before


def test_a_new_person_needs_name_and_email_columns():
    job = run(csv_text("E1,3", header="Employee ID,Level"))

    assert [error["column"] for error in job.errors] == [
        "First name (no column mapped)",
        "Last name (no column mapped)",
        "Email (no column mapped)",
    ]
    assert Person.objects.count() == 0


def test_emails_can_be_swapped_between_people_in_the_same_file():
    PersonFactory(employee_id="A", email="a@example.com")
    PersonFactory(employee_id="B", email="b@example.com")

    job = run(csv_text("A,b@example.com", "B,a@example.com", header="Employee ID,Email"))

    assert job.status == JobStatus.DONE
    assert dict(Person.objects.values_list("employee_id", "email")) == {
        "A": "b@example.com",
        "B": "a@example.com",
    }


def test_email_can_move_between_people_in_the_same_file():
    PersonFactory(employee_id="A", email="shared@example.com")
    PersonFactory(employee_id="B", email="b@example.com")

    job = run(csv_text("A,a@example.com", "B,shared@example.com", header="Employee ID,Email"))

    assert job.status == JobStatus.DONE
    assert Person.objects.get(employee_id="B").email == "shared@example.com"


def test_dry_run_writes_nothing():
    before = snapshot()

    job = run(org_csv("E1,Al,Top,al@example.com,CEO,Board,12,,2019-01-01"), apply=False)

    assert job.status == JobStatus.CHECKED
    assert job.counts["created"] == 1
    assert job.changes["new_departments"] == ["Board"]
    assert snapshot() == before


def test_location_sets_the_time_zone_of_a_new_person_and_names_match_any_case():
    LocationFactory(name="Lisbon", time_zone="Europe/Lisbon")
    DepartmentFactory(name="Engineering")

    run(
        csv_text(
            "E1,Al,Top,al@example.com,CEO,engineering,12,,2019-01-01,lisbon,,,F,",
            header=FULL,
        )
    )

    al = Person.objects.get(employee_id="E1")
    assert (al.location.name, al.time_zone, al.department.name, al.gender) == (
        "Lisbon",
        "Europe/Lisbon",
        "Engineering",
        "woman",
    )
    assert Department.objects.filter(name__iexact="engineering").count() == 1


def test_semicolon_csv_with_bom_is_read():
    text = "Personalnummer;Vorname;Nachname;E-Mail\r\nE1;Zoë;Ünal;zoe@example.com\r\n"
    job = services.import_job_create(upload=csv_upload(text, bom=True), by=None)

    assert job.headers == ["Personalnummer", "Vorname", "Nachname", "E-Mail"]
    assert job.mapping == ["ignore", "first_name", "last_name", "email"]
    job = services.import_job_start(
        job=job, by=None, mapping=["employee_id", "first_name", "last_name", "email"], dry_run=False
    )

    assert job.status == JobStatus.DONE
    zoe = Person.objects.get(employee_id="E1")
    assert (zoe.first_name, zoe.last_name) == ("Zoë", "Ünal")


def test_xlsx_first_sheet_is_read_with_dates_and_numbers():
    upload = xlsx_upload(
        [
            [
                "Emp No",
                "Given name",
                "Surname",
                "Work email",
                "Grade",
                "Hire date",
                "Supervisor ID",
            ],
            [1002, "Bea", "Boss", "bea@example.com", 9, date(2020, 1, 1), 1001],
            [1001, "Al", "Top", "al@example.com", 12.0, date(2019, 1, 1), None],
            [None, None, None, None, None, None, None],
        ]
    )
    job = services.import_job_create(upload=upload, by=None)

    assert job.row_count == 2
    assert job.samples[5] == ["2020-01-01", "2019-01-01"]
    job = services.import_job_start(job=job, by=None, dry_run=False)

    assert job.status == JobStatus.DONE, job.errors
    bea = Person.objects.get(employee_id="1002")
    assert (bea.level, bea.hire_date, bea.manager.employee_id) == (9, date(2020, 1, 1), "1001")


def test_an_unreadable_file_is_refused_at_upload():
    with pytest.raises(Exception) as refused:
        services.import_job_create(upload=csv_upload("", name="people.csv"), by=None)
    assert refused.value.message_dict == {"file": ["The file is empty: it needs a header row."]}
    with pytest.raises(Exception) as refused:
        services.import_job_create(upload=csv_upload("a,b", name="people.txt"), by=None)
    assert refused.value.message_dict == {"file": ["Upload a .csv or .xlsx file."]}
