"""SCIM writes: tokens, and users provisioned by an identity provider.

A SCIM user is an accounts.User (the login: userName, active, displayName) with its
people.Person (the employee record: name, email, title, employee id, department, manager)
and a ScimIdentity (externalId). Creating a user links an employee record imported from
the HRIS (same employee id, else same email, and no login yet) instead of making a second.
"""

import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.accounts.services import user_create
from mentorpath.audit.services import diff, record
from mentorpath.core.exceptions import ApplicationError
from mentorpath.people.models import Department, Person
from mentorpath.people.services import person_set_manager
from mentorpath.privacy.tombstones import is_erased
from mentorpath.scim.errors import ScimError, invalid_value
from mentorpath.scim.models import ScimIdentity, ScimToken
from mentorpath.scim.patching import apply_patch
from mentorpath.scim.queries import scim_id, user_resource
from mentorpath.scim.schemas import ENTERPRISE_USER

# --- Tokens ----------------------------------------------------------------------------------


def scim_token_create(*, name: str, created_by: User | None) -> tuple[ScimToken, str]:
    """Create a token and return it with its key, which is never stored in clear."""
    name = name.strip()
    if not name:
        raise ApplicationError({"name": "Name the token, e.g. after the identity provider."})
    key = f"scim_{secrets.token_urlsafe(32)}"
    token = ScimToken.objects.create(
        name=name, digest=ScimToken.digest_of(key), prefix=key[:12], created_by=created_by
    )
    record(actor=created_by, action="scim_token.created", target=token, context={"via": "web"})
    return token, key


def scim_token_revoke(*, token: ScimToken, by: User | None = None) -> ScimToken:
    """Refuse the token from now on; revoking twice keeps the first time (and one audit entry)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor=by, action="scim_token.revoked", target=token, context={"via": "web"})
    return token


def scim_token_touch(*, token: ScimToken) -> None:
    ScimToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())


# --- Reading a SCIM user resource ------------------------------------------------------------


@dataclass
class UserData:
    user_name: str
    given_name: str
    family_name: str
    display_name: str
    email: str
    title: str
    active: bool | None
    external_id: str | None
    employee_number: str | None
    department: str | None
    manager_id: str | None


def _get(mapping: Any, name: str) -> Any:
    if not isinstance(mapping, dict):
        return None
    for key, value in mapping.items():
        if key.lower() == name.lower():
            return value
    return None


def _text(value: Any, attribute: str, max_length: int) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise invalid_value(f"“{attribute}” is text.")
    text = str(value).strip()
    if len(text) > max_length:
        raise invalid_value(f"“{attribute}” is at most {max_length} characters long.")
    return text


def _email(value: Any, attribute: str) -> str:
    text = _text(value, attribute, 254).lower()
    try:
        validate_email(text)
    except ValidationError:
        raise invalid_value(f"“{attribute}” must be an email address; “{text}” is not.") from None
    return text


def _boolean(value: Any) -> bool | None:
    """SCIM booleans, and the strings some identity providers send ("True", "false")."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise invalid_value(f"“active” is true or false, not {value!r}.")


def _primary_email(emails: Any) -> Any:
    if emails in (None, []):
        return None
    if not isinstance(emails, list) or not all(isinstance(e, dict) for e in emails):
        raise invalid_value("“emails” is a list of objects with a value.")
    with_value = [e for e in emails if _get(e, "value")]
    for email in with_value:
        primary = _get(email, "primary")
        if primary is True or (isinstance(primary, str) and primary.lower() == "true"):
            return _get(email, "value")
    return _get(with_value[0], "value") if with_value else None


