"""Writes for the resource library and learning paths: curating resources (link or checked
upload), bookmarks, usefulness ratings, paths and their ordered steps, and a person's progress.

`PathProgress.completed_at` is set when the last step is marked done and cleared when the person
undoes a step. A completed path stays completed when a curator adds a step (people who start it
afterwards do the new step too), so already-trained mentors stay matchable; removing a step
completes the path for whoever had done every other step. Other features (the training gate
before matching) read it directly.

A path a program requires before matching (`Program.mentor_training_path`,
`Program.mentee_onboarding_path`) cannot be unpublished, nor its audience changed so that it no
longer suits the people who must complete it: nobody could start it, so nobody could become
ready and the program could not match.
"""

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from mentorpath.accounts.models import User
from mentorpath.core.exceptions import ApplicationError
from mentorpath.learning.enums import Audience, ResourceKind, StepKind
from mentorpath.learning.models import (
    Bookmark,
    LearningPath,
    PathProgress,
    PathStep,
    Resource,
    ResourceRating,
    StepCompletion,
)
from mentorpath.learning.uploads import check_upload
from mentorpath.people.models import Person, Skill
from mentorpath.programs.enums import ProgramType
from mentorpath.programs.models import Program
from mentorpath.recognition.hooks import award_badges_on_commit

RESOURCE_FIELDS = (
    "title",
    "description",
    "kind",
    "url",
    "level",
    "audience",
    "program_types",
    "minutes",
    "is_published",
)


# Resources ----------------------------------------------------------------------------------


