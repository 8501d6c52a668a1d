"""The demo's resource library and learning paths (see `mentorpath.demo.growth`).

About thirty resources with real, well-known public links (HBR articles, TED talks, books,
free courses) and a few internal documents, across the demo skills, kinds, levels and
audiences; five paths: "Mentor essentials" (the mentor training of career programs),
"Mentee onboarding", and three skill paths. Demo people have bookmarked and rated resources,
and the demo mentee is partway through the feedback path.

One resource is an uploaded file (a PDF checklist drawn with reportlab, the library the
certificates use), created through `learning.services.resource_create` so it passes the same
type, size and content checks as an upload in the library.

The training gates (`Program.mentor_training_path`, `Program.mentee_onboarding_path`) are set
by the learning-personal demo, which looks these paths up by their slugs `mentor-essentials`
and `mentee-onboarding`.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, Spacer

from mentorpath.demo import data
from mentorpath.demo.growth import GrowthContext
from mentorpath.learning import services
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
from mentorpath.people.models import Person
from mentorpath.programs.enums import ProgramType

MENTOR_ESSENTIALS = "mentor-essentials"
MENTEE_ONBOARDING = "mentee-onboarding"
FEEDBACK_PATH = "giving-and-receiving-feedback"
INTRANET = "https://intranet.example.com/mentoring"
A, V, C, B, T, K, DOC = (
    ResourceKind.ARTICLE,
    ResourceKind.VIDEO,
    ResourceKind.COURSE,
    ResourceKind.BOOK,
    ResourceKind.TEMPLATE,
    ResourceKind.CHECKLIST,
    ResourceKind.INTERNAL,
)
MENTOR, MENTEE, BOTH = Audience.MENTOR, Audience.MENTEE, Audience.BOTH
CAREER, MANAGER, LEADERSHIP = ProgramType.CAREER, ProgramType.MANAGER, ProgramType.LEADERSHIP
EARLY = ProgramType.EARLY_TALENT


@dataclass(frozen=True)
class R:
    key: str
    title: str
    kind: str
    url: str
    description: str
    skills: tuple[str, ...] = ()
    level: int | None = None
    audience: str = BOTH
    minutes: int | None = None
    program_types: tuple[str, ...] = field(default=())


RESOURCES: tuple[R, ...] = (
    R(
        "best-mentors",
        "What the Best Mentors Do",
        A,
        "https://hbr.org/2017/02/what-the-best-mentors-do",
        "Anthony K. Tjan on the one thing great mentors share: they care about the person first.",
        ("Coaching", "Building trust"),
        None,
        MENTOR,
        8,
    ),
    R(
        "coaching-habit",
        "The Coaching Habit",
        B,
        "https://boxofcrayons.com/the-coaching-habit-book/",
        "Michael Bungay Stanier's seven questions: say less, ask more, lead better.",
        ("Coaching", "Active listening"),
        2,
        MENTOR,
        240,
    ),
    R(
        "listen-better",
        "5 ways to listen better",
        V,
        "https://www.ted.com/talks/julian_treasure_5_ways_to_listen_better",
        "Julian Treasure's short talk with exercises to practise conscious listening.",
        ("Active listening",),
        1,
        BOTH,
        8,
    ),
    R(
        "radical-candor",
        "Radical Candor",
        B,
        "https://www.radicalcandor.com/the-book/",
        "Kim Scott on caring personally while challenging directly.",
        ("Giving feedback", "Building trust"),
        2,
        BOTH,
        360,
    ),
    R(
        "feedback-fallacy",
        "The Feedback Fallacy",
        A,
        "https://hbr.org/2019/03/the-feedback-fallacy",
        "Buckingham and Goodall on why telling people how to improve rarely works, and what does.",
        ("Giving feedback", "Coaching"),
        3,
        BOTH,
        20,
    ),
    R(
        "crucial-conversations",
        "Crucial Conversations",
        B,
        "https://cruciallearning.com/crucial-conversations-book/",
        "Tools for talking when stakes are high, opinions vary and emotions run strong.",
        ("Conflict resolution", "Giving feedback"),
        3,
        BOTH,
        300,
    ),
    R(
        "getting-to-yes",
        "Getting to Yes",
        B,
        "https://www.pon.harvard.edu/shop/getting-to-yes-negotiating-agreement-without-giving-in/",
        "Fisher and Ury's principled negotiation: interests, not positions.",
        ("Negotiation",),
        2,
        MENTEE,
        240,
    ),
    R(
        "never-split",
        "Never Split the Difference",
        B,
        "https://www.blackswanltd.com/never-split-the-difference",
        "Chris Voss on tactical empathy, calibrated questions and labelling in negotiation.",
        ("Negotiation", "Objection handling"),
        3,
        MENTEE,
        300,
    ),
    R(
        "what-makes-a-leader",
        "What Makes a Leader?",
        A,
        "https://hbr.org/2004/01/what-makes-a-leader",
        "Daniel Goleman's classic on emotional intelligence as the core of leadership.",
        ("Executive presence", "Building trust"),
        4,
        BOTH,
        25,
        (LEADERSHIP,),
    ),
    R(
        "leading-change",
        "Leading Change: Why Transformation Efforts Fail",
        A,
        "https://hbr.org/1995/05/leading-change-why-transformation-efforts-fail-2",
        "John Kotter's eight mistakes that sink change efforts, and what to do instead.",
        ("Change management", "Vision setting"),
        4,
        BOTH,
        25,
        (LEADERSHIP,),
    ),
    R(
        "managing-your-boss",
        "Managing Your Boss",
        A,
        "https://hbr.org/2005/01/managing-your-boss",
        "Gabarro and Kotter on building a working relationship with your manager on purpose.",
        ("Stakeholder management", "Influencing without authority"),
        2,
        MENTEE,
        25,
        (CAREER, EARLY),
    ),
    R(
        "start-with-why",
        "How great leaders inspire action",
        V,
        "https://www.ted.com/talks/simon_sinek_how_great_leaders_inspire_action",
        "Simon Sinek's golden circle: start with why.",
        ("Vision setting", "Storytelling"),
        2,
        BOTH,
        18,
    ),
    R(
        "teaming",
        "How to turn a group of strangers into a team",
        V,
        "https://www.ted.com/talks/amy_edmondson_how_to_turn_a_group_of_strangers_into_a_team",
        "Amy Edmondson on teaming and the psychological safety it needs.",
        ("Psychological safety", "Team building"),
        3,
        BOTH,
        13,
    ),
    R(
        "rework-teams",
        "Guide: Understand team effectiveness",
        A,
        "https://rework.withgoogle.com/guides/understanding-team-effectiveness/",
        "Google re:Work's findings from Project Aristotle: what makes teams effective.",
        ("Psychological safety", "Team building"),
        3,
        MENTOR,
        30,
        (MANAGER,),
    ),
    R(
        "making-of-a-manager",
        "The Making of a Manager",
        B,
        "https://www.juliezhuo.com/book/manager.html",
        "Julie Zhuo's field guide for new managers: meetings, hiring, feedback and trust.",
        ("One-on-ones", "Delegation", "Hiring & interviewing"),
        2,
        BOTH,
        300,
        (MANAGER,),
    ),
    R(
        "manager-tools-o3",
        "One-on-ones: the single most effective management tool",
        A,
        "https://www.manager-tools.com/2005/07/the-single-most-effective-management-tool-part-1",
        "Manager Tools' weekly one-on-one format, the basis of many teams' rituals.",
        ("One-on-ones",),
        2,
        MENTOR,
        40,
        (MANAGER,),
    ),
    R(
        "high-output",
        "High Output Management",
        B,
        "https://en.wikipedia.org/wiki/High_Output_Management",
        "Andy Grove on leverage, delegation and the manager's output as the team's output.",
        ("Delegation", "Prioritization"),
        4,
        BOTH,
        360,
        (MANAGER, LEADERSHIP),
    ),
    R(
        "thinking-fast-slow",
        "Thinking, Fast and Slow",
        B,
        "https://en.wikipedia.org/wiki/Thinking,_Fast_and_Slow",
        "Daniel Kahneman's two systems of thinking and the biases that shape decisions.",
        ("Decision making", "Strategic thinking"),
        4,
        BOTH,
        600,
    ),
    R(
        "switch",
        "Switch: How to Change Things When Change Is Hard",
        B,
        "https://heathbrothers.com/books/switch/",
        "Chip and Dan Heath: direct the rider, motivate the elephant, shape the path.",
        ("Change management",),
        3,
        BOTH,
        300,
    ),
    R(
        "first-90-days",
        "The First 90 Days",
        B,
        "https://en.wikipedia.org/wiki/The_First_90_Days",
        "Michael Watkins on getting up to speed in a new role, faster and smarter.",
        ("Onboarding new hires", "Prioritization"),
        2,
        MENTEE,
        300,
        (EARLY, CAREER),
    ),
    R(
        "ddia",
        "Designing Data-Intensive Applications",
        B,
        "https://dataintensive.net/",
        "Martin Kleppmann on the ideas behind reliable, scalable and maintainable systems.",
        ("System design", "Data modeling"),
        4,
        BOTH,
        900,
    ),
    R(
        "py4e",
        "Python for Everybody",
        C,
        "https://www.py4e.com/",
        "Charles Severance's free course: programming with Python from the very beginning.",
        ("Python",),
        1,
        MENTEE,
        1800,
        (EARLY,),
    ),
    R(
        "python-tutorial",
        "The Python Tutorial",
        A,
        "https://docs.python.org/3/tutorial/",
        "The official tutorial: the language's features, one chapter at a time.",
        ("Python",),
        2,
        BOTH,
        300,
    ),
    R(
        "sqlbolt",
        "SQLBolt: interactive SQL lessons",
        C,
        "https://sqlbolt.com/",
        "Short interactive lessons and exercises, from SELECT to joins and aggregates.",
        ("SQL",),
        1,
        MENTEE,
        180,
    ),
    R(
        "ml-specialization",
        "Machine Learning Specialization",
        C,
        "https://www.coursera.org/specializations/machine-learning-introduction",
        "Andrew Ng's introduction to supervised and unsupervised learning.",
        ("Machine learning", "Statistics"),
        3,
        BOTH,
        3600,
    ),
    R(
        "k8s-basics",
        "Learn Kubernetes Basics",
        C,
        "https://kubernetes.io/docs/tutorials/kubernetes-basics/",
        "The official interactive tutorial: deploy, expose, scale and update an app.",
        ("Kubernetes",),
        2,
        BOTH,
        120,
    ),
    R(
        "storytelling-data",
        "Storytelling with Data",
        B,
        "https://www.storytellingwithdata.com/books",
        "Cole Nussbaumer Knaflic on choosing the right chart and telling its story.",
        ("Data visualization", "Storytelling"),
        2,
        BOTH,
        240,
    ),
    R(
        "inspired",
        "Inspired: How to Create Tech Products Customers Love",
        B,
        "https://www.svpg.com/books/inspired-how-to-create-tech-products-customers-love-2nd-edition/",
        "Marty Cagan on product discovery and empowered product teams.",
        ("Product discovery", "Roadmapping"),
        3,
        BOTH,
        420,
    ),
    R(
        "mom-test",
        "The Mom Test",
        B,
        "https://www.momtestbook.com/",
        "Rob Fitzpatrick on asking customers questions that even your mom can't lie about.",
        ("User research", "Discovery calls"),
        2,
        BOTH,
        150,
    ),
    R(
        "wai-intro",
        "Introduction to Web Accessibility",
        A,
        "https://www.w3.org/WAI/fundamentals/accessibility-intro/",
        "The W3C's introduction: what accessibility is, why it matters, and where to start.",
        ("Accessibility", "UX design"),
        1,
        BOTH,
        20,
    ),
    R(
        "agreement-template",
        "Mentoring agreement template",
        T,
        f"{INTRANET}/agreement-template",
        "Our template for the first session: goals, cadence, confidentiality and how to end well.",
        ("Coaching", "Building trust"),
        None,
        BOTH,
        20,
    ),
    R(
        "first-session-checklist",
        "First-session checklist for mentors",
        K,
        f"{INTRANET}/first-session-checklist",
        "What to prepare, ask and agree in the first meeting with a new mentee.",
        ("Coaching", "One-on-ones"),
        None,
        MENTOR,
        10,
        (CAREER,),
    ),
    R(
        "smart-goals",
        "SMART goal worksheet",
        T,
        f"{INTRANET}/smart-goal-worksheet",
        'Turn "get better at X" into a goal you can measure, with a date and a first step.',
        ("Career development conversations", "Prioritization"),
        None,
        MENTEE,
        15,
    ),
    R(
        "great-mentee",
        "How to be a great mentee",
        DOC,
        f"{INTRANET}/how-to-be-a-great-mentee",
        "Our guide for mentees: own the relationship, come prepared, ask for feedback.",
        ("Career development conversations", "Active listening"),
        1,
        MENTEE,
        15,
    ),
)


@dataclass(frozen=True)
class Step:
    resource: str = ""  # a key of RESOURCES
    title: str = ""
    instructions: str = ""


@dataclass(frozen=True)
class P:
    slug: str
    title: str
    description: str
    audience: str
    steps: tuple[Step, ...]
    skill: str = ""
    program_type: str = ""


PATHS: tuple[P, ...] = (
    P(
        MENTOR_ESSENTIALS,
        "Mentor essentials",
        "The training every mentor of a career program completes before being matched: what "
        "good mentors do, coaching questions, and a first session that sets the pair up well.",
        MENTOR,
        (
            Step("best-mentors"),
            Step(
                "coaching-habit", instructions="Read at least the chapters on the seven questions."
            ),
            Step(
                title="Write down your mentoring approach",
                instructions="In half a page: what you offer, how you like to meet, and what "
                "you expect of a mentee. You will share it in your first session.",
            ),
            Step("first-session-checklist"),
            Step(
                title="Discuss your approach with a program manager",
                instructions="A 15-minute call: go through your notes and ask what you want.",
            ),
        ),
        program_type=CAREER,
    ),
    P(
        MENTEE_ONBOARDING,
        "Mentee onboarding",
        "Get ready for your first session: what makes a mentoring relationship work, and goals "
        "your mentor can help with.",
        MENTEE,
        (
            Step("great-mentee"),
            Step("smart-goals"),
            Step(
                title="Write two goals and share them with your mentor",
                instructions="Use the worksheet; send them before your first session.",
            ),
            Step("listen-better"),
        ),
    ),
    P(
        FEEDBACK_PATH,
        "Giving and receiving feedback",
        "From why most feedback fails to conversations that help, with practice between steps.",
        BOTH,
        (
            Step("feedback-fallacy"),
            Step("radical-candor"),
            Step(
                title="Ask your mentor for feedback on one piece of work",
                instructions="Pick something recent. Ask what to keep doing and one thing to "
                "change, then discuss your answer with your mentor.",
            ),
            Step("crucial-conversations"),
        ),
        skill="Giving feedback",
    ),
    P(
        "negotiation-foundations",
        "Negotiation foundations",
        "Principled negotiation and tactical empathy, then a role-play with your mentor.",
        MENTEE,
        (
            Step("getting-to-yes"),
            Step("never-split"),
            Step(
                title="Role-play a negotiation with your mentor",
                instructions="Choose a real situation (a deadline, a budget, an offer) and "
                "play it twice, swapping sides.",
            ),
        ),
        skill="Negotiation",
    ),
    P(
        "first-time-manager",
        "First-time manager",
        "One-on-ones, delegation and the manager's leverage, for new people managers.",
        BOTH,
        (
            Step("making-of-a-manager"),
            Step("manager-tools-o3"),
            Step(title="Hold a one-on-one and debrief it with your mentor"),
            Step("high-output"),
        ),
        skill="One-on-ones",
        program_type=MANAGER,
    ),
)

# The uploaded file: a checklist for the demo mentee's newest goal (data.PERSONA_STRETCH_GOAL).
UPLOAD_TITLE = "Cross-team project kickoff checklist"
UPLOAD_NAME = "cross-team-project-kickoff.pdf"
UPLOAD_SKILLS = ("Influencing without authority", "Stakeholder management")
UPLOAD_ITEMS = (
    "Write the goal of the project in two sentences both teams would sign.",
    "Name one owner on each team, and who decides when the two disagree.",
    "List what is in scope, what is out, and what can wait for a second version.",
    "Agree the must-have dates; say early which ones your team cannot meet.",
    "Set a short weekly check-in across teams, and where decisions are written down.",
    "Book the retro with both teams before the project starts.",
)


def kickoff_checklist_pdf() -> bytes:
    """The checklist as a one-page PDF; the same bytes on every run (reportlab's invariant
    mode leaves out the creation time and the random document id)."""
    styles = getSampleStyleSheet()
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=22 * mm,
        bottomMargin=20 * mm,
        title=UPLOAD_TITLE,
        author="Mentorpath demo",
        invariant=True,
    )
    doc.build(
        [
            Paragraph(escape(UPLOAD_TITLE), styles["Title"]),
            Paragraph(
                "Before the first meeting with the other team, go through this list with your "
                "mentor.",
                styles["BodyText"],
            ),
            Spacer(1, 4 * mm),
            ListFlowable(
                [Paragraph(escape(item), styles["BodyText"]) for item in UPLOAD_ITEMS],
                bulletType="bullet",
            ),
        ]
    )
    return buffer.getvalue()


def _uploaded_resource(context: GrowthContext) -> Resource:
    """The library's uploaded file, through the library service and its upload checks."""
    resource = services.resource_create(
        by=context.users.get(data.ADMIN),
        title=UPLOAD_TITLE,
        kind=K,
        description="A one-page checklist (PDF) for starting a project with another team: "
        "owners, scope, dates and how decisions are made.",
        file=ContentFile(kickoff_checklist_pdf(), name=UPLOAD_NAME),
        skills=[context.skills[name] for name in UPLOAD_SKILLS if name in context.skills],
        level=2,
        audience=BOTH,
        minutes=10,
    )
    added = _ago(context.now, 30)
    Resource.objects.filter(pk=resource.pk).update(created_at=added, updated_at=added)
    return resource


