"""Recognition pages: my recognition and certificates, recognition settings, badges (admins),
kudos from the pair page, a program's recognition wall, and the reward export."""

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from mentorpath.analytics.exports import safe_cell
from mentorpath.core.forms import submit
from mentorpath.core.permissions import PermissionDenied, role_required
from mentorpath.exports.services import export_started
from mentorpath.mentoring.enums import EndReason, MentorshipStatus
from mentorpath.mentoring.models import Mentorship
from mentorpath.people.permissions import own_person
from mentorpath.programs.permissions import can_manage_program
from mentorpath.recognition import certificates, permissions, queries, services
from mentorpath.recognition.forms import (
    AwardForm,
    BadgeForm,
    ExportForm,
    KudosForm,
    PeriodForm,
    PreferenceForm,
    RevokeForm,
)
from mentorpath.recognition.models import Badge

EXPORT_HEADER = [
    "employee_id",
    "name",
    "department",
    "hours",
    "pairs",
    "pairs_completed",
    "average_rating",
    "trainings",
    "kudos",
    "badges",
]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _bad_request(form: PeriodForm) -> HttpResponse:
    problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
    return HttpResponse(f"Check the filters. {problems}", status=400, content_type="text/plain")


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---- my recognition, settings, certificates --------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """My hours, badges, kudos received and certificates."""
    person = own_person(request.user)
    return render(
        request,
        "recognition/mine.html",
        {
            "summary": queries.summary_of(person=person),
            "completed": list(queries.completed_pairs_of(person=person)),
            "period_form": PeriodForm(),
        },
    )


@login_required
def settings(request: HttpRequest) -> HttpResponse:
    person = own_person(request.user)
    preference = queries.preference_of(person=person)
    form = PreferenceForm(
        _posted(request),
        initial={
            "show_publicly": preference.show_publicly,
            "include_in_reward_export": preference.include_in_reward_export,
        },
    )
    if request.method == "POST":
        saved = submit(form, lambda data: services.preference_save(person=person, **data))
        if saved is not None:
            messages.success(request, "Recognition settings saved.")
            return redirect("recognition:settings")
    return render(request, "recognition/settings.html", {"form": form})


@login_required
def pair_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = permissions.get_certificate_pair_for(request.user, pk)
    facts = queries.pair_facts(mentorship=mentorship)
    pdf = certificates.pair_certificate(
        certificates.PairCertificate(
            program=mentorship.program.name,
            mentor=mentorship.mentor.person.full_name,
            mentee=mentorship.mentee.person.full_name,
            started=timezone.localdate(mentorship.started_at) if mentorship.started_at else None,
            ended=timezone.localdate(mentorship.ended_at) if mentorship.ended_at else None,
            checkins_held=facts.held,
            hours=facts.hours,
            issued=timezone.localdate(),
        )
    )
    return _pdf(pdf, f"mentorship-certificate-{mentorship.pk}.pdf")


@login_required
def hours_certificate(request: HttpRequest) -> HttpResponse:
    """A mentor's hours over a period (`date_from`, `date_to`); admins may give `person`."""
    raw_person = request.GET.get("person", "")
    person = permissions.get_certificate_person_for(
        request.user, int(raw_person) if raw_person.isdigit() else None
    )
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return _bad_request(form)
    period = form.cleaned_data
    figures = queries.contribution_of(
        person=person, date_from=period["date_from"], date_to=period["date_to"]
    )
    pdf = certificates.hours_certificate(
        certificates.HoursCertificate(
            name=person.full_name,
            date_from=period["date_from"],
            date_to=period["date_to"],
            hours=figures.hours,
            pairs=figures.pairs,
            pairs_completed=figures.pairs_completed,
            issued=timezone.localdate(),
        )
    )
    return _pdf(pdf, f"mentor-hours-{slugify(person.full_name) or person.pk}.pdf")


# ---- badges (organization admins) ---------------------------------------------------------

admin_only = role_required(permissions.can_define_badges, "Only organization admins manage badges.")


