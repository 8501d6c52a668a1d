"""SCIM reads: users as SCIM resources, and SCIM filters translated into Django Q objects."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import DateTimeField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest, Lower, NullIf
from django.db.models.lookups import (
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
)
from django.utils.dateparse import parse_datetime

from mentorpath.accounts.models import User
from mentorpath.scim.errors import ScimError, invalid_filter, invalid_value
from mentorpath.scim.filters import (
    And,
    AttrPath,
    Compare,
    Filter,
    Not,
    Or,
    Present,
    compare_values,
    parse_filter,
    split_attr_path,
)
from mentorpath.scim.models import ScimToken
from mentorpath.scim.schemas import (
    CORE_ATTRIBUTES,
    CORE_USER,
    ENTERPRISE_ATTRIBUTES,
    ENTERPRISE_USER,
    USER_SCHEMAS,
)

ALWAYS = Q(pk__isnull=False)
NEVER = Q(pk__isnull=True)


@dataclass(frozen=True)
class Field:
    """How one SCIM attribute is stored: `kind` is string, boolean, datetime, id or const."""

    kind: str
    field: str = ""
    case_exact: bool = False
    const: Any = None


# Filterable attributes, keyed by lower-case dotted name within their schema.
CORE_FIELDS = {
    "id": Field("id", "pk"),
    "username": Field("string", "email"),
    "externalid": Field("string", "scim_identity__external_id", case_exact=True),
    "displayname": Field("string", "full_name"),
    "name.formatted": Field("string", "full_name"),
    "name.givenname": Field("string", "person__first_name"),
    "name.familyname": Field("string", "person__last_name"),
    "title": Field("string", "person__title"),
    "active": Field("boolean", "is_active"),
    "emails": Field("string", "person__email"),
    "emails.value": Field("string", "person__email"),
    "emails.type": Field("const", const=["work"]),
    "emails.primary": Field("const", const=[True]),
    "meta.created": Field("datetime", "date_joined"),
    "meta.lastmodified": Field("datetime", "scim_last_modified"),
    "meta.resourcetype": Field("const", const=["User"]),
    "schemas": Field("const", const=USER_SCHEMAS),
}
ENTERPRISE_FIELDS = {
    "employeenumber": Field("string", "person__employee_id"),
    "department": Field("string", "person__department__name"),
    "manager": Field("id", "person__manager__user_id"),
    "manager.value": Field("id", "person__manager__user_id"),
}
UNASSIGNED = Field("const", const=[])


def scim_users() -> QuerySet[User]:
    """Every person's login (not service accounts, which no directory owns), with what its SCIM
    representation reads, in a stable order (by id)."""
    return (
        User.objects.filter(is_service_account=False)
        .select_related("person__department", "person__manager__user", "scim_identity")
        .annotate(
            scim_last_modified=Greatest(
                Coalesce("scim_identity__updated_at", "date_joined"),
                Coalesce("person__updated_at", "date_joined"),
                output_field=DateTimeField(),
            )
        )
        .order_by("pk")
    )


# The largest primary key a 64-bit id column holds; a bigger number names no one (and would
# overflow the database's integer on the way there).
MAX_ID = 2**63 - 1


def scim_id(value: Any) -> int | None:
    """The primary key a SCIM id names, or None if it can name no one (not digits, too big)."""
    text = str(value)
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def scim_user(pk: str) -> User | None:
    """The user with SCIM id `pk`, or None (an id that is not a number names no one)."""
    number = scim_id(pk)
    if number is None:
        return None
    return scim_users().filter(pk=number).first()


def lock_scim_user(pk: str) -> None:
    """Hold the user's row until the transaction ends, so a conditional write (If-Match)
    compares with the version it then replaces."""
    number = scim_id(pk)
    if number is not None:
        list(User.objects.select_for_update().filter(pk=number).values_list("pk", flat=True))


def scim_token_live(key: str) -> ScimToken | None:
    if not key:
        return None
    return ScimToken.objects.filter(
        digest=ScimToken.digest_of(key), revoked_at__isnull=True
    ).first()


def scim_tokens() -> QuerySet[ScimToken]:
    return ScimToken.objects.select_related("created_by").order_by(
        "revoked_at", "-created_at", "-pk"
    )


# --- Representation --------------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def user_resource(user: User, *, base: str) -> dict[str, Any]:
    """The SCIM representation of a user (core + enterprise); `base` is the /Users URL.

    Attributes with no value are left out, as RFC 7643 §2.5 asks.
    """
    person = getattr(user, "person", None)
    identity = getattr(user, "scim_identity", None)
    resource: dict[str, Any] = {"schemas": list(USER_SCHEMAS), "id": str(user.pk)}
    if identity is not None and identity.external_id:
        resource["externalId"] = identity.external_id
    resource["userName"] = user.email
    if person is not None:
        given, family = person.first_name, person.last_name
    else:
        given, _, family = user.full_name.partition(" ")
    name = {
        "formatted": " ".join(part for part in (given, family) if part),
        "familyName": family,
        "givenName": given,
    }
    resource["name"] = {key: value for key, value in name.items() if value}
    display = user.full_name or name["formatted"]
    if display:
        resource["displayName"] = display
    if person is not None and person.title:
        resource["title"] = person.title
    resource["active"] = user.is_active
    email = person.email if person is not None else user.email
    resource["emails"] = [{"value": email, "type": "work", "primary": True}]
    enterprise: dict[str, Any] = {}
    if person is not None:
        enterprise["employeeNumber"] = person.employee_id
        if person.department is not None:
            enterprise["department"] = person.department.name
        manager = person.manager
        if manager is not None and manager.user_id is not None:
            enterprise["manager"] = {
                "value": str(manager.user_id),
                "$ref": f"{base}/{manager.user_id}",
                "displayName": manager.full_name,
            }
    if enterprise:
        resource[ENTERPRISE_USER] = enterprise
    last_modified = getattr(user, "scim_last_modified", None) or user.date_joined
    digest = hashlib.sha256(
        json.dumps([resource, _iso(last_modified)], sort_keys=True).encode()
    ).hexdigest()
    resource["meta"] = {
        "resourceType": "User",
        "created": _iso(user.date_joined),
        "lastModified": _iso(last_modified),
        "location": f"{base}/{user.pk}",
        "version": f'W/"{digest[:20]}"',
    }
    return resource


# --- Filters ---------------------------------------------------------------------------------


def _field_for(path: AttrPath, parent: str | None) -> Field:
    dotted = path.dotted().lower()
    if parent is not None:
        dotted = f"{parent.lower()}.{dotted}"
    schema = path.schema
    if schema is None or schema == CORE_USER:
        if dotted in CORE_FIELDS:
            return CORE_FIELDS[dotted]
        if dotted.split(".")[0] in CORE_ATTRIBUTES:
            return UNASSIGNED
        if schema is None and dotted in ENTERPRISE_FIELDS:
            return ENTERPRISE_FIELDS[dotted]
        if schema is None and dotted.split(".")[0] in ENTERPRISE_ATTRIBUTES:
            return UNASSIGNED
    elif schema == ENTERPRISE_USER:
        if dotted in ENTERPRISE_FIELDS:
            return ENTERPRISE_FIELDS[dotted]
        if dotted.split(".")[0] in ENTERPRISE_ATTRIBUTES:
            return UNASSIGNED
    else:
        raise invalid_filter(f"Unknown schema “{schema}” in the filter.")
    raise invalid_filter(f"Users have no attribute “{path.dotted()}” to filter on.")


def _datetime(value: Any) -> datetime:
    moment = parse_datetime(value.replace("Z", "+00:00")) if isinstance(value, str) else None
    if moment is None:
        raise invalid_filter(f"“{value}” is not a date and time (e.g. 2011-05-13T04:42:34Z).")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


RANGE = {"gt": GreaterThan, "ge": GreaterThanOrEqual, "lt": LessThan, "le": LessThanOrEqual}


def _compare_q(field: Field, op: str, value: Any, name: str) -> Q:
    if field.kind == "const":
        return ALWAYS if any(compare_values(op, v, value) for v in field.const or [None]) else NEVER
    if value is None:
        if op in ("eq", "ne"):
            present = _present_q(field)
            return ~present if op == "eq" else present
        raise invalid_filter(f"“{name} {op} null” compares with nothing.")
    if field.kind == "boolean":
        if isinstance(value, str) and value.lower() in ("true", "false"):
            value = value.lower() == "true"
        if not isinstance(value, bool) or op not in ("eq", "ne"):
            raise invalid_filter(f"“{name}” is true or false and compares with eq or ne only.")
        q = Q(**{field.field: value})
        return q if op == "eq" else ~q
    if field.kind == "id":
        if op not in ("eq", "ne"):
            raise invalid_filter(f"“{name}” is an id and compares with eq or ne only.")
        number = scim_id(value)
        if number is None:
            return NEVER if op == "eq" else ALWAYS
        q = Q(**{field.field: number})
        return q if op == "eq" else ~q
    if field.kind == "datetime":
        if op in ("co", "sw", "ew"):
            raise invalid_filter(f"“{name}” is a date and time; use eq, ne, gt, ge, lt or le.")
        moment = _datetime(value)
        if op in RANGE:
            return Q(RANGE[op](F(field.field), moment))
        q = Q(**{field.field: moment})
        return q if op == "eq" else ~q
    # string
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise invalid_filter(f"“{name}” is text; compare it with a quoted string.")
    text = str(value)
    prefix = "" if field.case_exact else "i"
    if op == "eq":
        return Q(**{f"{field.field}__{prefix}exact": text})
    if op == "ne":
        return ~Q(**{f"{field.field}__{prefix}exact": text})
    if op in ("co", "sw", "ew"):
        lookup = {"co": "contains", "sw": "startswith", "ew": "endswith"}[op]
        return Q(**{f"{field.field}__{prefix}{lookup}": text})
    if field.case_exact:
        return Q(RANGE[op](F(field.field), text))
    return Q(RANGE[op](Lower(field.field), text.lower()))


def _present_q(field: Field) -> Q:
    if field.kind == "const":
        return ALWAYS if field.const else NEVER
    if field.kind == "string":
        return Q(**{f"{field.field}__isnull": False}) & ~Q(**{field.field: ""})
    return Q(**{f"{field.field}__isnull": False})


def filter_q(node: Filter, parent: str | None = None) -> Q:
    """Translate a parsed filter into a Q over `scim_users()`; invalidFilter if it can't be."""
    if isinstance(node, And):
        return filter_q(node.left, parent) & filter_q(node.right, parent)
    if isinstance(node, Or):
        return filter_q(node.left, parent) | filter_q(node.right, parent)
    if isinstance(node, Not):
        return ~filter_q(node.inner, parent)
    if isinstance(node, Present):
        return _present_q(_field_for(node.path, parent))
    if isinstance(node, Compare):
        name = node.path.dotted() if parent is None else f"{parent}.{node.path.dotted()}"
        return _compare_q(_field_for(node.path, parent), node.op, node.value, name)
    # ValuePath: emails[type eq "work" and value co "@example.com"]
    if parent is not None:
        raise invalid_filter("A value filter cannot hold another value filter.")
    attr = node.path.dotted()
    field = _field_for(node.path, None)
    if field is UNASSIGNED:
        return NEVER
    if attr.lower() != "emails":
        raise invalid_filter(f"“{attr}” is not a multi-valued attribute.")
    return Q(person__isnull=False) & filter_q(node.filter, "emails")


