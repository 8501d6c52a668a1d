"""RFC 7644 §3.5.2 PATCH applied to a SCIM resource held as a dict.

A PATCH is applied to the user's current representation; the result is then stored like a
PUT (services.py). Operation names are case-insensitive ("Replace" from Entra ID), attribute
names too; a PATCH of a core attribute that is not stored (phoneNumbers, addresses, ...) is
accepted and has no effect, one of an attribute no schema has is refused (invalidPath).
"""

import copy
from typing import Any

from mentorpath.scim.errors import ScimError, invalid_path
from mentorpath.scim.filters import (
    And as FilterAnd,
)
from mentorpath.scim.filters import (
    AttrPath,
    Compare,
    Filter,
    PatchPath,
    matches,
    parse_path,
)
from mentorpath.scim.schemas import (
    CORE_ATTRIBUTES,
    CORE_USER,
    ENTERPRISE_ATTRIBUTES,
    ENTERPRISE_USER,
    MULTI_VALUED,
    PATCH_OP,
    STORED_CORE,
    STORED_ENTERPRISE,
)

OPERATIONS = ("add", "replace", "remove")
READ_ONLY = {"id", "meta"}


def _syntax(detail: str) -> ScimError:
    return ScimError(detail, scim_type="invalidSyntax")


def _get(mapping: dict[str, Any], name: str) -> Any:
    for key, value in mapping.items():
        if key.lower() == name.lower():
            return value
    return None


def _key(container: dict[str, Any], name: str) -> str:
    """The key `name` already has in `container` (names are case-insensitive), else `name`."""
    for key in container:
        if key.lower() == name.lower():
            return key
    return name


def operations_of(body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, dict):
        raise _syntax("A PATCH request body is a JSON object.")
    schemas = _get(body, "schemas")
    if not isinstance(schemas, list) or PATCH_OP not in schemas:
        raise _syntax(f"A PATCH request names the schema {PATCH_OP}.")
    operations = _get(body, "Operations")
    if not isinstance(operations, list) or not operations:
        raise _syntax("A PATCH request has a non-empty list of Operations.")
    for operation in operations:
        if not isinstance(operation, dict):
            raise _syntax("Each PATCH operation is a JSON object.")
    return operations


def apply_patch(resource: dict[str, Any], body: Any) -> dict[str, Any]:
    """The resource with the PATCH request's operations applied in order (a copy)."""
    operations = operations_of(body)
    result = copy.deepcopy(resource)
    for operation in operations:
        op = str(_get(operation, "op") or "").lower()
        if op not in OPERATIONS:
            raise _syntax(
                f"Unknown PATCH operation “{_get(operation, 'op')}”; use add, replace or remove."
            )
        path = _get(operation, "path")
        value = _get(operation, "value")
        if path in (None, ""):
            if op == "remove":
                raise ScimError("A remove operation needs a path.", scim_type="noTarget")
            _apply_object(result, op, value, schema=None)
        else:
            if not isinstance(path, str):
                raise invalid_path("A PATCH path is a string.")
            _apply(result, op, parse_path(path), value)
    return result


def _apply_object(resource: dict[str, Any], op: str, value: Any, *, schema: str | None) -> None:
    """add/replace without a path (or with a schema URN as path): each key is a path."""
    if not isinstance(value, dict):
        raise _syntax(f"The value of a {op} operation without a path is a JSON object.")
    for key, item in value.items():
        if key.lower() == "schemas":
            continue
        text = key if schema is None or key.lower().startswith("urn:") else f"{schema}:{key}"
        _apply(resource, op, parse_path(text), item)


def _canonical(path: AttrPath) -> tuple[str | None, str]:
    """(schema URN or None for core, the attribute's canonical name)."""
    name = (path.attr or "").lower()
    if path.schema in (None, CORE_USER):
        if name in CORE_ATTRIBUTES:
            return None, CORE_ATTRIBUTES[name]
        if path.schema is None and name in ENTERPRISE_ATTRIBUTES:
            return ENTERPRISE_USER, ENTERPRISE_ATTRIBUTES[name]
    elif path.schema == ENTERPRISE_USER and name in ENTERPRISE_ATTRIBUTES:
        return ENTERPRISE_USER, ENTERPRISE_ATTRIBUTES[name]
    elif path.schema not in (CORE_USER, ENTERPRISE_USER):
        raise invalid_path(f"Unknown schema “{path.schema}”.")
    raise invalid_path(f"Users have no attribute “{path.attr}”.")


