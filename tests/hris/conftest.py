import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.conftest import token_api  # noqa: F401 -- the API tests' token client

HEADER = "Employee ID,First name,Last name,Email,Title,Department,Level,Manager ID,Start date"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def csv_upload(text: str, name: str = "people.csv", *, bom: bool = False) -> SimpleUploadedFile:
    data = text.encode("utf-8")
    return SimpleUploadedFile(name, (b"\xef\xbb\xbf" if bom else b"") + data, "text/csv")


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def xlsx_upload(rows: list[list], name: str = "people.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), "application/vnd.ms-excel")
