"""`attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9): which attributes of a
resource a response holds.

Names are case-insensitive, may name a sub-attribute (`name.givenName`, `emails.value`), may be
qualified by their schema URN (`urn:…:enterprise:2.0:User:employeeNumber`), or be a schema URN
alone for all of its attributes. A name without a URN is a core attribute, or else an attribute
of the enterprise extension (as in filters). Names no schema has are ignored, as most service
providers do. `id`, `schemas` and `meta` are always returned.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mentorpath.scim.schemas import (
    CORE_ATTRIBUTES,
    CORE_USER,
    ENTERPRISE_ATTRIBUTES,
    ENTERPRISE_USER,
    KNOWN_SCHEMAS,
)

ALWAYS_RETURNED = frozenset({"id", "schemas", "meta"})
EXTENSIONS = tuple(schema for schema in KNOWN_SCHEMAS if schema != CORE_USER)
_EXTENSION_KEYS = {schema.lower() for schema in EXTENSIONS}


@dataclass(frozen=True)
class Name:
    """`attr` None names the whole schema; `sub` None the whole attribute (all lower-case)."""

    schema: str
    attr: str | None = None
    sub: str | None = None


def parse_name(text: str) -> Name | None:
    """The attribute a name refers to, or None if no schema has it."""
    text = text.strip()
    lower = text.lower()
    schema = None
    for known in KNOWN_SCHEMAS:
        if lower == known.lower():
            return Name(known)
        if lower.startswith(known.lower() + ":"):
            schema, text = known, text[len(known) + 1 :]
            break
    else:
        if lower.startswith("urn:"):
            return None
    attr, _, sub = text.lower().partition(".")
    if not attr:
        return None
    if schema is None:
        if attr in CORE_ATTRIBUTES:
            schema = CORE_USER
        elif attr in ENTERPRISE_ATTRIBUTES:
            schema = ENTERPRISE_USER
        else:
            return None
    return Name(schema, attr, sub or None)


def split_names(value: str | None) -> list[str]:
    """A query parameter's comma-separated names."""
    return [name.strip() for name in (value or "").split(",") if name.strip()]


def _empty(value: Any) -> bool:
    return value is None or value == {} or value == []


def _subs_of(value: Any, subs: set[str], *, keep: bool) -> Any:
    """The value with only (keep) or without (not keep) the sub-attributes `subs`."""
    if isinstance(value, list):
        items = [_subs_of(item, subs, keep=keep) for item in value]
        return [item for item in items if not _empty(item)]
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if (k.lower() in subs) == keep}
    return None if keep else value  # a simple attribute has no sub-attributes


def _attributes_of(scope: dict[str, Any], names: list[Name], *, keep: bool) -> dict[str, Any]:
    """One schema's attributes (top level of the resource, or an extension's object)."""
    result: dict[str, Any] = {}
    for key, value in scope.items():
        if key.lower() in ALWAYS_RETURNED or key.lower() in _EXTENSION_KEYS:
            continue
        subs = {name.sub for name in names if name.attr == key.lower()}
        if not subs:
            if not keep:
                result[key] = value
            continue
        if None in subs:
            if keep:
                result[key] = value
            continue
        narrowed = _subs_of(value, {sub for sub in subs if sub is not None}, keep=keep)
        if not _empty(narrowed):
            result[key] = narrowed
    return result


def _scope(resource: dict[str, Any], names: list[Name], *, keep: bool) -> dict[str, Any]:
    """What a response holds of one schema's attributes, given the names for that schema."""
    if any(name.attr is None for name in names):
        return resource if keep else {}
    return _attributes_of(resource, names, keep=keep)


def project(
    resource: dict[str, Any],
    *,
    attributes: Iterable[str] = (),
    excluded: Iterable[str] = (),
) -> dict[str, Any]:
    """The resource with only `attributes`, or without `excluded` (give one of the two;
    neither leaves it whole). The order of the resource's keys is kept."""
    attributes, excluded = list(attributes), list(excluded)
    if not attributes and not excluded:
        return resource
    keep = bool(attributes)
    names = [name for name in map(parse_name, attributes or excluded) if name is not None]
    by_schema = {schema: [n for n in names if n.schema == schema] for schema in KNOWN_SCHEMAS}
    core = _scope(resource, by_schema[CORE_USER], keep=keep)
    result: dict[str, Any] = {}
    for key, value in resource.items():
        lower = key.lower()
        if lower in ALWAYS_RETURNED:
            result[key] = value
        elif lower in _EXTENSION_KEYS and isinstance(value, dict):
            schema = next(s for s in EXTENSIONS if s.lower() == lower)
            part = _scope(value, by_schema[schema], keep=keep)
            if not _empty(part):
                result[key] = part
        elif key in core:
            result[key] = core[key]
    return result