def _eq_values(node: Filter) -> dict[str, Any]:
    """The attr eq value conditions of a value filter: what a new value must hold to match."""
    if isinstance(node, Compare) and node.op == "eq":
        return {node.path.dotted(): node.value}
    if isinstance(node, FilterAnd):
        return {**_eq_values(node.left), **_eq_values(node.right)}
    return {}


def _apply(resource: dict[str, Any], op: str, target: PatchPath, value: Any) -> None:
    path = target.path
    if path.attr is None:  # a whole schema: its attributes are in the value
        if path.schema == CORE_USER:
            if op == "remove":
                raise invalid_path("The core User schema cannot be removed.")
            _apply_object(resource, op, value, schema=None)
            return
        key = _key(resource, ENTERPRISE_USER)
        if op == "remove":
            resource.pop(key, None)
            return
        _apply_object(resource, op, value, schema=ENTERPRISE_USER)
        return
    schema, attr = _canonical(path)
    if attr in READ_ONLY:
        raise ScimError(f"“{attr}” is read-only.", scim_type="mutability")
    if attr not in (STORED_ENTERPRISE if schema == ENTERPRISE_USER else STORED_CORE):
        return  # accepted, not stored (schemas, phoneNumbers, addresses, costCenter, ...)
    if schema == ENTERPRISE_USER:
        key = _key(resource, ENTERPRISE_USER)
        if not isinstance(resource.get(key), dict):
            if op == "remove":
                return
            resource[key] = {}
        container = resource[key]
    else:
        container = resource
    key = _key(container, attr)
    multi = schema is None and attr in MULTI_VALUED
    if target.filter is not None:
        if not multi:
            raise invalid_path(f"“{attr}” is not multi-valued, so it takes no value filter.")
        _apply_filtered(container, key, op, target.filter, target.sub, value)
        return
    if path.sub is not None:
        _apply_sub(container, key, op, path.sub, value, multi=multi)
        return
    current = container.get(key)
    if op == "remove":
        container.pop(key, None)
    elif multi and op == "add":
        added = value if isinstance(value, list) else [value]
        container[key] = _merge_values(current if isinstance(current, list) else [], added)
    elif multi:
        container[key] = value if isinstance(value, list) or value is None else [value]
    elif isinstance(current, dict) and isinstance(value, dict):
        for sub_name, sub_value in value.items():
            current[_key(current, sub_name)] = sub_value
    else:
        container[key] = value


def _merge_values(current: list[Any], added: list[Any]) -> list[Any]:
    """Add values to a multi-valued attribute; a new primary value demotes the old one."""
    if any(isinstance(item, dict) and _get(item, "primary") is True for item in added):
        for item in current:
            if isinstance(item, dict):
                for key in list(item):
                    if key.lower() == "primary":
                        item[key] = False
    return [*current, *(item for item in added if item not in current)]


def _apply_sub(
    container: dict[str, Any], key: str, op: str, sub: str, value: Any, *, multi: bool
) -> None:
    current = container.get(key)
    if multi:
        items = current if isinstance(current, list) else []
        if op == "remove":
            for item in items:
                if isinstance(item, dict):
                    item.pop(_key(item, sub), None)
        elif not items:
            container[key] = [{sub: value}]
        else:
            for item in items:
                if isinstance(item, dict):
                    item[_key(item, sub)] = value
        return
    if not isinstance(current, dict):
        if op == "remove":
            return
        container[key] = current = {}
    if op == "remove":
        current.pop(_key(current, sub), None)
    else:
        current[_key(current, sub)] = value


def _apply_filtered(
    container: dict[str, Any], key: str, op: str, node: Filter, sub: str | None, value: Any
) -> None:
    items = container.get(key)
    items = items if isinstance(items, list) else []
    matched = [item for item in items if matches(node, item)]
    if op == "remove":
        if sub is None:
            container[key] = [item for item in items if not any(item is m for m in matched)]
        else:
            for item in matched:
                if isinstance(item, dict):
                    item.pop(_key(item, sub), None)
        return
    if not matched:
        if op == "replace":
            raise ScimError(f"No value of “{key}” matches the path's filter.", scim_type="noTarget")
        new = dict(_eq_values(node))
        if sub is not None:
            new[sub] = value
        elif isinstance(value, dict):
            new.update(value)
        else:
            new["value"] = value
        container[key] = [*items, new]
        return
    for item in matched:
        if not isinstance(item, dict):
            continue
        if sub is not None:
            item[_key(item, sub)] = value
        elif isinstance(value, dict):
            item.clear()
            item.update(value)
        else:
            raise _syntax(f"The value for “{key}[...]” is a JSON object.")
