from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from mentorpath.core.permissions import role_required
from mentorpath.exports.datasets import DATASETS
from mentorpath.exports.forms import ExportForm
from mentorpath.exports.permissions import (
    REFUSED,
    can_use_exports,
    export_scope,
    exportable_datasets,
    get_dataset_for,
)
from mentorpath.exports.services import export_started
from mentorpath.exports.writers import export_response


def _render(request: HttpRequest, form: ExportForm, status: int = 200) -> HttpResponse:
    keys = exportable_datasets(request.user)
    datasets = [
        (DATASETS[key], DATASETS[key].columns_for(export_scope(request.user, key))) for key in keys
    ]
    return render(request, "exports/home.html", {"form": form, "datasets": datasets}, status=status)


@role_required(can_use_exports, REFUSED)
def home(request: HttpRequest) -> HttpResponse:
    """Pick the data, the format and the filters; only what the viewer may export is offered."""
    return _render(request, ExportForm(user=request.user))


@role_required(can_use_exports, REFUSED)
def download(request: HttpRequest) -> HttpResponseBase:
    """The file, or the form again with what was wrong (403 for data the viewer may not
    export, as in the API)."""
    if request.GET.get("dataset") in DATASETS:
        get_dataset_for(request.user, request.GET["dataset"])
    form = ExportForm(request.GET, user=request.user)
    if not form.is_valid():
        return _render(request, form, status=400)
    dataset = get_dataset_for(request.user, form.cleaned_data["dataset"])
    fmt = form.cleaned_data["format"]
    filters = form.filters()
    export_started(user=request.user, dataset=dataset.key, format=fmt, filters=filters.as_plain())
    return export_response(
        dataset=dataset,
        scope=export_scope(request.user, dataset.key),
        filters=filters,
        fmt=fmt,
        day=timezone.localdate(),
    )