def read_user(resource: Any) -> UserData:
    """Validate a SCIM User resource and read what is stored of it (400 invalidValue if bad)."""
    if not isinstance(resource, dict):
        raise ScimError("A User is a JSON object.", scim_type="invalidSyntax")
    user_name = _get(resource, "userName")
    if not user_name:
        raise invalid_value("“userName” is required: the person's email address.")
    user_name = _email(user_name, "userName")
    name = _get(resource, "name")
    if name is not None and not isinstance(name, dict):
        raise invalid_value("“name” is an object (givenName, familyName).")
    display = _text(_get(resource, "displayName"), "displayName", 200)
    given = _text(_get(name, "givenName"), "name.givenName", 80)
    family = _text(_get(name, "familyName"), "name.familyName", 80)
    if not given:
        fallback = display or _text(_get(name, "formatted"), "name.formatted", 200)
        given, _, rest = fallback.partition(" ")
        given = given[:80] or user_name.split("@")[0][:80]
        family = family or rest[:80]
    email = _primary_email(_get(resource, "emails"))
    enterprise = _get(resource, ENTERPRISE_USER)
    if enterprise is not None and not isinstance(enterprise, dict):
        raise invalid_value(f"“{ENTERPRISE_USER}” is an object.")
    manager = _get(enterprise, "manager")
    if isinstance(manager, dict):
        manager = _get(manager, "value")
    if manager is not None and not isinstance(manager, (str, int)):
        raise invalid_value("“manager” is the manager's SCIM id, or an object with it as value.")
    external_id = _get(resource, "externalId")
    return UserData(
        user_name=user_name,
        given_name=given,
        family_name=family,
        display_name=display or " ".join(p for p in (given, family) if p),
        email=_email(email, "emails.value") if email else user_name,
        title=_text(_get(resource, "title"), "title", 120),
        active=_boolean(_get(resource, "active")),
        external_id=_text(external_id, "externalId", 255) or None,
        employee_number=_text(_get(enterprise, "employeeNumber"), "employeeNumber", 40) or None,
        department=_text(_get(enterprise, "department"), "department", 120) or None,
        manager_id=str(manager).strip() or None if manager is not None else None,
    )


# --- Writing ---------------------------------------------------------------------------------


def _conflict(detail: str) -> ScimError:
    return ScimError(detail, status=409, scim_type="uniqueness")


def _department(name: str | None) -> Department | None:
    if not name:
        return None
    found = Department.objects.filter(name__iexact=name).first()
    return found or Department.objects.create(name=name)


def _manager(manager_id: str | None, *, user: User) -> Person | None:
    if manager_id is None:
        return None
    manager_pk = scim_id(manager_id)
    manager = User.objects.filter(pk=manager_pk).first() if manager_pk is not None else None
    if manager is None:
        raise invalid_value(f"No user has the SCIM id “{manager_id}” given as manager.")
    person = Person.objects.filter(user=manager).first()
    if person is None:
        raise invalid_value(f"The manager “{manager.email}” has no employee record yet.")
    if manager.pk == user.pk:
        raise invalid_value("A person cannot be their own manager.")
    return person


def _unlinked_person(data: UserData) -> Person | None:
    """An employee record with no login yet (from the HRIS) that this new user is."""
    people = Person.objects.filter(user__isnull=True)
    if data.employee_number:
        found = people.filter(employee_id=data.employee_number).first()
        if found is not None:
            return found
    return people.filter(email__iexact=data.email).first()


def _check_unique(data: UserData, *, user: User | None, person: Person | None) -> None:
    same_login = User.objects.filter(email__iexact=data.user_name)
    if user is not None:
        same_login = same_login.exclude(pk=user.pk)
    if same_login.exists():
        raise _conflict(f"A user with userName “{data.user_name}” already exists.")
    others = Person.objects.all()
    if person is not None:
        others = others.exclude(pk=person.pk)
    if data.employee_number and others.filter(employee_id=data.employee_number).exists():
        raise _conflict(f"A user with employeeNumber “{data.employee_number}” already exists.")
    if others.filter(email__iexact=data.email).exists():
        raise _conflict(f"Another employee record has the email “{data.email}”.")


