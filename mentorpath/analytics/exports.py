"""CSV downloads of a dashboard's tables: the same rows `present.tables` gives the page."""

import csv
from datetime import date

from django.http import HttpResponse

from mentorpath.analytics.present import Table


def csv_filename(*, subject: str, key: str, day: date) -> str:
    """ "mentorpath-career-compass-kpis-2025-11-23.csv"."""
    return f"mentorpath-{subject}-{key.replace('_', '-')}-{day.isoformat()}.csv"


def csv_response(table: Table, *, filename: str) -> HttpResponse:
    """The table as a UTF-8 CSV attachment (with a byte-order mark, so spreadsheet programs
    read accents right), header row first."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([safe_cell(cell) for cell in table.header])
    writer.writerows([safe_cell(cell) for cell in row] for row in table.rows)
    return response


def safe_cell(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula: text starting with = + - @ or a control
    character (a department named "=HYPERLINK(...)") gets a leading apostrophe. Numbers,
    negative ones included, are left alone."""
    if not cell or cell[0] not in "=+-@\t\r":
        return cell
    try:
        float(cell)
    except ValueError:
        return "'" + cell
    return cell
