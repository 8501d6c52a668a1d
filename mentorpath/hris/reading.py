"""Reading an uploaded file: CSV (UTF-8 with or without BOM, comma, semicolon or tab, sniffed)
or XLSX (its first sheet, read-only). Rows come out as lists of cell values numbered as in
the file, the header being row 1; blank rows are skipped but keep their numbers."""

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mentorpath.core.exceptions import ApplicationError

Row = tuple[int, list[Any]]
FORMATS = ("csv", "xlsx")
SAMPLE_ROWS = 3


def file_format_of(name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ApplicationError({"file": "Upload a .csv or .xlsx file."})
    return suffix


def _blank(cells: list[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _sniff_delimiter(sample: str) -> str:
    first_line = sample.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: first_line.count(d) for d in ",;\t"}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


@contextmanager
def _csv_rows(path: str) -> Iterator[Iterator[list[Any]]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        try:
            sample = handle.read(64 * 1024)
        except UnicodeDecodeError as error:
            raise ApplicationError(
                {"file": "The file is not UTF-8 text; save it as CSV UTF-8."}
            ) from error
        handle.seek(0)  # the utf-8-sig decoder starts afresh and drops the BOM again
        delimiter = _sniff_delimiter(sample)

        def rows() -> Iterator[list[Any]]:
            try:
                yield from csv.reader(handle, delimiter=delimiter)
            except UnicodeDecodeError as error:
                raise ApplicationError(
                    {"file": "The file is not UTF-8 text; save it as CSV UTF-8."}
                ) from error
            except csv.Error as error:
                raise ApplicationError(
                    {"file": f"The CSV file cannot be read: {error}."}
                ) from error

        yield rows()


@contextmanager
def _xlsx_rows(path: str) -> Iterator[Iterator[list[Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise ApplicationError({"file": "The file is not a readable XLSX workbook."}) from error
    try:
        if not workbook.worksheets:
            raise ApplicationError({"file": "The workbook has no sheet."})
        sheet = workbook.worksheets[0]
        yield (list(row) for row in sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


@contextmanager
def open_table(path: str, file_format: str) -> Iterator[tuple[list[str], Iterator[Row]]]:
    """(headers, rows): headers as text (an empty one named "Column N"), rows numbered."""
    opener = _xlsx_rows if file_format == "xlsx" else _csv_rows
    with opener(path) as raw:
        header_cells: list[Any] | None = None
        number = 0
        for cells in raw:
            number += 1
            if not _blank(cells):
                header_cells = cells
                break
        if header_cells is None:
            raise ApplicationError({"file": "The file is empty: it needs a header row."})
        while header_cells and (header_cells[-1] is None or str(header_cells[-1]).strip() == ""):
            header_cells.pop()
        headers = [
            str(cell).strip() if cell is not None and str(cell).strip() else f"Column {index}"
            for index, cell in enumerate(header_cells, start=1)
        ]
        header_row = number

        def rows() -> Iterator[Row]:
            for offset, cells in enumerate(raw, start=header_row + 1):
                if not _blank(cells):
                    yield offset, cells

        yield headers, rows()


def peek(path: str, file_format: str) -> tuple[list[str], list[list[str]], int]:
    """The headers, a few sample values of each column, and the number of data rows."""
    with open_table(path, file_format) as (headers, rows):
        samples: list[list[str]] = [[] for _ in headers]
        count = 0
        for _, cells in rows:
            count += 1
            if count <= SAMPLE_ROWS:
                for index in range(len(headers)):
                    value = cells[index] if index < len(cells) else None
                    if value is not None and str(value).strip():
                        samples[index].append(display(value))
    seen: dict[str, str] = {}
    for header in headers:
        key = header.casefold()
        if key in seen:
            raise ApplicationError(
                {"file": f"The column “{header}” appears twice in the header row."}
            )
        seen[key] = header
    return headers, samples, count


def display(value: Any) -> str:
    """A cell as text for a person to read."""
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text.removesuffix("T00:00:00")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
