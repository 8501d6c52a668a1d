"""Who may export what. The page, its download and the API all ask here.

- Organization admins: every dataset, every program, people with every column.
- Program managers: enrollments, pairs, goals, check-ins and survey results of the programs
  they manage, and the people enrolled in them (limited columns).
- Executives: survey results only, of every program, as the results page shows them to
  executives (no figure standing on fewer than 5 people, no free text).
- Mentors, mentees and other members: nothing (403).

An executive who also manages programs gets both: their programs' data as a manager, and
survey results as an executive (the results page, too, gives executives the suppressed copy).
An unknown dataset or a program the user may not see is a 404; a dataset or program they may
see but not export is a 403.
"""

from django.db.models import QuerySet
from django.http import Http404

from mentorpath.accounts.models import User
from mentorpath.core.permissions import PermissionDenied
from mentorpath.exports.datasets import DATASETS, Dataset, Scope
from mentorpath.exports.enums import PROGRAM_DATASETS, DatasetKey
from mentorpath.programs.models import Program
from mentorpath.programs.queries import programs_visible_to

REFUSED = "Only organization admins, program managers and executives can export data."


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _managed_ids(user: User) -> frozenset[int]:
    return frozenset(user.managed_programs.values_list("pk", flat=True))


def exportable_datasets(user: User) -> list[str]:
    """The dataset keys `user` may export, in the order they are listed."""
    if not _active(user):
        return []
    if user.is_org_admin:
        return list(DATASETS)
    allowed: set[str] = set()
    if user.managed_programs.exists():
        allowed |= {DatasetKey.PEOPLE, *PROGRAM_DATASETS}
    if user.is_executive:
        allowed.add(DatasetKey.SURVEY_RESULTS)
    return [key for key in DATASETS if key in allowed]


def can_use_exports(user: User) -> bool:
    return bool(exportable_datasets(user))


def can_export(user: User, dataset: str) -> bool:
    return dataset in exportable_datasets(user)


def export_scope(user: User, dataset: str) -> Scope:
    """The programs, people columns and survey copy `user` exports `dataset` with; call after
    `can_export`."""
    if user.is_org_admin:
        return Scope(program_ids=None, full_people=True, executive=False)
    if dataset == DatasetKey.SURVEY_RESULTS and user.is_executive:
        return Scope(program_ids=None, full_people=False, executive=True)
    return Scope(program_ids=_managed_ids(user), full_people=False, executive=False)


def get_dataset_for(user: User, key: str) -> Dataset:
    """The dataset if `user` may export it: 404 for an unknown one, 403 for one they may not."""
    dataset = DATASETS.get(key)
    if dataset is None:
        raise Http404("No such dataset.")
    if not can_export(user, key):
        raise PermissionDenied(REFUSED if not can_use_exports(user) else "You cannot export this.")
    return dataset


def export_programs_for(user: User, dataset: str | None = None) -> QuerySet[Program]:
    """The programs `user` may filter an export of `dataset` by (of any dataset they may
    export, without one), by name."""
    datasets = [dataset] if dataset else exportable_datasets(user)
    scopes = [export_scope(user, key) for key in datasets if can_export(user, key)]
    if not scopes:
        return Program.objects.none()
    if any(scope.program_ids is None for scope in scopes):
        return Program.objects.order_by("name")
    ids = frozenset().union(*(scope.program_ids or frozenset() for scope in scopes))
    return Program.objects.filter(pk__in=ids).order_by("name")


def get_export_program_for(user: User, dataset: str, slug: str) -> Program:
    """A program to filter an export of `dataset` by: 404 if `user` may not see it, 403 if
    they may see it but not export its data."""
    program = programs_visible_to(user=user).filter(slug=slug).first()
    if program is None:
        raise Http404("No such program.")
    if not export_programs_for(user, dataset).filter(pk=program.pk).exists():
        raise PermissionDenied("You cannot export this program's data.")
    return program
