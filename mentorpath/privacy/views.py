import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mentorpath.people.permissions import own_person
from mentorpath.privacy.forms import EraseForm
from mentorpath.privacy.models import Erasure
from mentorpath.privacy.permissions import get_person_to_erase, get_person_to_export
from mentorpath.privacy.queries import person_data
from mentorpath.privacy.services import audit, person_erase


def _download(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_to_export(request.user, pk)
    include_succession = request.user.is_org_admin
    data = person_data(person, include_succession=include_succession)
    if person.user_id != request.user.pk:
        # An admin exporting someone else's data; a person's own download is not an admin
        # action (and an entry naming them could not be erased from the append-only log).
        audit(
            actor=request.user,
            action="privacy.export",
            person=person,
            context={"includes_succession": include_succession},
        )
    body = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"mentorpath-person-{person.pk}-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def my_export(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own data, as a JSON file."""
    return _download(request, own_person(request.user).pk)


@login_required
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone's data for an org admin; one's own for anyone else (403 otherwise)."""
    return _download(request, pk)


@login_required
@require_http_methods(["GET", "POST"])
def person_erase_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_to_erase(request.user, pk)
    erasure = Erasure.objects.filter(person=person).first()
    form = EraseForm(request.POST or None, person=person)
    if erasure is None and request.method == "POST" and form.is_valid():
        person_erase(person=person, by=request.user)
        messages.success(request, "The person was erased.")
        return redirect("people:detail", pk=person.pk)
    status = 400 if request.method == "POST" and erasure is None else 200
    return render(
        request,
        "privacy/erase.html",
        {"person": person, "form": form, "erasure": erasure},
        status=status,
    )