@admin_only
def badge_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "recognition/badges.html",
        {"badges": list(queries.badges_with_holders())},
    )


def _badge_data(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": data["name"],
        "symbol": data["symbol"],
        "description": data["description"],
        "criterion": data["criterion"],
        "threshold": data["threshold"],
        "is_active": data["is_active"],
    }


@admin_only
def badge_new(request: HttpRequest) -> HttpResponse:
    form = BadgeForm(_posted(request), initial={"is_active": True, "symbol": "★"})
    if request.method == "POST":
        badge = submit(form, lambda data: services.badge_save(by=request.user, **_badge_data(data)))
        if badge is not None:
            messages.success(request, f"Badge “{badge.name}” created.")
            return redirect("recognition:badge", pk=badge.pk)
    return render(request, "recognition/badge_form.html", {"form": form})


def _badge_page(
    request: HttpRequest,
    badge: Badge,
    *,
    form: BadgeForm | None = None,
    award_form: AwardForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "recognition/badge.html",
        {
            "badge": badge,
            "form": form or BadgeForm(initial=BadgeForm.initial_of(badge)),
            "award_form": award_form or AwardForm(),
            "revoke_form": RevokeForm(),
            "awards": list(queries.awards_of_badge(badge=badge)),
        },
        status=status,
    )


