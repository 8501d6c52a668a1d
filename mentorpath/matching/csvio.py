"""Reading the command-line tool's input files: mentors and mentees as CSV, settings as TOML.

People who run a program from a spreadsheet export two CSV files; this module turns them into
the engine's :class:`~mentorpath.matching.engine.features.Profile` records. It checks every
cell before anything runs, and a bad cell raises :class:`InputError` naming the file, the row
(as a spreadsheet numbers it: the header is row 1) and the column, so the person can fix the
file without reading code. Pure Python and the engine only: no Django, so the tool runs
anywhere the package is installed.

The columns (see ``COLUMNS``; names are case-insensitive, unknown columns are ignored with a
warning so a typo does not go unnoticed):

- ``id`` (required): any text, unique within a file. The same id in both files is the same
  person (who is then never matched with themselves).
- ``name``, ``department``, ``goals`` (free text: a mentee's career goals, a mentor's bio and
  what they offer), ``level`` (whole number, required), ``manager_id`` (the id of the person's
  manager, in either file or in ``--org``), ``time_zone`` (IANA, e.g. ``Europe/Berlin``).
- ``languages``, ``interests``: items separated by semicolons.
- ``skills``: ``Skill:level:flags`` items separated by semicolons; level 0–5 (0 or empty: not
  stated), flags ``t`` (can teach) and/or ``l`` (wants to learn), e.g.
  ``Negotiation:2:l; Python:4:t``.
- ``style_structure``, ``style_pace``, ``style_communication``, ``style_feedback``: 1–5 or empty.
- ``capacity`` (mentors; empty = 1): how many mentees the mentor takes; 0 is allowed.
- ``choices`` (mentees): mentor ids in order of preference, separated by semicolons.
- ``blocked``: ids from the other file this person must never be paired with.
"""

from __future__ import annotations

import csv
import math
import sys
import tomllib
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as clock
from functools import cache
from pathlib import Path
from typing import Any

from mentorpath.matching.engine.features import SKILL_LEVEL_MAX, STYLE_DIMENSIONS, Profile
from mentorpath.matching.engine.scoring import (
    CRITERIA,
    DEPARTMENT_PREFERENCES,
    MatchConfig,
    Weights,
)

MENTEES, MENTORS = "mentees", "mentors"
STYLE_COLUMNS = tuple(f"style_{dim}" for dim in STYLE_DIMENSIONS)
#: Every column either file may have, and what it holds (printed by ``--help``).
COLUMNS: dict[str, str] = {
    "id": "required; any text, unique in the file; the same id in both files = the same person",
    "name": "display name",
    "level": "required; career level, a whole number (e.g. 1-12)",
    "department": "department name",
    "manager_id": "the id of the person's manager (in either file, or in --org)",
    "time_zone": "IANA time zone, e.g. Europe/Berlin (empty: UTC)",
    "languages": "languages spoken, separated by ';'",
    "skills": "Skill:level:flags items separated by ';' (level 0-5, flags t=teach, l=learn)",
    "interests": "interests, separated by ';'",
    "goals": "free text: a mentee's career goals, a mentor's bio and what they offer",
    **dict.fromkeys(STYLE_COLUMNS, "working style, 1-5 or empty"),
    "capacity": "mentors: how many mentees they take (empty = 1, 0 allowed)",
    "choices": "mentees: mentor ids in order of preference, separated by ';'",
    "blocked": "ids from the other file never to pair with, separated by ';'",
}
REQUIRED = ("id", "level")
ONLY_IN = {"capacity": MENTORS, "choices": MENTEES}
ORG_COLUMNS = ("id", "manager_id")
#: [rules] keys of the settings file, besides those of MatchConfig that keep their name.
RULE_KEYS: dict[str, str] = {
    "department": "same | different | any: which pairs the department criterion favors",
    "level_gap_min": "the preferred mentor level − mentee level range, low end",
    "level_gap_max": "the preferred range, high end",
    "level_gap_slack": "levels above the range over which the level score fades to 0",
    "require_shared_language": "true: never pair people without a common language",
    "min_score": "pairs scoring below this (0–1) are never proposed",
    "skill_gap_full": "skill levels ahead that earn a skill full credit",
    "max_choices": "how many ranked choices count",
    "workday_start": "local working day start, HH:MM (time-zone overlap)",
    "workday_end": "local working day end, HH:MM",
    "objectives": "the program's objectives as text (part of the goals criterion)",
    "objectives_share": "the objectives' share of the goals criterion, 0–1",
    "objective": "participation | score | fair (the --objective option wins)",
}