# Who bookmarked what (demo logins) and the demo mentee's place on the feedback path.
BOOKMARKS = {
    data.MENTEE: ("great-mentee", "smart-goals", "radical-candor", "getting-to-yes"),
    data.MENTOR: ("coaching-habit", "first-session-checklist"),
    data.MANAGER: ("rework-teams",),
}
MENTEE_DONE_ON_FEEDBACK_PATH = 2  # of its 4 steps
RATERS = 24  # people (besides the demo logins) who rated some resources
RATING_WEIGHTS = {5: 35, 4: 40, 3: 18, 2: 5, 1: 2}


@contextmanager
def _times_as_given(*models: Any) -> Iterator[None]:
    """Let bulk inserts keep the planned times (the fields are auto_now / auto_now_add)."""
    fields = [
        model._meta.get_field(name)
        for model in models
        for name in ("created_at", "updated_at")
        if any(f.name == name for f in model._meta.get_fields())
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _ago(now: datetime, days: int, hours: int = 0) -> datetime:
    return now - timedelta(days=days, hours=hours)


def write(context: GrowthContext) -> None:
    rng = context.rng("learning")
    now = context.now
    admin = context.users.get(data.ADMIN)
    with _times_as_given(Resource, ResourceRating, LearningPath, PathProgress, Bookmark):
        created = {spec.key: _ago(now, 120 - 3 * i) for i, spec in enumerate(RESOURCES)}
        resources = Resource.objects.bulk_create(
            Resource(
                title=spec.title,
                description=spec.description,
                kind=spec.kind,
                url=spec.url,
                level=spec.level,
                audience=spec.audience,
                program_types=list(spec.program_types),
                minutes=spec.minutes,
                is_published=True,
                created_by=admin,
                created_at=created[spec.key],
                updated_at=created[spec.key],
            )
            for spec in RESOURCES
        )
        by_key = {spec.key: resource for spec, resource in zip(RESOURCES, resources, strict=True)}
        Through = Resource.skills.through
        Through.objects.bulk_create(
            Through(resource_id=by_key[spec.key].pk, skill_id=context.skills[name].pk)
            for spec in RESOURCES
            for name in spec.skills
            if name in context.skills
        )

        paths = LearningPath.objects.bulk_create(
            LearningPath(
                slug=spec.slug,
                title=spec.title,
                description=spec.description,
                audience=spec.audience,
                skill=context.skills.get(spec.skill) if spec.skill else None,
                program_type=spec.program_type,
                is_published=True,
                created_by=admin,
                created_at=_ago(now, 90),
                updated_at=_ago(now, 90),
            )
            for spec in PATHS
        )
        steps = PathStep.objects.bulk_create(
            PathStep(
                path=path,
                order=order,
                kind=StepKind.RESOURCE if step.resource else StepKind.ACTIVITY,
                resource=by_key[step.resource] if step.resource else None,
                title=step.title,
                instructions=step.instructions,
            )
            for spec, path in zip(PATHS, paths, strict=True)
            for order, step in enumerate(spec.steps, start=1)
        )

        people = {
            key: Person.objects.filter(user=user).first() for key, user in context.users.items()
        }
        Bookmark.objects.bulk_create(
            Bookmark(person=person, resource=by_key[key], created_at=_ago(now, 20 - n))
            for login, keys in BOOKMARKS.items()
            if (person := people.get(login)) is not None
            for n, key in enumerate(keys)
        )

        demo_ids = {p.pk for p in people.values() if p is not None}
        raters = list(
            Person.objects.filter(user__isnull=True, termination_date__isnull=True)
            .exclude(pk__in=demo_ids)
            .order_by("pk")
            .values_list("pk", flat=True)[: RATERS * 4]
        )
        raters = rng.sample(raters, min(RATERS, len(raters)))
        scores, weights = list(RATING_WEIGHTS), list(RATING_WEIGHTS.values())
        ratings: list[ResourceRating] = []
        for person_id in raters:
            for resource in rng.sample(resources, rng.randint(2, 6)):
                when = _ago(now, rng.randint(1, 80), rng.randint(0, 23))
                ratings.append(
                    ResourceRating(
                        person_id=person_id,
                        resource=resource,
                        rating=rng.choices(scores, weights)[0],
                        created_at=when,
                        updated_at=when,
                    )
                )
        mentee = people.get(data.MENTEE)
        if mentee is not None:
            for key, score in (("great-mentee", 5), ("listen-better", 4)):
                when = _ago(now, 12)
                ratings.append(
                    ResourceRating(
                        person=mentee,
                        resource=by_key[key],
                        rating=score,
                        created_at=when,
                        updated_at=when,
                    )
                )
        ResourceRating.objects.bulk_create(ratings)

        if mentee is not None:
            feedback = next(p for p in paths if p.slug == FEEDBACK_PATH)
            started = _ago(now, 10)
            progress = PathProgress.objects.create(
                person=mentee,
                path=feedback,
                started_at=started,
                created_at=started,
                updated_at=_ago(now, 3),
            )
            done = [s for s in steps if s.path_id == feedback.pk][:MENTEE_DONE_ON_FEEDBACK_PATH]
            StepCompletion.objects.bulk_create(
                StepCompletion(progress=progress, step=step, done_at=_ago(now, 9 - 5 * n))
                for n, step in enumerate(done)
            )
    _uploaded_resource(context)
