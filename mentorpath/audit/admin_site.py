"""The Django admin, audited: every add, change and delete made there is in the audit log.

Org admins can change any model in the Django admin, so without this the audit log would
miss exactly the changes it exists for. Rather than each app remembering a mixin, the admin
site itself wraps every ModelAdmin registered on it (the project's and third parties') in
`AuditedModelAdmin`. The site is installed as Django's default through
`mentorpath.audit.apps.AuditedAdminConfig`, which takes the place of `django.contrib.admin`
in INSTALLED_APPS.
"""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest

from mentorpath.audit.services import record

HIDDEN = "(hidden)"
SECRET_WORDS = ("password", "secret", "digest", "token", "key")


def _is_secret(field_name: str) -> bool:
    return any(word in field_name.lower() for word in SECRET_WORDS)


def form_changes(form: forms.BaseForm, *, skip: Iterable[str] = ()) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields the admin form changed. Secret fields (keys,
    digests, passwords) are recorded as changed without their values."""
    skipped = set(skip)
    changes: dict[str, list[Any]] = {}
    for name in form.changed_data:
        if name in skipped:
            continue
        if _is_secret(name):
            changes[name] = [HIDDEN, HIDDEN]
            continue
        before = form.initial.get(name)
        if isinstance(form.fields.get(name), forms.ModelMultipleChoiceField):
            before = sorted(getattr(item, "pk", item) for item in before or [])
        after = form.cleaned_data.get(name)
        if isinstance(after, QuerySet | list | tuple):
            after = sorted(getattr(item, "pk", item) for item in after)
        changes[name] = [before, after]
    return changes


class AuditedModelAdmin(admin.ModelAdmin):
    """Records `admin.created`, `admin.changed` and `admin.deleted`, inline rows included.

    An admin class may set `audited_elsewhere` to the fields whose changes it records through
    a service of its own (a role change is `user.role_changed`), so they are not recorded
    twice. (Read with getattr: this class comes first in the wrapped class's MRO.)
    """

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        changes = form_changes(form, skip=getattr(self, "audited_elsewhere", ()))
        super().save_model(request, obj, form, change)
        if change and not changes:
            return
        record(
            actor=request.user,
            action="admin.changed" if change else "admin.created",
            target=obj,
            changes=changes,
            context={"via": "django-admin"},
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        _record_deleted(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            _record_deleted(request, obj)
        super().delete_queryset(request, queryset)

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseFormSet, change: bool
    ) -> None:
        parent = {"via": "django-admin", "parent": str(form.instance)[:255]}
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        for obj in deleted:
            _record_deleted(request, obj, parent)
        edited = [
            (f, f.instance.pk is None, form_changes(f))
            for f in formset.forms
            if f not in formset.deleted_forms and f.has_changed()
        ]
        super().save_formset(request, form, formset, change)
        for inline_form, created, changes in edited:
            record(
                actor=request.user,
                action="admin.created" if created else "admin.changed",
                target=inline_form.instance,
                changes=changes,
                context=parent,
            )


def _record_deleted(
    request: HttpRequest, obj: models.Model, context: dict[str, str] | None = None
) -> None:
    record(
        actor=request.user,
        action="admin.deleted",
        target=obj,
        context=context or {"via": "django-admin"},
    )


class AuditedAdminSite(admin.AdminSite):
    def register(
        self,
        model_or_iterable: Any,
        admin_class: type[admin.ModelAdmin] | None = None,
        **options: Any,
    ) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedModelAdmin):
            admin_class = type(
                admin_class.__name__,
                (AuditedModelAdmin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)
