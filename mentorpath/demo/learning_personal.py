"""The demo's personal learning (see `mentorpath.demo.growth`): the training gate of the
active career program, resources mentors assigned to their mentees, and the ratings those
mentees gave.

- Career Compass requires the "Mentor essentials" path of its mentors: every mentor already in
  a pair there has completed it; `NOT_READY` approved mentors without a pair have not (some
  partway), so the matching page's "Not ready" panel lists them and matching leaves them out.
- Career Compass also requires the "Mentee onboarding" path of its mentees, the same way:
  `NOT_READY_MENTEES` approved mentees have not completed it. (Not Early Talent Onboarding:
  the browser journey and the demo mentee's own story are matched there.)
- The demo pair (mentor@ and mentee@): one resource assigned, done and rated, one still open,
  both among the mentee's recommendations.
- Other started pairs of the demo programs: a resource or two each, most done and rated, so the
  usefulness ratings behind the recommendations come from real use too.

Runs after `mentorpath.demo.learning`, which writes the library and the paths; without the
`mentor-essentials` path (an older library) it writes nothing.
"""

from datetime import datetime, timedelta

from mentorpath.demo import data
from mentorpath.demo.growth import GrowthContext
from mentorpath.demo.learning import MENTEE_ONBOARDING, MENTOR_ESSENTIALS, _times_as_given
from mentorpath.learning.enums import Audience
from mentorpath.learning.models import (
    LearningPath,
    PathProgress,
    Resource,
    ResourceAssignment,
    ResourceRating,
    StepCompletion,
)
from mentorpath.learning.recommendations import recommendations_for
from mentorpath.mentoring.enums import RUNNING_MENTORSHIP, STARTED_MENTORSHIP
from mentorpath.mentoring.models import Mentorship
from mentorpath.people.models import Person
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus
from mentorpath.programs.models import Program

NOT_READY = 3  # unpaired approved mentors of Career Compass (no demo login) not yet trained
NOT_READY_MENTEES = 4  # approved mentees of Career Compass not yet through their onboarding
OTHER_PAIRS = 12  # started pairs of the demo programs that got assignments besides the demo pair
DEMO_NOTES = (
    "This helped me a lot when I started. Pick one idea to try before our next check-in.",
    "Have a look before Thursday: I would like to hear what you disagree with.",
)
NOTES = (
    "Worth the time: let's talk about it next time.",
    "Try the exercise at the end and bring your answers.",
    "A classic. Skim the first chapters, they are the useful ones.",
    "",
)


def _ago(now: datetime, days: float) -> datetime:
    return now - timedelta(days=days)


def _train_mentors(context: GrowthContext, program: Program, path: LearningPath) -> None:
    """Mentors in a pair have completed the path; NOT_READY unpaired ones have not."""
    _gate(context, program, path, EnrollmentRole.MENTOR, NOT_READY, "training", (20, 200))
    program.mentor_training_path = path
    program.save(update_fields=["mentor_training_path", "updated_at"])


def _onboard_mentees(context: GrowthContext, program: Program, path: LearningPath) -> None:
    """Mentees in a pair have completed the path; NOT_READY_MENTEES without one have not."""
    # since they applied, a few weeks ago
    _gate(context, program, path, EnrollmentRole.MENTEE, NOT_READY_MENTEES, "onboarding", (7, 30))
    program.mentee_onboarding_path = path
    program.save(update_fields=["mentee_onboarding_path", "updated_at"])


def _gate(
    context: GrowthContext,
    program: Program,
    path: LearningPath,
    role: str,
    count: int,
    stream: str,
    started_within: tuple[int, int],
) -> None:
    """The program's approved people of `role` have completed `path`, except `count` of those
    without a pair or a demo login: partway through it, or (the first) not started. Everyone
    started the path between `started_within` days ago."""
    rng = context.rng(f"learning_personal-{stream}")
    now = context.now
    steps = list(path.steps.order_by("order", "pk"))
    enrolled = program.enrollments.filter(role=role, status=EnrollmentStatus.APPROVED).order_by(
        "pk"
    )
    paired = set(
        Mentorship.objects.filter(program=program)
        .exclude(status="declined")
        .values_list(f"{role}__person_id", flat=True)
    )
    existing = {p.person_id: p for p in PathProgress.objects.filter(path=path)}
    logins = set(
        Person.objects.filter(user__in=context.users.values()).values_list("pk", flat=True)
    )
    unpaired = [
        e.person_id
        for e in enrolled
        if e.person_id not in paired
        and e.person_id not in logins
        and not (e.person_id in existing and existing[e.person_id].completed_at)
    ]
    not_ready = set(rng.sample(unpaired, min(count, len(unpaired))))
    trained = [e.person_id for e in enrolled if e.person_id not in not_ready]
    partway = {person_id: n for n, person_id in enumerate(sorted(not_ready))}

    with _times_as_given(PathProgress):
        started = {pid: _ago(now, rng.randint(*started_within)) for pid in [*trained, *partway]}
        PathProgress.objects.bulk_create(
            PathProgress(
                person_id=pid,
                path=path,
                started_at=started[pid],
                created_at=started[pid],
                updated_at=started[pid],
            )
            for pid in [*trained, *partway]
            if pid not in existing and (pid in trained or partway[pid] > 0)
        )
    progress = {p.person_id: p for p in PathProgress.objects.filter(path=path)}
    completions = []
    for pid in trained:
        for n, step in enumerate(steps):
            completions.append((progress[pid], step, started[pid] + timedelta(days=n + 1)))
    for pid, done in partway.items():
        if pid in progress:
            for n, step in enumerate(steps[: min(done, len(steps) - 1)]):
                completions.append((progress[pid], step, started[pid] + timedelta(days=n + 1)))
    StepCompletion.objects.bulk_create(
        (StepCompletion(progress=p, step=s, done_at=when) for p, s, when in completions),
        ignore_conflicts=True,
    )
    finished = [progress[pid] for pid in trained]
    for p in finished:
        p.completed_at = started[p.person_id] + timedelta(days=len(steps) + 1)
    PathProgress.objects.bulk_update(finished, ["completed_at"])


