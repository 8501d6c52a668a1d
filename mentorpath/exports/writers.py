"""Writing a dataset as a file that streams: CSV row by row, XLSX from a write-only workbook.

Both formats take the same cells: text that a spreadsheet would run as a formula (starting
with = + - @, a tab or a carriage return) gets a leading apostrophe; times are UTC (the
columns say so) and written without a zone, which XLSX cannot hold; empty values are empty.
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import islice
from tempfile import SpooledTemporaryFile
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from mentorpath.exports.datasets import Dataset, ExportFilters, Scope
from mentorpath.exports.enums import ExportFormat

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_BATCH_ROWS = 500
XLSX_MEMORY_BYTES = 8 * 1024 * 1024  # beyond this the workbook is spooled to disk
XLSX_MAX_CELL = 32_767  # Excel's limit on the characters of a cell
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


def xlsx_cell(value: Any) -> Any:
    if isinstance(value, str):
        return safe_text(ILLEGAL_CHARACTERS_RE.sub("", value))[:XLSX_MAX_CELL]
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


def write_xlsx(
    columns: Iterable[str], rows: Iterable[Iterable[Any]], *, title: str
) -> SpooledTemporaryFile[bytes]:
    """The workbook in a temporary file (in memory while small), rewound. openpyxl's
    write-only mode keeps no row in memory once appended."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=safe_text(column))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([xlsx_cell(value) for value in row])
    # Not a `with` block: the file outlives this function, and FileResponse closes it.
    file: SpooledTemporaryFile[bytes] = SpooledTemporaryFile(max_size=XLSX_MEMORY_BYTES)  # noqa: SIM115
    try:
        workbook.save(file)
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