class InputError(Exception):
    """A bad input file; ``str()`` is the message for the person who wrote the file."""

    def __init__(
        self, file: str, message: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.file, self.message, self.row, self.column = file, message, row, column
        where = file
        if row is not None:
            where += f" row {row}"
        if column is not None:
            where += f"{',' if row is not None else ''} column {column}"
        super().__init__(f"{where}: {message}")


@dataclass
class Person:
    """One row of a participants file, checked, with where it came from for later errors."""

    key: str
    row: int
    name: str
    level: int
    department: str | None
    manager: str | None
    time_zone: str
    utc_offset_minutes: int
    languages: list[str]
    skills: dict[str, tuple[int, bool, bool]]
    interests: list[str]
    goals: str
    style: dict[str, int]
    capacity: int
    choices: list[str]
    blocked: list[str]


@dataclass
class Participants:
    """Both files, read and cross-checked: the engine's profiles plus the original ids."""

    mentees: list[Profile]
    mentors: list[Profile]
    mentee_keys: list[str]
    mentor_keys: list[str]
    blocked_pairs: frozenset[tuple[int, int]]
    has_choices: bool


@dataclass(frozen=True)
class Settings:
    """What the settings file says: weights, the engine's config, and the run's options."""

    weights: dict[str, float] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=dict)
    min_score: float | None = None
    objective: str | None = None


# ---- participants


def read_participants(
    mentees_path: Path, mentors_path: Path, org_path: Path | None = None, on: date | None = None
) -> Participants:
    """Read and check both files (and the optional org chart); ``on`` is the date whose UTC
    offsets the time zones resolve to (default today: daylight saving time moves them)."""
    on = on or date.today()  # noqa: DTZ011 - a local calendar date is what is meant
    mentees = _read_people(mentees_path, MENTEES, on)
    mentors = _read_people(mentors_path, MENTORS, on)
    mentee_name, mentor_name = mentees_path.name, mentors_path.name
    org = _read_org(org_path) if org_path else {}

    # One integer id per person, across both files (the engine compares people by id).
    number: dict[str, int] = {}
    for key in [*(p.key for p in mentees), *(p.key for p in mentors), *org]:
        number.setdefault(key, len(number) + 1)

    managers = _managers(mentees, mentors, org, mentee_name, mentor_name, org_path)
    mentor_keys = {p.key for p in mentors}
    mentee_keys = {p.key for p in mentees}
    for person in mentees:
        _check_refs(person.choices, mentor_keys, mentee_name, person.row, "choices", mentor_name)
        _check_refs(person.blocked, mentor_keys, mentee_name, person.row, "blocked", mentor_name)
    for person in mentors:
        _check_refs(person.blocked, mentee_keys, mentor_name, person.row, "blocked", mentee_name)
    blocked = {(number[p.key], number[other]) for p in mentees for other in p.blocked}
    blocked |= {(number[other], number[p.key]) for p in mentors for other in p.blocked}

    chains = _chains(
        managers, number, {**_rows(mentees, mentee_name), **_rows(mentors, mentor_name)}
    )
    names = _Canonical()
    return Participants(
        mentees=[_profile(p, number, chains, names, mentor=False) for p in mentees],
        mentors=[_profile(p, number, chains, names, mentor=True) for p in mentors],
        mentee_keys=[p.key for p in mentees],
        mentor_keys=[p.key for p in mentors],
        blocked_pairs=frozenset(blocked),
        has_choices=any(p.choices for p in mentees),
    )


