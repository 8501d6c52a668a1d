"""The demo's recognition (see `mentorpath.demo.growth`).

Six badges (five automatic, one by hand), awarded by running the recognition service once
over the seeded check-ins, pairs, ratings and learning paths (at `context.now`); "Mentor of
the quarter" given by the admin to the demo mentor; kudos from mentees of started pairs, the
demo mentor's own mentees included, some shared on their program's wall; and one mentor who
keeps their recognition private and out of reward exports. Without pairs: badges only.
"""

from datetime import timedelta
from decimal import Decimal

from mentorpath.demo import data
from mentorpath.demo.growth import GrowthContext
from mentorpath.mentoring.enums import STARTED_MENTORSHIP
from mentorpath.mentoring.models import Mentorship
from mentorpath.recognition.enums import BadgeCriterion
from mentorpath.recognition.models import Badge, BadgeAward, Kudos, RecognitionPreference
from mentorpath.recognition.services import badges_award_due

BADGES = (
    (
        "First 10 hours",
        "⏱",
        "Ten hours of held check-ins with mentees.",
        BadgeCriterion.HOURS,
        "10",
    ),
    ("50 hours", "🏅", "Fifty hours of mentoring.", BadgeCriterion.HOURS, "50"),
    (
        "Pair completed",
        "🤝",
        "Saw a mentorship through to its end.",
        BadgeCriterion.PAIRS_COMPLETED,
        "1",
    ),
    (
        "Trusted mentor",
        "🌟",
        "Mentees rate the check-ins 4.5 or more on average (at least 3 ratings).",
        BadgeCriterion.AVERAGE_RATING,
        "4.5",
    ),
    (
        "Always learning",
        "📚",
        "Completed a learning path, such as the mentor training.",
        BadgeCriterion.TRAININGS_DONE,
        "1",
    ),
    ("Mentor of the quarter", "🏆", "Chosen by the program team.", BadgeCriterion.MANUAL, None),
)

MESSAGES = (
    "Thank you for making time every two weeks, even in the busiest quarter.",
    "Your questions helped me see what I actually wanted from my next role.",
    "I led my first cross-team project thanks to your advice. Thank you!",
    "You made negotiation feel less scary. The practice sessions were gold.",
    "Thanks for the honest feedback on my presentation — it landed much better.",
    "I really appreciated you sharing your own mistakes. It helped a lot.",
    "Thank you for introducing me to people across the company.",
    "Your calm way of breaking problems down is something I now copy every day.",
)
KUDOS_COUNT = 14


def write(context: GrowthContext) -> None:
    # By name, so seeding again after the people were wiped reuses the badges.
    for name, symbol, description, criterion, threshold in BADGES:
        Badge.objects.update_or_create(
            name=name,
            defaults={
                "symbol": symbol,
                "description": description,
                "criterion": criterion,
                "threshold": Decimal(threshold) if threshold else None,
                "is_active": True,
            },
        )
    rng = context.rng("recognition")
    pairs = list(
        Mentorship.objects.filter(status__in=STARTED_MENTORSHIP, started_at__isnull=False)
        .select_related("mentor__person__user", "mentee__person")
        .order_by("pk")
    )
    mentor = context.users[data.MENTOR]
    own = [p for p in pairs if p.mentor.person.user_id == mentor.pk]
    others = [p for p in pairs if p.mentor.person.user_id != mentor.pk]
    chosen = own + rng.sample(others, min(len(others), max(0, KUDOS_COUNT - len(own))))
    kudos = []
    for index, pair in enumerate(chosen):
        kudos.append(
            Kudos(
                mentorship=pair,
                author=pair.mentee.person,
                recipient=pair.mentor.person,
                message=MESSAGES[index % len(MESSAGES)],
                share_on_wall=index % 3 != 2,
            )
        )
    created = Kudos.objects.bulk_create(kudos)
    for item in created:  # created_at is set on insert; spread them after each pair started
        started = item.mentorship.started_at or context.now
        span = max(1, (context.now - started).days)
        when = min(context.now, started + timedelta(days=rng.randint(1, span)))
        Kudos.objects.filter(pk=item.pk).update(created_at=when, updated_at=when)

    private = next((p.mentor.person for p in others if p in chosen), None)
    if private is not None:
        RecognitionPreference.objects.create(
            person=private, show_publicly=False, include_in_reward_export=False
        )

    badges_award_due(now=context.now)
    if own:
        BadgeAward.objects.create(
            badge=Badge.objects.get(name="Mentor of the quarter"),
            person=own[0].mentor.person,
            awarded_at=context.now - timedelta(days=20),
            awarded_by=context.users[data.ADMIN],
            reason="Three mentees at once and every check-in held.",
        )
