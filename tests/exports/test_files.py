"""The files themselves: streamed responses, names, XLSX read back, formula injection
neutralized in both formats, and the audit hook called once per export."""

import io
import logging
import zipfile
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import pytest
from django.http import FileResponse, StreamingHttpResponse
from openpyxl import load_workbook

from mentorpath.exports import writers
from mentorpath.exports.writers import (
    XLSX_MAX_CELL,
    csv_cell,
    export_filename,
    safe_text,
    write_xlsx,
    xlsx_cell,
)
from tests.exports.conftest import api_url, csv_rows, page_url, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("plain = text", "plain = text"),
        ("", ""),
    ],
)
def test_safe_text(text, expected):
    assert safe_text(text) == expected


def test_cells_keep_numbers_and_write_times_in_utc():
    moment = datetime.fromisoformat("2030-01-09T00:30:00+01:00")

    assert csv_cell(-3) == "-3"
    assert csv_cell(3.6) == "3.6"
    assert csv_cell(None) == ""
    assert csv_cell(moment) == "2030-01-08 23:30:00"
    assert csv_cell(date(2030, 1, 9)) == "2030-01-09"
    assert xlsx_cell(-3) == -3
    assert xlsx_cell(moment) == datetime(2030, 1, 8, 23, 30)
    assert xlsx_cell("=1\x00+1") == "'=1+1"  # characters XLSX cannot hold are dropped


def test_xlsx_cells_keep_their_types_and_text_stays_text():
    risky = ["=1+1", "+49 30 1234", "-2", "@SUM(A1)", "https://evil.example/x", "mailto:a@b.test"]
    row = [*risky, datetime.fromisoformat("2030-01-09T00:30:00+01:00"), date(2030, 1, 9)]
    row += [Decimal("4.5"), True, None, UUID(int=7), "x" * 40_000, "a\x00b"]
    columns = [f"column_{n}" for n in range(len(row))]

    with write_xlsx(columns, [row], title="Survey results of a very long program name") as file:
        content = file.read()
    workbook = load_workbook(io.BytesIO(content))  # not read-only: types and links are loaded
    sheet = workbook.worksheets[0]
    header, cells = list(sheet.iter_rows())
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")

    assert sheet.title == "Survey results of a very long p"  # Excel's 31 characters
    assert [cell.value for cell in header] == columns
    assert all(cell.font.b for cell in header)
    assert [cell.value for cell in cells[:6]] == [
        "'=1+1",
        "'+49 30 1234",
        "'-2",
        "'@SUM(A1)",
        "https://evil.example/x",
        "mailto:a@b.test",
    ]
    assert {cell.data_type for cell in cells[:6]} == {"s"}  # text, not a formula ("f")
    assert b"<f>" not in sheet_xml and b"hyperlink" not in sheet_xml
    assert all(cell.hyperlink is None for cell in cells)
    assert cells[6].value == datetime(2030, 1, 8, 23, 30) and cells[6].is_date
    assert cells[6].value.tzinfo is None
    assert cells[7].value == datetime(2030, 1, 9)  # a day at midnight, shown as a date
    assert cells[7].number_format == "yyyy-mm-dd"
    assert [cell.value for cell in cells[8:11]] == [4.5, True, None]
    assert cells[11].value == str(UUID(int=7))
    assert len(cells[12].value) == XLSX_MAX_CELL
    assert cells[13].value == "ab"


def test_xlsx_rows_past_excels_limit_go_on_the_next_sheets(monkeypatch):
    monkeypatch.setattr(writers, "XLSX_SHEET_ROWS", 2)
    rows = [(n, f"row {n}") for n in range(1, 6)]

    with write_xlsx(["n", "text"], rows, title="A title of exactly thirty-one c") as file:
        workbook = load_workbook(io.BytesIO(file.read()), read_only=True)

    assert workbook.sheetnames == [
        "A title of exactly thirty-one c",
        "A title of exactly thirty-o (2)",
        "A title of exactly thirty-o (3)",
    ]
    sheets = [list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets]
    assert sheets == [
        [("n", "text"), (1, "row 1"), (2, "row 2")],
        [("n", "text"), (3, "row 3"), (4, "row 4")],
        [("n", "text"), (5, "row 5")],
    ]