def _write(user: User | None, data: UserData) -> User:
    person = getattr(user, "person", None) if user is not None else None
    if person is None:
        person = _unlinked_person(data)
    _check_unique(data, user=user, person=person)
    if user is None:
        user = user_create(email=data.user_name, password=None, full_name=data.display_name)
        if data.active is False:
            user.is_active = False
            user.save(update_fields=["is_active"])
    else:
        user.email = data.user_name
        user.full_name = data.display_name
        if data.active is not None:
            user.is_active = data.active
        user.save(update_fields=["email", "full_name", "is_active"])
    if person is None:
        person = Person(user=user, employee_id=data.employee_number or f"SCIM-{user.pk}")
    person.user = user
    if data.employee_number:
        person.employee_id = data.employee_number
    person.first_name = data.given_name
    person.last_name = data.family_name
    person.email = data.email
    person.title = data.title
    person.department = _department(data.department)
    person.save()
    manager = _manager(data.manager_id, user=user)
    if manager != person.manager:
        try:
            person_set_manager(person=person, manager=manager)
        except ApplicationError as error:
            raise invalid_value(" ".join(error.messages)) from error
    identity, _ = ScimIdentity.objects.get_or_create(user=user)
    identity.external_id = data.external_id or ""
    identity.save()
    user.refresh_from_db()
    return user


def _store(user: User | None, data: UserData) -> User:
    try:
        with transaction.atomic():
            return _write(user, data)
    except IntegrityError as error:
        raise _conflict(
            "Another user already has this userName, email or employeeNumber."
        ) from error


# --- The audit log ---------------------------------------------------------------------------


def _audited(user: User) -> dict[str, Any]:
    """What SCIM stores of a user, as the audit log shows it (department by name, manager by
    SCIM id), read afresh from the database."""
    user = User.objects.select_related("scim_identity").get(pk=user.pk)
    person = Person.objects.select_related("department", "manager").filter(user_id=user.pk).first()
    identity = getattr(user, "scim_identity", None)
    values: dict[str, Any] = {
        "user_name": user.email,
        "display_name": user.full_name,
        "active": user.is_active,
        "external_id": identity.external_id if identity is not None else "",
    }
    if person is not None:
        manager = person.manager
        values |= {
            "email": person.email,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "title": person.title,
            "employee_id": person.employee_id,
            "department": person.department.name if person.department is not None else None,
            "manager": str(manager.user_id) if manager and manager.user_id else None,
        }
    return values


def _record(action: str, user: User, token: ScimToken, changes: dict[str, Any]) -> None:
    record(actor=None, action=action, target=user, changes=changes, context={"token": token.name})


def _update(user: User, data: UserData, token: ScimToken) -> User:
    """Store a PUT or PATCH, and audit what it changed (nothing changed, nothing recorded)."""
    with transaction.atomic():
        before = _audited(user)
        user = _store(user, data)
        changes = diff(before, _audited(user))
        if changes:
            _record("scim.user_updated", user, token, changes)
    return user


def scim_user_create(*, resource: Any, token: ScimToken) -> User:
    """POST /Users: a new login and its employee record (an unlinked one if it matches)."""
    data = read_user(resource)
    if any(
        is_erased(employee_id=data.employee_number or "", email=email)
        for email in {data.user_name, data.email}
    ):
        raise _conflict(
            "This employeeNumber or email belonged to a person erased on request; they are not "
            "provisioned again. Unassign them from the application in the identity provider."
        )
    with transaction.atomic():
        user = _store(None, data)
        _record("scim.user_created", user, token, diff({}, _audited(user)))
    return user


def scim_user_replace(*, user: User, resource: Any, token: ScimToken) -> User:
    """PUT /Users/{id}: the resource replaces the user. Attributes left out are cleared,
    except `active` (unchanged) and employeeNumber (every employee record keeps one)."""
    return _update(user, read_user(resource), token)


def scim_user_patch(*, user: User, body: Any, base: str, token: ScimToken) -> User:
    """PATCH /Users/{id}: the operations applied to the current representation, stored."""
    patched = apply_patch(user_resource(user, base=base), body)
    return _update(user, read_user(patched), token)


@transaction.atomic
def scim_user_deactivate(*, user: User, token: ScimToken) -> User:
    """DELETE /Users/{id}: the login is deactivated, never deleted; the employee record, the
    person's pairs and history stay. A PATCH or PUT with active true brings the login back."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        _record("scim.user_deactivated", user, token, {"active": [True, False]})
    identity, _ = ScimIdentity.objects.get_or_create(user=user)
    identity.save()
    return user
