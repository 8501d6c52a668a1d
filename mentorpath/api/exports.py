"""Exports: a dataset as a CSV or XLSX file, streamed, with the export page's rights."""

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from ninja import Path, Query, Router

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.schemas.exports import ExportQuery
from mentorpath.exports.datasets import ExportFilters
from mentorpath.exports.permissions import export_scope, get_dataset_for, get_export_program_for
from mentorpath.exports.services import export_started
from mentorpath.exports.writers import CONTENT_TYPES, export_response

router = Router(tags=["exports"])

FILE = {"schema": {"type": "string", "format": "binary"}}
DOWNLOAD = {
    "responses": {
        200: {
            "description": "The file, as an attachment named after the data and the day.",
            "content": dict.fromkeys(CONTENT_TYPES.values(), FILE),
        }
    }
}


@router.get(
    "/exports/{dataset}",
    response={200: None, **errors(401, 403, 404, 422)},
    openapi_extra=DOWNLOAD,
)
def export_dataset(
    request: HttpRequest, dataset: Path[str], filters: Query[ExportQuery]
) -> HttpResponseBase:
    """One dataset (people, enrollments, pairs, goals, checkins, survey_results) as CSV or
    XLSX, streamed; 404 for another name.

    Organization admins export everything; program managers the enrollments, pairs, goals,
    check-ins and survey results of their programs and the people enrolled in them (fewer
    columns); executives survey results only, with no figure standing on fewer than 5 people
    and no free text. Anyone else: 403. Private notes are never exported."""
    user = current_user(request)
    found = get_dataset_for(user, dataset)
    program = get_export_program_for(user, found.key, filters.program) if filters.program else None
    chosen = ExportFilters(program=program, date_from=filters.date_from, date_to=filters.date_to)
    export_started(user=user, dataset=found.key, format=filters.format, filters=chosen.as_plain())
    return export_response(
        dataset=found,
        scope=export_scope(user, found.key),
        filters=chosen,
        fmt=filters.format,
        day=timezone.localdate(),
    )