def test_filename_names_the_data_the_program_and_the_day():
    day = date(2030, 1, 9)

    assert export_filename(dataset="survey_results", fmt="csv", day=day) == (
        "mentorpath-survey-results-2030-01-09.csv"
    )
    assert export_filename(dataset="checkins", fmt="xlsx", day=day, program="career-compass") == (
        "mentorpath-checkins-career-compass-2030-01-09.xlsx"
    )


def test_csv_is_streamed_as_an_attachment(world, client_for, admin_user):
    for url in (page_url("goals"), api_url("goals")):
        response = client_for(admin_user).get(url)

        assert isinstance(response, StreamingHttpResponse)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="mentorpath-goals-')
        assert response["Content-Disposition"].endswith('.csv"')


def test_xlsx_is_a_file_response_read_back_by_openpyxl(world, client_for, manager_user):
    response = client_for(manager_user).get(api_url("checkins", "xlsx", program="career-compass"))

    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith(
        'attachment; filename="mentorpath-checkins-career-compass-'
    )
    rows = xlsx_rows(response)
    assert rows == [
        (
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
        ),
        (
            world.checkin.pk,
            world.pair.pk,
            "Career Compass",
            world.pair.mentor.person.employee_id,
            world.pair.mentee.person.employee_id,
            datetime(2030, 1, 9),  # XLSX keeps a date as a day at midnight
            datetime(2030, 1, 8, 23, 30),
            "Europe/Berlin",
            60,
            "held",
            50,
            "'@SUM(1+1) then career plans",
            1,
        ),
    ]


def test_formula_injection_is_neutralized_in_both_formats(world, client_for, admin_user):
    client = client_for(admin_user)
    title = '\'=HYPERLINK("http://evil.example")'

    csv_goal = csv_rows(client.get(page_url("goals")))[1]
    xlsx_goal = xlsx_rows(client.get(page_url("goals", "xlsx")))[1]
    texts = [row[14] for row in csv_rows(client.get(page_url("survey_results")))]
    xlsx_texts = [row[14] for row in xlsx_rows(client.get(page_url("survey_results", "xlsx")))]

    assert csv_goal[6] == title
    assert xlsx_goal[6] == title
    assert "'=1+1 more time together" in texts and "'-Fewer cancellations" in texts
    assert "'=1+1 more time together" in xlsx_texts and "'-Fewer cancellations" in xlsx_texts


def test_xlsx_survey_results_match_the_csv(world, client_for, executive_user):
    client = client_for(executive_user)

    from_csv = csv_rows(client.get(api_url("survey_results")))
    from_xlsx = xlsx_rows(client.get(api_url("survey_results", "xlsx")))

    as_text = [["" if cell is None else str(cell) for cell in row] for row in from_xlsx]
    assert as_text == from_csv


def test_every_export_calls_the_audit_hook_once(world, client_for, manager_user, caplog):
    client = client_for(manager_user)

    with caplog.at_level(logging.INFO, logger="mentorpath.exports"):
        client.get(page_url("pairs", "xlsx", program="career-compass", date_from="2030-01-01"))
        client.get(api_url("goals"))
        client.get(api_url("goals", "pdf"))  # refused: not started

    started = [r.getMessage() for r in caplog.records if r.name == "mentorpath.exports"]
    assert started == [
        f"export started: user={manager_user.pk} dataset=pairs format=xlsx filters="
        "{'program': 'career-compass', 'date_from': '2030-01-01', 'date_to': None}",
        f"export started: user={manager_user.pk} dataset=goals format=csv filters="
        "{'program': None, 'date_from': None, 'date_to': None}",
    ]
