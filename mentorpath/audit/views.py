import json
from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from mentorpath.audit.forms import AuditSearchForm
from mentorpath.audit.models import AuditEntry
from mentorpath.audit.permissions import REFUSED, can_read_audit
from mentorpath.audit.queries import AuditFilters, audit_entries
from mentorpath.audit.services import record
from mentorpath.core.permissions import role_required
from mentorpath.exports.writers import csv_chunks

PAGE_SIZE = 50
CSV_COLUMNS = [
    "at",
    "actor",
    "action",
    "target_type",
    "target_id",
    "target",
    "changes",
    "context",
]


def _filters(form: AuditSearchForm) -> AuditFilters:
    return form.filters() if form.is_valid() else AuditFilters()


@role_required(can_read_audit, REFUSED)
def search(request: HttpRequest) -> HttpResponse:
    """The log, newest first, filtered by who, what, which kind of record, when and text."""
    form = AuditSearchForm(request.GET or None)
    filters = _filters(form) if request.GET else AuditFilters()
    page = Paginator(audit_entries(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form if request.GET else AuditSearchForm(),
        "page_obj": page,
        "query_string": query.urlencode(),
    }
    status = 400 if request.GET and not form.is_valid() else 200
    return render(request, "audit/search.html", context, status=status)


def _rows(entries: Any) -> Iterator[list[Any]]:
    for entry in entries.iterator(chunk_size=2000):
        assert isinstance(entry, AuditEntry)
        yield [
            entry.at,
            entry.actor_label,
            entry.action,
            entry.target_type,
            entry.target_id,
            entry.target_label,
            json.dumps(entry.changes, sort_keys=True),
            json.dumps(entry.context, sort_keys=True),
        ]


@role_required(can_read_audit, REFUSED)
def export_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The filtered entries as CSV; the download is itself recorded (the file does not list
    its own download)."""
    form = AuditSearchForm(request.GET)
    if not form.is_valid():
        page = Paginator(AuditEntry.objects.none(), PAGE_SIZE).get_page(1)
        context = {"form": form, "page_obj": page, "query_string": ""}
        return render(request, "audit/search.html", context, status=400)
    filters = form.filters()
    download = record(
        actor=request.user,  # type: ignore[arg-type]
        action="export.downloaded",
        target=("audit.log", None, "Audit log"),
        context={"dataset": "audit", "format": "csv", "filters": filters.as_plain(), "via": "web"},
    )
    entries = audit_entries(filters).exclude(pk=download.pk)
    response = StreamingHttpResponse(
        csv_chunks(CSV_COLUMNS, _rows(entries)), content_type="text/csv; charset=utf-8"
    )
    name = f"audit-log-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