def _demo_pair(context: GrowthContext) -> Mentorship | None:
    mentor, mentee = context.users.get(data.MENTOR), context.users.get(data.MENTEE)
    if mentor is None or mentee is None:
        return None
    return (
        Mentorship.objects.filter(
            mentor__person__user=mentor,
            mentee__person__user=mentee,
            status__in=RUNNING_MENTORSHIP,
        )
        .select_related("mentor__person", "mentee__person")
        .order_by("-started_at")
        .first()
    )


def _assign(context: GrowthContext, career: Program | None) -> None:
    rng = context.rng("learning_personal")
    now = context.now
    for_mentees = list(
        Resource.objects.filter(
            is_published=True, audience__in=(Audience.MENTEE, Audience.BOTH)
        ).order_by("pk")
    )
    if not for_mentees:
        return
    rated = set(ResourceRating.objects.values_list("person_id", "resource_id"))
    assignments: list[ResourceAssignment] = []
    ratings: list[ResourceRating] = []

    def add(pair: Mentorship, resource: Resource, note: str, days: int, rating: int | None):
        assigned = _ago(now, days)
        done = assigned + timedelta(days=rng.randint(1, max(days - 1, 1))) if rating else None
        assignments.append(
            ResourceAssignment(
                mentorship=pair,
                resource=resource,
                assigned_by_id=pair.mentor.person_id,
                note=note,
                done_at=done,
                rating=rating,
                created_at=assigned,
                updated_at=done or assigned,
            )
        )
        key = (pair.mentee.person_id, resource.pk)
        if rating and done and key not in rated:
            rated.add(key)
            ratings.append(
                ResourceRating(
                    person_id=key[0],
                    resource=resource,
                    rating=rating,
                    created_at=done,
                    updated_at=done,
                )
            )

    demo = _demo_pair(context)
    if demo is not None:
        mentee: Person = demo.mentee.person
        suggested = [
            r.resource
            for r in recommendations_for(person=mentee)
            if r.resource is not None and (mentee.pk, r.resource.pk) not in rated
        ]
        picks = (suggested + [r for r in for_mentees if r not in suggested])[:2]
        for (resource, note), (days, rating) in zip(
            zip(picks, DEMO_NOTES, strict=False), ((21, 5), (2, None)), strict=False
        ):
            add(demo, resource, note, days, rating)

    if context.programs:
        pairs = Mentorship.objects.filter(
            program__in=context.programs.values(), status__in=STARTED_MENTORSHIP
        )
        if demo is not None:
            pairs = pairs.exclude(pk=demo.pk)
        others = list(
            pairs.select_related("mentor__person", "mentee__person").order_by("pk")[
                : OTHER_PAIRS * 3
            ]
        )
        for pair in rng.sample(others, min(OTHER_PAIRS, len(others))):
            for resource in rng.sample(for_mentees, rng.randint(1, 2)):
                rating = rng.choices([5, 4, 3, 2, None], [30, 35, 15, 5, 15])[0]
                add(pair, resource, rng.choice(NOTES), rng.randint(5, 60), rating)

    with _times_as_given(ResourceAssignment, ResourceRating):
        ResourceAssignment.objects.bulk_create(assignments, ignore_conflicts=True)
        ResourceRating.objects.bulk_create(ratings, ignore_conflicts=True)


def write(context: GrowthContext) -> None:
    path = LearningPath.objects.filter(slug=MENTOR_ESSENTIALS).first()
    if path is None:
        return
    career = context.programs.get(data.CAREER_COMPASS)
    if career is not None:
        _train_mentors(context, career, path)
        onboarding = LearningPath.objects.filter(slug=MENTEE_ONBOARDING).first()
        if onboarding is not None:
            _onboard_mentees(context, career, onboarding)
    _assign(context, career)
