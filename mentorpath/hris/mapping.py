"""Column mapping: which person field each column of a file holds, guessed from its header or
remembered from the last file with the same headers."""

import hashlib
import re

from mentorpath.hris.enums import SYNONYMS, PersonField

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_GUESSES = {synonym: field for field, synonyms in SYNONYMS.items() for synonym in synonyms}


def normalize(header: str) -> str:
    """Case, spacing and punctuation do not matter: "Employee ID" = "employee_id"."""
    return _NOT_ALNUM.sub("", header.casefold())


def headers_hash(headers: list[str]) -> str:
    """The same set of headers in any order gives the same key."""
    joined = "\n".join(sorted(normalize(header) for header in headers))
    return hashlib.sha256(joined.encode()).hexdigest()


def guess(headers: list[str]) -> list[str]:
    """A field per header from its name; each field taken once, by the first header naming it."""
    taken: set[str] = set()
    mapping = []
    for header in headers:
        field = _GUESSES.get(normalize(header), PersonField.IGNORE.value)
        if field in taken:
            field = PersonField.IGNORE.value
        if field != PersonField.IGNORE:
            taken.add(field)
        mapping.append(str(field))
    return mapping


def from_remembered(headers: list[str], remembered: dict[str, str]) -> list[str]:
    return [remembered.get(normalize(header), PersonField.IGNORE.value) for header in headers]


def to_remembered(headers: list[str], mapping: list[str]) -> dict[str, str]:
    return {normalize(header): field for header, field in zip(headers, mapping, strict=True)}


def mapping_errors(headers: list[str], mapping: list[str]) -> dict[str, str]:
    """Why a mapping cannot be used, keyed by the column index as text ("" for the whole)."""
    errors: dict[str, str] = {}
    if len(mapping) != len(headers):
        return {"": f"Give a field for each of the {len(headers)} columns."}
    first: dict[str, int] = {}
    for index, field in enumerate(mapping):
        if field not in PersonField.values:
            errors[str(index)] = f"“{field}” is not a field that can be imported."
        elif field != PersonField.IGNORE and field in first:
            label = PersonField(field).label
            errors[str(index)] = (
                f"{label} is already the column “{headers[first[field]]}”; map it once."
            )
        else:
            first.setdefault(field, index)
    if PersonField.EMPLOYEE_ID not in mapping:
        errors[""] = "Map one column to the employee id: people are matched by it."
    return errors