def users_matching(filter_text: str | None) -> QuerySet[User]:
    users = scim_users()
    if filter_text:
        users = users.filter(filter_q(parse_filter(filter_text)))
    return users


SORT_ORDERS = ("ascending", "descending")


def _sort_field(sort_by: str) -> Field:
    try:
        path = split_attr_path(sort_by.strip())
    except ScimError:
        path = None
    if path is None or path.attr is None:
        raise invalid_value(f"“{sort_by}” is not an attribute to sort by.")
    try:
        return _field_for(path, None)
    except ScimError:
        raise invalid_value(f"Users have no attribute “{sort_by}” to sort by.") from None


def sorted_users(
    users: QuerySet[User], sort_by: str | None, sort_order: str | None
) -> QuerySet[User]:
    """RFC 7644 §3.4.2.3: by the attribute, text without case (unless case-exact); users with
    no value come last when ascending and first when descending; ties by id."""
    order = (sort_order or "ascending").strip().lower()
    if order not in SORT_ORDERS:
        raise invalid_value("“sortOrder” is ascending or descending.")
    if not sort_by or not sort_by.strip():
        return users
    field = _sort_field(sort_by)
    if field.kind == "const" or not field.field:
        return users  # the same value, or none, for everyone
    value: Any = F(field.field)
    if field.kind == "string":
        value = NullIf(value if field.case_exact else Lower(field.field), Value(""))
    if order == "ascending":
        return users.order_by(value.asc(nulls_last=True), "pk")
    return users.order_by(value.desc(nulls_first=True), "pk")


def users_page(
    filter_text: str | None,
    *,
    start_index: int,
    count: int,
    sort_by: str | None = None,
    sort_order: str | None = None,
) -> tuple[int, list[User]]:
    """(totalResults, the page): start_index is 1-based, as in RFC 7644 §3.4.2.4. A start
    beyond the last user gives an empty page (however large: it never reaches the database)."""
    users = sorted_users(users_matching(filter_text), sort_by, sort_order)
    total = users.count()
    start = max(start_index, 1) - 1
    if count <= 0 or start >= total:
        return total, []
    return total, list(users[start : start + count])