def _rows(people: list[Person], file: str) -> dict[str, tuple[str, int]]:
    return {p.key: (file, p.row) for p in people}


def _check_refs(
    refs: list[str], known: set[str], file: str, row: int, column: str, other: str
) -> None:
    seen: set[str] = set()
    for ref in refs:
        if ref not in known:
            raise InputError(file, f"{ref!r} is not an id in {other}", row, column)
        if ref in seen:
            raise InputError(file, f"{ref!r} is listed twice", row, column)
        seen.add(ref)


def _profile(
    person: Person,
    number: Mapping[str, int],
    chains: Mapping[str, list[int]],
    names: _Canonical,
    *,
    mentor: bool,
) -> Profile:
    return Profile(
        id=number[person.key],
        name=person.name or person.key,
        level=person.level,
        department=names.get("department", person.department) if person.department else None,
        utc_offset_minutes=person.utc_offset_minutes,
        time_zone=person.time_zone,
        languages=[names.get("language", x) for x in person.languages],
        skills={names.get("skill", s): value for s, value in person.skills.items()},
        interests=[names.get("interest", x) for x in person.interests],
        text=person.goals,
        style=person.style,
        manager_chain=chains.get(person.key, []),
        capacity=person.capacity if mentor else 1,
        choices=[number[c] for c in person.choices],
    )


class _Canonical:
    """The first spelling of a name wins, compared case-insensitively: "python" and "Python"
    in two rows are one skill (the vocab would otherwise hold two that never match)."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], str] = {}

    def get(self, kind: str, name: str) -> str:
        return self._seen.setdefault((kind, name.casefold()), name)


def _read_people(path: Path, role: str, on: date) -> list[Person]:
    file = path.name
    header, rows = _read_csv(path)
    columns = _columns(header, file, allowed=COLUMNS, required=REQUIRED, role=role)
    people: list[Person] = []
    first_row: dict[str, int] = {}
    for number, cells in rows:
        cell = _Cells(file, number, columns, cells)
        key = cell.text("id")
        if not key:
            raise InputError(file, "the id is empty", number, "id")
        if key in first_row:
            raise InputError(
                file, f"duplicate id {key!r} (also on row {first_row[key]})", number, "id"
            )
        first_row[key] = number
        zone, offset = cell.time_zone("time_zone", on)
        people.append(
            Person(
                key=key,
                row=number,
                name=cell.text("name"),
                level=cell.required_whole("level", low=0),
                department=cell.text("department") or None,
                manager=cell.text("manager_id") or None,
                time_zone=zone,
                utc_offset_minutes=offset,
                languages=cell.items("languages"),
                skills=cell.skills("skills"),
                interests=cell.items("interests"),
                goals=cell.text("goals"),
                style={
                    dim: value
                    for dim, column in zip(STYLE_DIMENSIONS, STYLE_COLUMNS, strict=True)
                    if (value := cell.whole(column, low=1, high=5)) is not None
                },
                capacity=_default(cell.whole("capacity", low=0), 1),
                choices=cell.items("choices"),
                blocked=cell.items("blocked"),
            )
        )
    return people


def _default(value: int | None, default: int) -> int:
    return default if value is None else value


def _read_org(path: Path) -> dict[str, tuple[str | None, int]]:
    """The optional org chart: id → (manager id, row)."""
    file = path.name
    header, rows = _read_csv(path)
    columns = _columns(header, file, allowed=dict.fromkeys(ORG_COLUMNS, ""), required=ORG_COLUMNS)
    out: dict[str, tuple[str | None, int]] = {}
    for number, cells in rows:
        cell = _Cells(file, number, columns, cells)
        key = cell.text("id")
        if not key:
            raise InputError(file, "the id is empty", number, "id")
        if key in out:
            raise InputError(
                file, f"duplicate id {key!r} (also on row {out[key][1]})", number, "id"
            )
        out[key] = (cell.text("manager_id") or None, number)
    return out


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-empty rows with their spreadsheet row numbers."""
    file = path.name
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            lines = list(csv.reader(handle, strict=True))
    except FileNotFoundError:
        raise InputError(file, f"no such file ({path})") from None
    except UnicodeDecodeError as error:
        raise InputError(file, f"not UTF-8 text ({error.reason}); save it as CSV UTF-8") from None
    except csv.Error as error:
        raise InputError(file, f"not a valid CSV file ({error})") from None
    except OSError as error:
        raise InputError(file, f"cannot be read ({error.strerror})") from None
    if not lines:
        raise InputError(file, "the file is empty; the first row must name the columns")
    # csv.reader counts records; a quoted cell may span lines, which spreadsheets number as
    # one row, so the record number is the row number.
    rows = [(k + 2, cells) for k, cells in enumerate(lines[1:]) if any(c.strip() for c in cells)]
    return lines[0], rows


