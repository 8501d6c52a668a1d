from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from mentorpath.core.forms import add_service_errors, submit
from mentorpath.core.permissions import PermissionDenied, role_required
from mentorpath.people.forms import ManagerForm, PeopleFilterForm, ProfileForm, SkillForm
from mentorpath.people.permissions import (
    can_browse_people,
    can_edit_hr_fields,
    get_person_for,
    own_person,
)
from mentorpath.people.queries import (
    management_chain_ids,
    people_list,
    person_skills,
    skill_search,
)
from mentorpath.people.services import (
    person_set_manager,
    person_skill_remove,
    person_skill_set,
    person_update_profile,
)
from mentorpath.programs.queries import enrollments_of


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    person = own_person(request.user)
    # The form gets its own copy: a refused post must not show unsaved values as stored ones.
    form = ProfileForm(request.POST or None, instance=own_person(request.user))
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: person_update_profile(
                person=form.instance,
                data={k: v for k, v in data.items() if k not in ("languages", "interests")},
                languages=data["languages"],
                interests=data["interests"],
            ),
        )
        if saved is not None:
            messages.success(request, "Your profile was saved.")
            return redirect("people:my_profile")
    return render(
        request,
        "people/my_profile.html",
        {"form": form, "person": person, "skills": person_skills(person=person)},
    )


@login_required
@require_GET
def skill_search_results(request: HttpRequest) -> HttpResponse:
    person = own_person(request.user)
    skills = skill_search(query=request.GET.get("q", ""), exclude_person=person)
    return render(request, "people/my_profile.html#skill-results", {"results": skills})


def _render_skills(request: HttpRequest, person, form: SkillForm | None = None) -> HttpResponse:
    return render(
        request,
        "people/my_profile.html#skills",
        {"person": person, "skills": person_skills(person=person), "skill_form": form},
    )


@login_required
@require_POST
def skill_save(request: HttpRequest) -> HttpResponse:
    """Add a skill or change one; answers with the refreshed skill list for htmx."""
    person = own_person(request.user)
    form = SkillForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            person_skill_set(person=person, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        status = 400
    if not request.htmx:
        if form.errors:
            for message in form.errors.values():
                messages.error(request, " ".join(message))
        return redirect("people:my_profile")
    response = _render_skills(request, person, form if form.errors else None)
    response.status_code = status
    return response


@login_required
@require_POST
def skill_remove(request: HttpRequest, skill_id: int) -> HttpResponse:
    person = own_person(request.user)
    person_skill_remove(person=person, skill_id=skill_id)
    if not request.htmx:
        return redirect("people:my_profile")
    return _render_skills(request, person)


@role_required(can_browse_people, "Only admins and program managers can browse people.")
def directory(request: HttpRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    people = people_list(
        search=filters.get("q") or "",
        department_id=filters["department"].pk if filters.get("department") else None,
        level=filters.get("level"),
    )
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/directory.html",
        {"form": form, "page_obj": page, "query_string": query.urlencode()},
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for(request.user, pk)
    chain = management_chain_ids(person=person)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "skills": person_skills(person=person),
            "chain_length": len(chain),
            "enrollments": enrollments_of(person=person),
            "job_changes": person.job_changes.select_related("to_department")[:10],
            "can_edit_hr": can_edit_hr_fields(request.user),
        },
    )


@login_required
def person_manager(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_edit_hr_fields(request.user):
        raise PermissionDenied("Only organization admins change reporting lines.")
    person = get_person_for(request.user, pk)
    form = ManagerForm(request.POST or None, initial={"manager": person.manager})
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: person_set_manager(
                person=person, manager=data["manager"], by=request.user
            ),
        )
        if saved is not None:
            messages.success(request, f"{person.full_name}'s manager was updated.")
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_manager.html", {"person": person, "form": form})
