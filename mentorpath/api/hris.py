"""HRIS import: upload a CSV or XLSX of people with a column mapping, as a dry run or for
real; follow the job's progress; apply a file whose dry run passed. Org admins only."""

import json

from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.schemas.common import Id
from mentorpath.api.schemas.hris import ImportOut
from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.permissions import PermissionDenied
from mentorpath.hris import services
from mentorpath.hris.enums import JobStatus, PersonField
from mentorpath.hris.models import ImportJob
from mentorpath.hris.permissions import REFUSED, can_import_people, get_import_for

router = Router(tags=["hris"])
IMPORT = "/hris/imports/{job_id}"


def _mapping(job: ImportJob, raw: str | None) -> list[str] | None:
    """A JSON list (a field per column) or object (header → field); absent: the remembered
    or guessed mapping."""
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError as error:
        raise ApplicationError({"mapping": "The mapping is not valid JSON."}) from error
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(job.headers))
        if unknown:
            raise ApplicationError(
                {"mapping": f"These columns are not in the file: {', '.join(unknown)}."}
            )
        return [str(value.get(header, PersonField.IGNORE)) for header in job.headers]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise ApplicationError({"mapping": "Give a list of fields or an object header → field."})


def _refused_rows(job: ImportJob) -> ApplicationError:
    """A check that found bad rows, as a 400: each "row N: column" with its reasons."""
    fields: dict[str, list[str]] = {NON_FIELD_ERRORS: [f"Import {job.pk}: {job.message}"]}
    for error in job.errors:
        fields.setdefault(f"row {error['row']}: {error['column']}", []).append(error["reason"])
    return ApplicationError(fields)


def _answer(job: ImportJob) -> Status[ImportJob]:
    if job.status == JobStatus.FAILED and job.errors:
        raise _refused_rows(job)
    if job.status == JobStatus.FAILED:
        raise ApplicationError(job.message)
    return Status(202, job)


@router.post("/hris/imports", response={202: ImportOut, **errors(400, 401, 403, 422)})
def create_import(
    request: HttpRequest,
    file: File[UploadedFile],
    mapping: Form[str | None] = None,
    dry_run: Form[bool] = True,
) -> Status[ImportJob]:
    """Upload a CSV or XLSX of people (multipart: `file`, optional `mapping` as JSON, either a
    list with a field per column or an object header → field, and `dry_run`, true by
    default). Small files are checked (and imported when `dry_run` is false) at once: bad rows
    give 400 with `errors` keyed "row N: column". Large files run in a worker: 202, then poll
    the job."""
    user = current_user(request)
    if not can_import_people(user):
        raise PermissionDenied(REFUSED)
    job = services.import_job_create(upload=file, by=user)
    job = services.import_job_start(
        job=job, by=user, mapping=_mapping(job, mapping), dry_run=dry_run
    )
    return _answer(job)


@router.get(IMPORT, response={200: ImportOut, **errors(401, 403, 404, 422)})
def get_import(request: HttpRequest, job_id: Id) -> ImportJob:
    """An import's status, progress (percent) and, once finished, its counts, the changes of
    its dry run and every bad row."""
    return get_import_for(current_user(request), job_id)


@router.post(f"{IMPORT}/apply", response={202: ImportOut, **errors(400, 401, 403, 404, 409, 422)})
def apply_import(request: HttpRequest, job_id: Id) -> Status[ImportJob]:
    """Import a file whose dry run passed (status `checked`), with the mapping it was checked
    with. 409 when it has not passed a dry run; 400 when the people changed since and a row
    is now refused."""
    user = current_user(request)
    job = services.import_job_apply(job=get_import_for(user, job_id), by=user)
    return _answer(job)
