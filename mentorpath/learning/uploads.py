"""Checks on an uploaded resource file: an allowed extension, a size within the limit, and
content that agrees with the extension (so a renamed executable or HTML page is refused).

The content type a file is later served as comes from `UPLOAD_TYPES` by extension, never from
what the browser claimed on upload."""

import os
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from mentorpath.core.exceptions import ApplicationError
from mentorpath.learning import enums

# Office Open XML files are zip archives whose parts live under one folder per application.
OFFICE_PARTS = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
}
TEXT = (".txt", ".md")


@dataclass(frozen=True)
class CheckedUpload:
    extension: str
    content_type: str
    size: int


def _refuse(message: str) -> ApplicationError:
    return ApplicationError({"file": message})


def _human(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _is_office_file(file: IO[bytes], extension: str) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    folder = OFFICE_PARTS[extension]
    return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)


def _is_utf8_text(file: IO[bytes]) -> bool:
    data = file.read()
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_upload(file: Any) -> CheckedUpload:
    """The checked file's extension, content type and size; ApplicationError on `file`
    naming what is wrong otherwise. Leaves the file positioned at its start."""
    name = getattr(file, "name", "") or ""
    extension = os.path.splitext(name)[1].lower()
    if extension not in enums.UPLOAD_TYPES:
        allowed = ", ".join(sorted(ext.lstrip(".") for ext in enums.UPLOAD_TYPES))
        raise _refuse(f"Files of this type cannot be uploaded. Allowed: {allowed}.")
    size = int(getattr(file, "size", 0) or 0)
    if size == 0:
        raise _refuse("The file is empty.")
    if size > enums.MAX_UPLOAD_BYTES:
        raise _refuse(
            f"The file is {size / (1024 * 1024):.1f} MB; the limit is "
            f"{_human(enums.MAX_UPLOAD_BYTES)}."
        )
    file.seek(0)
    try:
        if extension in OFFICE_PARTS:
            agrees = _is_office_file(file, extension)
        elif extension in TEXT:
            agrees = _is_utf8_text(file)
        else:
            head = file.read(16)
            agrees = any(head.startswith(sig) for sig in SIGNATURES[extension])
    finally:
        file.seek(0)
    if not agrees:
        label = extension.lstrip(".").upper()
        if extension in TEXT:
            raise _refuse(f"This is not a plain {label} text file (it must be UTF-8 text).")
        raise _refuse(f"The file's content is not a {label} file, whatever its name says.")
    return CheckedUpload(extension, enums.UPLOAD_TYPES[extension], size)
