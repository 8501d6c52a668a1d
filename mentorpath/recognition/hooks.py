"""What other apps call when a mentor's figures move (a check-in recorded as held, a pair
completed, a learning path completed): once the transaction commits, the badges those people
now earn are awarded. The half-hourly sweep (`tasks.award_badges`) catches anything missed."""

import logging
from collections.abc import Iterable

from django.db import transaction

logger = logging.getLogger(__name__)


def award_badges_on_commit(*, person_ids: Iterable[int | None]) -> None:
    ids = sorted({pk for pk in person_ids if pk is not None})
    if ids:
        transaction.on_commit(lambda: _award(ids), robust=True)


def _award(person_ids: list[int]) -> None:
    # Imported here: mentoring and learning call this hook, and recognition reads their models.
    from mentorpath.people.models import Person
    from mentorpath.recognition.services import badges_award_due

    badges_award_due(people=Person.objects.filter(pk__in=person_ids))
