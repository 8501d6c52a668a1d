"""Who may see and do what in recognition.

Badges are defined and awarded by hand by organization admins. Kudos are sent by the mentee of
a pair that started, to its mentor. A program's recognition wall is open to whoever may open
the program's page; its managers hide and show kudos. Certificates are downloaded by their
own person (and organization admins). The reward export is for organization admins and, for
their programs, program managers. What a person opted out of is never shown to others.
"""

from django.http import Http404

from mentorpath.accounts.models import User
from mentorpath.core.permissions import PermissionDenied
from mentorpath.mentoring.models import Mentorship
from mentorpath.mentoring.permissions import get_mentorship_for, participant_side
from mentorpath.people.models import Person
from mentorpath.people.permissions import get_person_for, own_person
from mentorpath.programs.models import Program
from mentorpath.programs.permissions import can_manage_program, get_program_for
from mentorpath.recognition import queries
from mentorpath.recognition.models import Badge, BadgeAward, Kudos


def can_define_badges(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_org_admin)


def get_badge_for(user: User, pk: int) -> Badge:
    """A badge to manage: organization admins only (403 for everyone else)."""
    if not can_define_badges(user):
        raise PermissionDenied("Only organization admins manage badges.")
    badge = Badge.objects.filter(pk=pk).first()
    if badge is None:
        raise Http404("No such badge.")
    return badge


def get_award_for(user: User, badge: Badge, pk: int) -> BadgeAward:
    award = BadgeAward.objects.select_related("badge", "person__user").filter(pk=pk).first()
    if award is None or award.badge_id != badge.pk or not can_define_badges(user):
        raise Http404("No such award.")
    return award


def get_kudos_pair_for(user: User, pk: int) -> Mentorship:
    """A pair whose mentor `user` may thank: 404 unless they may see the pair, 403 unless
    they are its mentee."""
    mentorship = get_mentorship_for(user, pk)
    if participant_side(mentorship, user) != "mentee":
        raise PermissionDenied("Only the mentee of this mentorship can send its mentor kudos.")
    return mentorship


def get_wall_program_for(user: User, slug: str) -> Program:
    """A program whose recognition wall `user` may see: whoever may open the program."""
    return get_program_for(user, slug)


def get_wall_kudos_for(user: User, program: Program, pk: int) -> Kudos:
    """Kudos on a program's wall its managers may hide or show; 404 if not on the wall, 403
    for who sees the wall without managing the program."""
    kudos = queries.wall(program=program, include_hidden=True).filter(pk=pk).first()
    if kudos is None:
        raise Http404("No such kudos.")
    if not can_manage_program(user, program):
        raise PermissionDenied("Only this program's managers can hide kudos.")
    return kudos


def can_see_recognition_of(user: User, person: Person) -> bool:
    """Whether `user` sees `person`'s badges, hours and kudos: the person always; others (who
    may see the profile at all) only when the person shows their recognition publicly."""
    if person.user_id is not None and person.user_id == user.pk:
        return True
    return queries.shows_publicly(person=person)


def get_recognition_person_for(user: User, pk: int) -> Person:
    """A person whose profile `user` may open (404 if no such person, 403 otherwise)."""
    return get_person_for(user, pk)


def can_download_certificate(user: User, person: Person) -> bool:
    return bool(user.is_org_admin or (person.user_id is not None and person.user_id == user.pk))


def get_certificate_pair_for(user: User, pk: int) -> Mentorship:
    """A completed pair's certificate: for its mentor, its mentee and organization admins
    (404 for who may not see the pair, 403 for its managers, 404 unless it completed)."""
    mentorship = get_mentorship_for(user, pk)
    if participant_side(mentorship, user) is None and not user.is_org_admin:
        raise PermissionDenied("Only the mentor and the mentee download their certificate.")
    if not queries.completed_pairs().filter(pk=mentorship.pk).exists():
        raise Http404("This mentorship has not been completed.")
    return mentorship


def get_certificate_person_for(user: User, pk: int | None) -> Person:
    """Whose mentor-hours certificate: one's own (no `pk`), anyone's for organization admins."""
    if pk is None:
        return own_person(user)
    person = Person.objects.select_related("user").filter(pk=pk).first()
    if person is None:
        raise Http404("No such person.")
    if not can_download_certificate(user, person):
        raise PermissionDenied("Only the person themselves downloads their certificate.")
    return person


def can_export(user: User) -> bool:
    """Organization admins, and program managers for their programs."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_org_admin or user.managed_programs.exists())
    )


def export_program_ids_for(user: User, program: Program | None) -> list[int] | None:
    """The programs an export may cover: the one asked for when `user` may export it, else
    every program (admins: None, no restriction) or the ones they manage. 403 otherwise."""
    if not can_export(user):
        raise PermissionDenied("Only organization admins and program managers export this.")
    if program is not None:
        if not can_manage_program(user, program):
            raise PermissionDenied("You can export the programs you manage only.")
        return [program.pk]
    if user.is_org_admin:
        return None
    return list(queries.export_programs_for(user=user).values_list("pk", flat=True))
