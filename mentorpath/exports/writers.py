"""Writing a dataset as a file that streams: CSV row by row, XLSX from XlsxWriter's
constant-memory workbook.

Both formats take the same cells: text that a spreadsheet would run as a formula (starting
with = + - @, a tab or a carriage return) gets a leading apostrophe; times are UTC (the
columns say so) and written without a zone, which XLSX cannot hold; empty values are empty.
"""

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import islice
from tempfile import SpooledTemporaryFile
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from mentorpath.exports.datasets import Dataset, ExportFilters, Scope
from mentorpath.exports.enums import ExportFormat

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_BATCH_ROWS = 500
XLSX_MEMORY_BYTES = 8 * 1024 * 1024  # beyond this the workbook is spooled to disk
XLSX_MAX_CELL = 32_767  # Excel's limit on the characters of a cell
XLSX_SHEET_ROWS = 1_048_575  # Excel's rows a sheet, less the header: more go on the next sheet
XLSX_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # as openpyxl's
XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd h:mm:ss"
XLSX_OPTIONS = {
    "constant_memory": True,  # each row goes to a temporary file once the next one starts
    # Text stays text: never a formula, a hyperlink (Excel allows 65,530 a sheet) or a
    # number. Only the generic write() reads these, and every cell here is written with its
    # type set; they are off so that a write() added later cannot change that.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": True,  # a NaN or infinite figure becomes #NUM!, not a failed export
}
CONTENT_TYPES: dict[str, str] = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_text(text: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe before = + - @ tab or CR."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    if type(value) is int:  # the most common cell: ids and counts
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return _utc(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def xlsx_text(text: str) -> str:
    return safe_text(XLSX_ILLEGAL_CHARACTERS.sub("", text))[:XLSX_MAX_CELL]


def xlsx_cell(value: Any) -> Any:
    if isinstance(value, str):
        return xlsx_text(value)
    if isinstance(value, datetime):
        return _utc(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


class _Line:
    """A file-like object whose write() returns what it was given, for csv.writer."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> Iterator[bytes]:
    """The CSV in chunks of CSV_BATCH_ROWS rows: a byte-order mark (so spreadsheet programs
    read accents right) and the header first."""
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow([safe_text(column) for column in columns])).encode()
    iterator = iter(rows)
    while batch := list(islice(iterator, CSV_BATCH_ROWS)):
        yield "".join(writer.writerow([csv_cell(v) for v in row]) for row in batch).encode()


CellWriter = Callable[[int, int, Any], object]


def _cell_writers(workbook: Workbook, sheet: Worksheet) -> dict[type, CellWriter]:
    """How to write each type of value a dataset yields, with the cell's type set explicitly
    (XlsxWriter's generic write() would guess it, and guessing is slower)."""
    date_format = workbook.add_format({"num_format": XLSX_DATE_FORMAT})
    datetime_format = workbook.add_format({"num_format": XLSX_DATETIME_FORMAT})
    write_string, write_number = sheet.write_string, sheet.write_number

    def write_text(row: int, col: int, value: str) -> object:
        return write_string(row, col, xlsx_text(value))

    def write_datetime(row: int, col: int, value: datetime) -> object:
        return sheet.write_datetime(row, col, _utc(value), datetime_format)

    def write_date(row: int, col: int, value: date) -> object:
        return sheet.write_datetime(row, col, value, date_format)

    def write_decimal(row: int, col: int, value: Decimal) -> object:
        return write_number(row, col, float(value))

    return {
        str: write_text,
        int: write_number,
        float: write_number,
        bool: sheet.write_boolean,
        datetime: write_datetime,
        date: write_date,
        Decimal: write_decimal,
    }


def _xlsx_sheet(workbook: Workbook, columns: list[str], title: str, number: int) -> Worksheet:
    """A new sheet with the header row: "Check-ins", then "Check-ins (2)", …"""
    suffix = f" ({number})" if number > 1 else ""
    sheet = workbook.add_worksheet(title[: 31 - len(suffix)] + suffix)
    bold = workbook.add_format({"bold": True})
    for col, column in enumerate(columns):
        sheet.write_string(0, col, xlsx_text(column), bold)
    return sheet


def _xlsx_rows(
    workbook: Workbook, columns: list[str], title: str, rows: Iterable[Iterable[Any]]
) -> None:
    """Every row, on as many sheets as Excel's row limit needs (XlsxWriter would silently
    drop the rows past it)."""
    sheets = 1
    sheet = _xlsx_sheet(workbook, columns, title, sheets)
    writers = _cell_writers(workbook, sheet)
    write_text = writers[str]
    row_number = 0
    for row in rows:
        if row_number == XLSX_SHEET_ROWS:
            sheets += 1
            sheet = _xlsx_sheet(workbook, columns, title, sheets)
            writers = _cell_writers(workbook, sheet)
            write_text = writers[str]
            row_number = 0
        row_number += 1
        for col, value in enumerate(row):
            if value is not None:
                writer = writers.get(type(value))
                if writer is None:  # anything else (a subclass, a UUID…) is written as text
                    write_text(row_number, col, str(value))
                else:
                    writer(row_number, col, value)


def write_xlsx(
    columns: Iterable[str], rows: Iterable[Iterable[Any]], *, title: str
) -> SpooledTemporaryFile[bytes]:
    """The workbook in a temporary file (in memory while small), rewound. In constant-memory
    mode XlsxWriter keeps one row in memory: the others wait in its own temporary file until
    close() zips the workbook into ours."""
    # Not a `with` block: the file outlives this function, and FileResponse closes it.
    file: SpooledTemporaryFile[bytes] = SpooledTemporaryFile(max_size=XLSX_MEMORY_BYTES)  # noqa: SIM115
    try:
        workbook = Workbook(file, XLSX_OPTIONS)
        _xlsx_rows(workbook, list(columns), title, rows)
        workbook.close()
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def export_filename(*, dataset: str, fmt: str, day: date, program: str = "") -> str:
    """ "mentorpath-checkins-career-compass-2025-11-23.csv"."""
    parts = ["mentorpath", dataset.replace("_", "-"), program, day.isoformat()]
    return "-".join(part for part in parts if part) + f".{fmt}"


def export_response(
    *, dataset: Dataset, scope: Scope, filters: ExportFilters, fmt: str, day: date
) -> HttpResponseBase:
    """The dataset as a downloaded file: CSV streamed as it is read, XLSX written to a
    temporary file and streamed from there."""
    filename = export_filename(
        dataset=dataset.key,
        fmt=fmt,
        day=day,
        program=filters.program.slug if filters.program else "",
    )
    columns = dataset.columns_for(scope)
    rows = dataset.rows(scope, filters)
    if fmt == ExportFormat.XLSX:
        file = write_xlsx(columns, rows, title=dataset.title)
        return FileResponse(
            file, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt]
        )
    response = StreamingHttpResponse(
        csv_chunks(columns, rows), content_type=CONTENT_TYPES[ExportFormat.CSV]
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Accel-Buffering"] = "no"  # let a proxy pass the rows on as they come
    return response