def _clean_resource(fields: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    fields["title"] = (fields.get("title") or "").strip()
    fields["url"] = (fields.get("url") or "").strip()
    if not fields["title"]:
        errors["title"] = "Give the resource a title."
    if fields.get("kind") not in ResourceKind.values:
        errors["kind"] = "Choose a kind of resource."
    if fields.get("audience") not in Audience.values:
        errors["audience"] = "Choose who it is for."
    level = fields.get("level")
    if level is not None and not 1 <= int(level) <= 5:
        errors["level"] = "A level is from 1 to 5."
    types = list(dict.fromkeys(fields.get("program_types") or []))
    unknown = [value for value in types if value not in ProgramType.values]
    if unknown:
        errors["program_types"] = f"Unknown program type: {', '.join(unknown)}."
    fields["program_types"] = types
    if fields["url"]:
        try:
            URLValidator(schemes=["http", "https"])(fields["url"])
        except ValidationError:
            errors["url"] = "Enter a web address starting with http:// or https://."
    minutes = fields.get("minutes")
    if minutes is not None and minutes < 1:
        errors["minutes"] = "The estimated time is at least 1 minute."
    if errors:
        raise ApplicationError(errors)
    return fields


def _store_upload(resource: Resource, upload: Any) -> None:
    """Check `upload` and attach it under a generated name (the uploader's file name never
    reaches the storage path)."""
    checked = check_upload(upload)
    old = resource.file.name if resource.file else ""
    resource.file.save(f"{uuid.uuid4().hex}{checked.extension}", upload, save=False)
    resource.content_type = checked.content_type
    resource.file_size = checked.size
    if old:
        storage = resource.file.storage
        transaction.on_commit(lambda: storage.delete(old))


def _drop_file(resource: Resource) -> None:
    if resource.file:
        old, storage = str(resource.file.name), resource.file.storage
        transaction.on_commit(lambda: storage.delete(old))
    resource.file = ""
    resource.content_type = ""
    resource.file_size = None


@transaction.atomic
def resource_create(
    *,
    by: User | None,
    title: str,
    kind: str,
    description: str = "",
    url: str = "",
    file: Any = None,
    skills: Iterable[Skill] = (),
    level: int | None = None,
    audience: str = Audience.BOTH,
    program_types: Iterable[str] = (),
    minutes: int | None = None,
    is_published: bool = True,
) -> Resource:
    """A new resource: a link, an uploaded file (checked: type, size, content), or both."""
    fields = _clean_resource(
        {
            "title": title,
            "description": description,
            "kind": kind,
            "url": url,
            "level": level,
            "audience": audience,
            "program_types": list(program_types),
            "minutes": minutes,
            "is_published": is_published,
        }
    )
    if not fields["url"] and not file:
        raise ApplicationError({"url": "Give a link or upload a file."})
    resource = Resource(created_by=by, **fields)
    if file:
        _store_upload(resource, file)
    resource.save()
    resource.skills.set(list(skills))
    return resource


@transaction.atomic
def resource_update(
    *,
    resource: Resource,
    by: User | None = None,
    file: Any = None,
    remove_file: bool = False,
    skills: Iterable[Skill] | None = None,
    **changes: Any,
) -> Resource:
    """Change a resource's fields (those given); a new `file` replaces the old one,
    `remove_file` drops it (a link must then be left)."""
    unknown = set(changes) - set(RESOURCE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown resource fields: {', '.join(sorted(unknown))}")
    fields = {name: getattr(resource, name) for name in RESOURCE_FIELDS}
    fields.update(changes)
    fields = _clean_resource(fields)
    keeps_file = bool(file) or (bool(resource.file) and not remove_file)
    if not fields["url"] and not keeps_file:
        raise ApplicationError({"url": "Give a link or upload a file."})
    for name, value in fields.items():
        setattr(resource, name, value)
    if file:
        _store_upload(resource, file)
    elif remove_file:
        _drop_file(resource)
    resource.save()
    if skills is not None:
        resource.skills.set(list(skills))
    return resource


def resource_publish(*, resource: Resource, published: bool) -> Resource:
    """Publish or unpublish: an unpublished resource is seen by curators only."""
    resource.is_published = published
    resource.save(update_fields=["is_published", "updated_at"])
    return resource


@transaction.atomic
def resource_delete(*, resource: Resource) -> None:
    """Delete a resource and its file. Refused while a learning path uses it as a step:
    unpublish it instead (or remove it from those paths first)."""
    paths = list(
        LearningPath.objects.filter(steps__resource=resource)
        .distinct()
        .order_by("title")
        .values_list("title", flat=True)
    )
    if paths:
        names = ", ".join(f"“{name}”" for name in paths)
        raise ApplicationError(
            f"This resource is a step of {names}, so it cannot be deleted. "
            "Unpublish it instead, or remove it from those paths first.",
            code="conflict",
        )
    _drop_file(resource)
    resource.delete()


# Bookmarks and ratings ----------------------------------------------------------------------


def bookmark_set(*, person: Person, resource: Resource, on: bool) -> bool:
    """Bookmark (on) or un-bookmark a resource; doing it twice changes nothing. Returns
    whether it is bookmarked now."""
    if on:
        Bookmark.objects.get_or_create(person=person, resource=resource)
    else:
        Bookmark.objects.filter(person=person, resource=resource).delete()
    return on


@transaction.atomic
def resource_rate(*, person: Person, resource: Resource, rating: int) -> ResourceRating:
    """How useful `person` found `resource`, 1 to 5; rating again replaces their rating."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ApplicationError({"rating": "Rate from 1 (not useful) to 5 (very useful)."})
    rated, _ = ResourceRating.objects.update_or_create(
        person=person, resource=resource, defaults={"rating": rating}
    )
    return rated


# Learning paths -----------------------------------------------------------------------------


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "path"
    slug, n = base, 2
    taken = LearningPath.objects.all()
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean_path(fields: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    fields["title"] = (fields.get("title") or "").strip()
    if not fields["title"]:
        errors["title"] = "Give the path a title."
    if fields.get("program_type") and fields["program_type"] not in ProgramType.values:
        errors["program_type"] = "Choose a program type."
    if fields.get("audience") not in Audience.values:
        errors["audience"] = "Choose who it is for."
    if errors:
        raise ApplicationError(errors)
    fields["program_type"] = fields.get("program_type") or ""
    return fields


@transaction.atomic
def path_create(
    *,
    by: User | None,
    title: str,
    description: str = "",
    skill: Skill | None = None,
    program_type: str = "",
    audience: str = Audience.BOTH,
    is_published: bool = True,
    slug: str = "",
) -> LearningPath:
    """A new learning path, without steps yet (its slug from the title unless given)."""
    fields = _clean_path(
        {
            "title": title,
            "description": description,
            "skill": skill,
            "program_type": program_type,
            "audience": audience,
            "is_published": is_published,
        }
    )
    if slug and LearningPath.objects.filter(slug=slug).exists():
        raise ApplicationError({"slug": "Another path already has this slug."})
    return LearningPath.objects.create(
        created_by=by, slug=slug or _unique_slug(fields["title"]), **fields
    )


PATH_FIELDS = ("title", "description", "skill", "program_type", "audience", "is_published")


def gate_programs(path: LearningPath) -> QuerySet[Program]:
    """The programs that require `path` before matching (of mentors or of mentees), by name."""
    return Program.objects.filter(
        Q(mentor_training_path=path) | Q(mentee_onboarding_path=path)
    ).order_by("name")


def program_names(programs: Iterable[Program]) -> str:
    return ", ".join(f"“{program.name}”" for program in programs)


def check_gate_change(path: LearningPath, fields: dict[str, Any]) -> None:
    """Refuse what would leave a program's required path impossible to start."""
    programs = list(gate_programs(path))
    if not programs:
        return
    names = program_names(programs)
    if not fields["is_published"]:
        raise ApplicationError(
            {
                "is_published": f"This path is required before matching in {names}, so it "
                "cannot be unpublished: nobody could start it. Choose another path for those "
                "programs first."
            }
        )
    needs_mentors = [p for p in programs if p.mentor_training_path_id == path.pk]
    needs_mentees = [p for p in programs if p.mentee_onboarding_path_id == path.pk]
    audience = fields["audience"]
    wrong = (needs_mentors and audience == Audience.MENTEE) or (
        needs_mentees and audience == Audience.MENTOR
    )
    if wrong:
        raise ApplicationError(
            {
                "audience": f"This path is required before matching in {names}; it must stay "
                "meant for the people who complete it there (mentors, mentees or both)."
            }
        )


@transaction.atomic
def path_update(*, path: LearningPath, **changes: Any) -> LearningPath:
    """Change a path's fields (those given). Its slug stays, so links keep working. A path a
    program requires before matching stays published and meant for that program's role."""
    unknown = set(changes) - set(PATH_FIELDS)
    if unknown:
        raise TypeError(f"Unknown path fields: {', '.join(sorted(unknown))}")
    fields = {name: getattr(path, name) for name in PATH_FIELDS}
    fields.update(changes)
    fields = _clean_path(fields)
    check_gate_change(path, fields)
    for name, value in fields.items():
        setattr(path, name, value)
    path.save()
    return path


def _renumber(steps: list[PathStep]) -> None:
    for order, step in enumerate(steps, start=1):
        if step.order != order:
            step.order = order
            step.save(update_fields=["order"])


def _lock_path(path: LearningPath) -> LearningPath:
    return LearningPath.objects.select_for_update().get(pk=path.pk)


def _complete_if_done(progress: PathProgress, *, now: Any = None) -> PathProgress:
    """Set `completed_at` when every step of the path is done. A completion already recorded
    stays (a step added since does not take it back)."""
    if progress.completed_at is not None:
        return progress
    total = PathStep.objects.filter(path_id=progress.path_id).count()
    done = StepCompletion.objects.filter(progress=progress, step__path_id=progress.path_id).count()
    if total > 0 and done >= total:
        progress.completed_at = now or timezone.now()
        progress.save(update_fields=["completed_at", "updated_at"])
        award_badges_on_commit(person_ids=[progress.person_id])
    return progress


def _uncomplete(progress: PathProgress) -> PathProgress:
    if progress.completed_at is not None:
        progress.completed_at = None
        progress.save(update_fields=["completed_at", "updated_at"])
    return progress


def _complete_everyone_done(path: LearningPath) -> None:
    for progress in PathProgress.objects.filter(path=path, completed_at__isnull=True):
        _complete_if_done(progress)


@transaction.atomic
def step_add(
    *,
    path: LearningPath,
    kind: str,
    resource: Resource | None = None,
    title: str = "",
    instructions: str = "",
) -> PathStep:
    """Append a step: a resource to go through, or an activity (a title and instructions).
    Whoever had completed the path keeps their completion (a trained mentor stays matchable);
    everyone else, and whoever starts later, does the new step too."""
    path = _lock_path(path)
    title, instructions = (title or "").strip(), (instructions or "").strip()
    if kind == StepKind.RESOURCE:
        if resource is None:
            raise ApplicationError({"resource": "Choose the resource of this step."})
    elif kind == StepKind.ACTIVITY:
        if not title:
            raise ApplicationError({"title": "Give the activity a title."})
        resource = None
    else:
        raise ApplicationError({"kind": "Choose a resource or an activity."})
    last = path.steps.aggregate(last=Max("order"))["last"] or 0
    step = PathStep.objects.create(
        path=path,
        order=last + 1,
        kind=kind,
        resource=resource,
        title=title,
        instructions=instructions,
    )
    return step


@transaction.atomic
def step_move(*, step: PathStep, up: bool) -> PathStep:
    """Swap the step with the one before it (up) or after it; at either end, no change."""
    path = _lock_path(step.path)
    steps = list(path.steps.order_by("order", "pk"))
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(steps):
        steps[index], steps[other] = steps[other], steps[index]
    _renumber(steps)
    return next(s for s in steps if s.pk == step.pk)


@transaction.atomic
def step_remove(*, step: PathStep) -> None:
    """Remove a step (and everyone's completion of it); whoever had done all the other steps
    has now completed the path."""
    path = _lock_path(step.path)
    step.delete()
    _renumber(list(path.steps.order_by("order", "pk")))
    _complete_everyone_done(path)


# Progress -----------------------------------------------------------------------------------


@transaction.atomic
def path_start(*, person: Person, path: LearningPath) -> PathProgress:
    """Start a published path (starting it again changes nothing)."""
    if not path.is_published:
        raise ApplicationError("This path is not published.")
    if not path.steps.exists():
        raise ApplicationError("This path has no steps yet.")
    progress, _ = PathProgress.objects.get_or_create(
        person=person, path=path, defaults={"started_at": timezone.now()}
    )
    return progress


@transaction.atomic
def step_mark(*, person: Person, step: PathStep, done: bool) -> PathProgress:
    """Mark a step done or not done (starting the path if needed). The path is completed when
    every step is done; undoing a step clears the completion (the person then does every step,
    a step added since their completion included)."""
    path = step.path
    progress = PathProgress.objects.select_for_update().filter(person=person, path=path).first()
    if progress is None:
        if not done:
            raise ApplicationError("Start the path first.")
        progress = PathProgress.objects.select_for_update().get(
            pk=path_start(person=person, path=path).pk
        )
    now = timezone.now()
    if done:
        StepCompletion.objects.get_or_create(
            progress=progress, step=step, defaults={"done_at": now}
        )
        return _complete_if_done(progress, now=now)
    undone, _ = StepCompletion.objects.filter(progress=progress, step=step).delete()
    return _uncomplete(progress) if undone else progress