def _columns(
    header: Sequence[str],
    file: str,
    *,
    allowed: Mapping[str, str],
    required: Iterable[str],
    role: str | None = None,
) -> dict[str, int]:
    """Column name → position; unknown names are reported on stderr and skipped."""
    columns: dict[str, int] = {}
    for position, raw in enumerate(header):
        name = raw.strip().lower()
        if not name:
            continue
        if name in columns:
            raise InputError(file, "this column appears twice in the header", 1, name)
        if name not in allowed:
            print(f"warning: {file}: ignoring unknown column {raw.strip()!r}", file=sys.stderr)
            continue
        if role and ONLY_IN.get(name, role) != role:
            print(
                f"warning: {file}: ignoring column {name!r}, which only the {ONLY_IN[name]} "
                "file uses",
                file=sys.stderr,
            )
            continue
        columns[name] = position
    for name in required:
        if name not in columns:
            found = ", ".join(columns) or "none"
            raise InputError(file, f"required column is missing (the header has: {found})", 1, name)
    return columns


class _Cells:
    """One row's cells by column name, each parsed with an error that names it."""

    def __init__(self, file: str, row: int, columns: Mapping[str, int], cells: list[str]) -> None:
        self.file, self.row, self.columns, self.cells = file, row, columns, cells

    def error(self, column: str, message: str) -> InputError:
        return InputError(self.file, message, self.row, column)

    def text(self, column: str) -> str:
        position = self.columns.get(column)
        if position is None or position >= len(self.cells):
            return ""
        return self.cells[position].strip()

    def required_whole(self, column: str, low: int | None = None) -> int:
        value = self.whole(column, low=low)
        if value is None:
            raise self.error(column, "a whole number is required here")
        return value

    def whole(self, column: str, low: int | None = None, high: int | None = None) -> int | None:
        raw = self.text(column)
        if not raw:
            return None
        value = _whole(raw)
        if value is None:
            raise self.error(column, f"{raw!r} is not a whole number")
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"{low}–{high}" if high is not None else f"{low} or more"
            raise self.error(column, f"{raw!r} is out of range (allowed: {span})")
        return value

    def items(self, column: str) -> list[str]:
        """A ';'-separated list; blanks dropped; repeats are an error."""
        out: list[str] = []
        for item in self.text(column).split(";"):
            item = item.strip()
            if not item:
                continue
            if item.casefold() in (x.casefold() for x in out) and column not in (
                "choices",
                "blocked",
            ):
                raise self.error(column, f"{item!r} is listed twice")
            out.append(item)
        return out

    def time_zone(self, column: str, on: date) -> tuple[str, int]:
        raw = self.text(column)
        if not raw:
            return "", 0
        zone = _zone(raw)
        if zone is None:
            raise self.error(
                column, f"{raw!r} is not a known IANA time zone (for example Europe/Berlin)"
            )
        offset = datetime.combine(on, clock(12), tzinfo=UTC).astimezone(zone).utcoffset()
        return zone.key, int(offset.total_seconds() // 60) if offset else 0

    def skills(self, column: str) -> dict[str, tuple[int, bool, bool]]:
        out: dict[str, tuple[int, bool, bool]] = {}
        seen: set[str] = set()
        for item in self.text(column).split(";"):
            item = item.strip()
            if not item:
                continue
            parts = [p.strip() for p in item.split(":")]
            if len(parts) > 3 or not parts[0]:
                raise self.error(
                    column, f"{item!r} is not Skill:level:flags (for example Python:4:t)"
                )
            name = parts[0]
            level_text = parts[1] if len(parts) > 1 else ""
            level = _whole(level_text) if level_text else 0
            if level is None or not 0 <= level <= SKILL_LEVEL_MAX:
                raise self.error(
                    column,
                    f"{item!r}: the level {level_text!r} is not a whole number 0–{SKILL_LEVEL_MAX}",
                )
            flags = parts[2].lower() if len(parts) > 2 else ""
            if set(flags) - {"t", "l"}:
                raise self.error(
                    column, f"{item!r}: flags are t (can teach) and l (wants to learn)"
                )
            if name.casefold() in seen:
                raise self.error(column, f"{name!r} is listed twice")
            seen.add(name.casefold())
            out[name] = (level, "t" in flags, "l" in flags)
        return out


def _whole(raw: str) -> int | None:
    """A whole number from text: "3", "+3", "3.0" (spreadsheets write that); else None."""
    try:
        return int(raw)
    except ValueError:
        pass
    try:
        value = float(raw)
    except ValueError:
        return None
    return int(value) if math.isfinite(value) and value.is_integer() else None


def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    """An IANA zone by name; letter case is forgiven ("europe/berlin")."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        pass
    canonical = _zone_names().get(name.casefold())
    return zoneinfo.ZoneInfo(canonical) if canonical else None


@cache
def _zone_names() -> dict[str, str]:
    return {key.casefold(): key for key in zoneinfo.available_timezones()}


# ---- reporting lines


def _managers(
    mentees: list[Person],
    mentors: list[Person],
    org: Mapping[str, tuple[str | None, int]],
    mentee_file: str,
    mentor_file: str,
    org_path: Path | None,
) -> dict[str, str | None]:
    """Each person's manager id; a person in several files must name the same manager."""
    out: dict[str, str | None] = {}
    source: dict[str, tuple[str, int]] = {}
    entries: list[tuple[str, str | None, str, int]] = [
        *((p.key, p.manager, mentee_file, p.row) for p in mentees),
        *((p.key, p.manager, mentor_file, p.row) for p in mentors),
    ]
    if org_path is not None:
        entries += [(key, manager, org_path.name, row) for key, (manager, row) in org.items()]
    for key, manager, file, row in entries:
        if manager is None:
            out.setdefault(key, None)
            source.setdefault(key, (file, row))
            continue
        if out.get(key) not in (None, manager):
            first_file, first_row = source[key]
            raise InputError(
                file,
                f"{manager!r} differs from {out[key]!r} given for the same person in "
                f"{first_file} row {first_row}",
                row,
                "manager_id",
            )
        out[key] = manager
        source[key] = (file, row)
    return out


def _chains(
    managers: Mapping[str, str | None],
    number: Mapping[str, int],
    rows: Mapping[str, tuple[str, int]],
) -> dict[str, list[int]]:
    """Each participant's management chain (integer ids, nearest first). A manager id that
    names nobody ends the chain; a cycle is an error naming one of its rows."""
    out: dict[str, list[int]] = {}
    for key in rows:
        chain: list[int] = []
        seen = {key}
        current = managers.get(key)
        while current is not None:
            if current in seen:
                cycle = " → ".join([*_path(managers, current), current])
                file, row = rows.get(current, rows[key])
                raise InputError(
                    file, f"the reporting lines form a cycle ({cycle})", row, "manager_id"
                )
            seen.add(current)
            if current in number:
                chain.append(number[current])
            current = managers.get(current)
        out[key] = chain
    return out


def _path(managers: Mapping[str, str | None], start: str) -> list[str]:
    """The ids from ``start`` up to (not including) the first repeat."""
    out: list[str] = []
    current: str | None = start
    while current is not None and current not in out:
        out.append(current)
        current = managers.get(current)
    return out


# ---- settings


def read_settings(path: Path) -> Settings:
    """The TOML settings file: ``[weights]`` per criterion, ``[rules]`` (see ``RULE_KEYS``)."""
    file = path.name
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise InputError(file, f"no such file ({path})") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(file, f"not valid TOML ({error})") from None
    except OSError as error:
        raise InputError(file, f"cannot be read ({error.strerror})") from None
    unknown = sorted(set(data) - {"weights", "rules"})
    if unknown:
        raise InputError(file, f"unknown section [{unknown[0]}] (expected [weights] and [rules])")
    weights_table = _table(data, "weights", file)
    rules_table = _table(data, "rules", file)

    weights: dict[str, float] = {}
    for key, value in weights_table.items():
        if key not in CRITERIA:
            raise InputError(
                file, f"[weights] {key}: unknown criterion (known: {', '.join(CRITERIA)})"
            )
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise InputError(file, f"[weights] {key}: {value!r} is not a number ≥ 0")
        weights[key] = float(value)
    defaults = {name: float(getattr(Weights(), name)) for name in CRITERIA}
    if not any({**defaults, **weights}.values()):  # unnamed criteria keep their defaults
        raise InputError(file, "[weights]: at least one criterion needs a weight above 0")

    rules: dict[str, Any] = {}
    min_score: float | None = None
    objective: str | None = None
    for key, value in rules_table.items():
        if key not in RULE_KEYS:
            raise InputError(file, f"[rules] {key}: unknown rule (known: {', '.join(RULE_KEYS)})")
        where = f"[rules] {key}"
        if key == "department":
            if value not in DEPARTMENT_PREFERENCES:
                raise InputError(file, f"{where}: {value!r} is not one of same, different, any")
            rules[key] = value
        elif key in ("level_gap_min", "level_gap_max", "level_gap_slack"):
            rules[key] = _toml_int(value, file, where, low=0 if key != "level_gap_slack" else 1)
        elif key in ("skill_gap_full", "max_choices"):
            rules[key] = _toml_int(value, file, where, low=1)
        elif key == "require_shared_language":
            if not isinstance(value, bool):
                raise InputError(file, f"{where}: {value!r} is not true or false")
            rules[key] = value
        elif key in ("min_score", "objectives_share"):
            number = _toml_float(value, file, where, 0.0, 1.0)
            if key == "min_score":
                min_score = number
            else:
                rules[key] = number
        elif key in ("workday_start", "workday_end"):
            rules[f"{key}_minutes"] = _toml_clock(value, file, where)
        elif key == "objectives":
            if not isinstance(value, str):
                raise InputError(file, f"{where}: {value!r} is not text")
            rules[key] = value
        elif key == "objective":
            if value not in ("participation", "score", "fair"):
                raise InputError(file, f"{where}: {value!r} is not participation, score or fair")
            objective = value
    try:  # the engine's own checks (a range that runs backwards, a too-long working day)
        MatchConfig(**rules)
    except ValueError as error:
        raise InputError(file, f"[rules]: {error}") from None
    return Settings(weights, rules, min_score, objective)


def _table(data: Mapping[str, Any], name: str, file: str) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise InputError(file, f"{name} must be a table: write [{name}] on its own line")
    return table


def _toml_int(value: Any, file: str, where: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(file, f"{where}: {value!r} is not a whole number")
    if value < low:
        raise InputError(file, f"{where}: {value} is below {low}")
    return value


def _toml_float(value: Any, file: str, where: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(file, f"{where}: {value!r} is not a number")
    if not low <= value <= high:
        raise InputError(file, f"{where}: {value} is not between {low:g} and {high:g}")
    return float(value)


def _toml_clock(value: Any, file: str, where: str) -> int:
    """ "HH:MM" (or a TOML local time) as minutes after midnight."""
    if isinstance(value, clock):
        return value.hour * 60 + value.minute
    if isinstance(value, str):
        hours, _, minutes = value.partition(":")
        if hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60:
            return int(hours) * 60 + int(minutes)
    raise InputError(file, f'{where}: {value!r} is not a time like "09:00"')