@admin_only
def badge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A badge: change it, see its holders, award or revoke it by hand."""
    badge = permissions.get_badge_for(request.user, pk)
    if request.method == "POST":
        form = BadgeForm(request.POST, initial=BadgeForm.initial_of(badge))
        saved = submit(
            form,
            lambda data: services.badge_save(by=request.user, badge=badge, **_badge_data(data)),
        )
        if saved is not None:
            messages.success(request, "Badge saved.")
            return redirect("recognition:badge", pk=pk)
        badge.refresh_from_db()
        return _badge_page(request, badge, form=form)
    return _badge_page(request, badge)


@admin_only
@require_POST
def badge_award(request: HttpRequest, pk: int) -> HttpResponse:
    badge = permissions.get_badge_for(request.user, pk)
    form = AwardForm(request.POST)
    award = submit(
        form,
        lambda data: services.badge_award(
            badge=badge, person=data["person"], by=request.user, reason=data["reason"]
        ),
    )
    if award is None:
        return _badge_page(request, badge, award_form=form)
    messages.success(request, f"Badge awarded to {award.person.full_name}.")
    return redirect("recognition:badge", pk=pk)


@admin_only
@require_POST
def badge_revoke(request: HttpRequest, pk: int, award_pk: int) -> HttpResponse:
    badge = permissions.get_badge_for(request.user, pk)
    award = permissions.get_award_for(request.user, badge, award_pk)
    form = RevokeForm(request.POST)
    done = submit(
        form,
        lambda data: (
            services.badge_revoke(award=award, by=request.user, reason=data["reason"]) or True
        ),
    )
    if done is None:
        messages.error(request, " ".join(str(e) for e in form.errors.values()) or "Not revoked.")
    else:
        messages.success(request, f"Badge taken back from {award.person.full_name}.")
    return redirect("recognition:badge", pk=pk)


# ---- kudos ---------------------------------------------------------------------------------


def pair_context(request: HttpRequest, mentorship: Mentorship, side: str | None) -> dict:
    """What the pair page's recognition block shows: the kudos form for the mentee of a pair
    that started, the pair's kudos for the two of them, and the certificate link once the pair
    completed (for the two of them and organization admins)."""
    user = request.user
    can_send = side == "mentee" and mentorship.started_at is not None
    completed = (
        mentorship.status == MentorshipStatus.COMPLETED
        and mentorship.end_reason == EndReason.COMPLETED
    )
    return {
        "mentorship": mentorship,
        "side": side,
        "can_send": can_send,
        "kudos_form": KudosForm() if can_send else None,
        "kudos": list(queries.kudos_of_pair(mentorship=mentorship)) if side else [],
        "certificate": completed and (side is not None or bool(user.is_org_admin)),
    }


@login_required
@require_POST
def kudos_send(request: HttpRequest, pk: int) -> HttpResponse:
    """The mentee thanks the mentor (from the pair page)."""
    mentorship = permissions.get_kudos_pair_for(request.user, pk)
    person = own_person(request.user)
    form = KudosForm(request.POST)
    sent = submit(
        form,
        lambda data: services.kudos_send(
            mentorship=mentorship,
            author=person,
            message=data["message"],
            share_on_wall=data["share_on_wall"],
        ),
    )
    context = pair_context(request, mentorship, "mentee")
    if sent is None:
        context["kudos_form"] = form
        template = "recognition/includes/pair.html" if request.htmx else "recognition/kudos.html"
        return render(request, template, context, status=200 if request.htmx else 400)
    if request.htmx:
        context["sent"] = True
        return render(request, "recognition/includes/pair.html", context)
    messages.success(request, "Kudos sent. Thank you!")
    return redirect(reverse("mentoring:detail", args=[mentorship.pk]) + "#recognition-heading")


# ---- the wall ------------------------------------------------------------------------------


@login_required
def wall(request: HttpRequest, slug: str) -> HttpResponse:
    program = permissions.get_wall_program_for(request.user, slug)
    manages = can_manage_program(request.user, program)
    kudos = list(queries.wall(program=program, include_hidden=manages)[:200])
    return render(
        request,
        "recognition/wall.html",
        {
            "program": program,
            "manages": manages,
            "shown": [k for k in kudos if k.hidden_at is None],
            "hidden": [k for k in kudos if k.hidden_at is not None],
        },
    )


@login_required
@require_POST
def wall_hide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = permissions.get_wall_program_for(request.user, slug)
    kudos = permissions.get_wall_kudos_for(request.user, program, pk)
    hidden = request.POST.get("hidden", "1") == "1"
    services.kudos_set_hidden(kudos=kudos, hidden=hidden, by=request.user)
    messages.success(request, "Hidden from the wall." if hidden else "Shown on the wall again.")
    return redirect("recognition:wall", slug=slug)


# ---- reward export -------------------------------------------------------------------------


def _export(request: HttpRequest) -> tuple[ExportForm, queries.RewardExport | None]:
    if not permissions.can_export(request.user):
        raise PermissionDenied("Only organization admins and program managers export this.")
    form = ExportForm(request.GET or None, programs=queries.export_programs_for(user=request.user))
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if request.GET else {}
    program_ids = permissions.export_program_ids_for(request.user, data.get("program"))
    export = queries.reward_export(
        date_from=data.get("date_from"), date_to=data.get("date_to"), program_ids=program_ids
    )
    return form, export


@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    """Mentor contributions for HR reward processes: filters, a preview and the CSV link."""
    form, export = _export(request)
    return render(
        request,
        "recognition/export.html",
        {"form": form, "export": export, "query": request.GET.urlencode()},
        status=200 if export is not None else 400,
    )


def export_rows(export: queries.RewardExport) -> list[list[str]]:
    return [
        [
            row.employee_id,
            row.name,
            row.department,
            str(row.hours),
            str(row.pairs),
            str(row.pairs_completed),
            "" if row.average_rating is None else str(row.average_rating),
            str(row.trainings),
            str(row.kudos),
            "; ".join(row.badges),
        ]
        for row in export.rows
    ]


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    """The export as CSV. `X-Left-Out` says how many mentors asked to be left out."""
    form, export = _export(request)
    if export is None:
        return _bad_request(form)
    export_started(
        user=request.user,  # type: ignore[arg-type]
        dataset="recognition.contributions",
        format="csv",
        filters=request.GET.dict(),
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mentor-contributions-{day}.csv"'
    response["X-Left-Out"] = str(export.left_out)
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(EXPORT_HEADER)
    writer.writerows([safe_cell(cell) for cell in row] for row in export_rows(export))
    return response
