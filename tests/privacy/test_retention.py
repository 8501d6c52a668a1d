from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from mentorpath.mentoring.models import Mentorship, Note
from mentorpath.privacy.services import notes_purge_expired
from mentorpath.privacy.tasks import purge_expired_notes
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)  # 30 days before: 2026-02-13


@pytest.fixture(autouse=True)
def _thirty_days(settings):
    settings.NOTES_RETENTION_DAYS = 30


def _pair_with_note(status: str, end_date: date | None, ended_at: datetime | None = None) -> Note:
    program = ProgramFactory(start_date=date(2019, 1, 1), end_date=end_date, status=status)
    mentorship = Mentorship.objects.create(
        program=program,
        mentor=EnrollmentFactory(program=program, person=PersonFactory(), role="mentor"),
        mentee=EnrollmentFactory(program=program, person=PersonFactory(), role="mentee"),
        status="completed",
        source="manual",
        ended_at=ended_at,
    )
    note = Note.objects.create(mentorship=mentorship, author=mentorship.mentee.person, body="x")
    Note.objects.create(
        mentorship=mentorship, author=mentorship.mentor.person, visibility="private", body="y"
    )
    return note


def _alive(*notes: Note) -> list[bool]:
    return [Note.objects.filter(mentorship=n.mentorship).exists() for n in notes]


def test_notes_of_programs_closed_more_than_the_retention_ago_are_deleted():
    over = _pair_with_note("closed", date(2026, 2, 12))  # 31 days ago
    exactly = _pair_with_note("closed", date(2026, 2, 13))  # 30 days ago: kept
    recent = _pair_with_note("closed", date(2026, 3, 1))
    still_active = _pair_with_note("active", date(2025, 6, 1))  # not closed: kept
    assert notes_purge_expired(now=NOW) == 2
    assert _alive(over, exactly, recent, still_active) == [False, True, True, True]
    assert notes_purge_expired(now=NOW) == 0  # nothing left: idempotent


def test_without_a_program_end_date_the_pairs_end_counts():
    over = _pair_with_note("closed", None, datetime(2026, 2, 12, 23, 59, tzinfo=UTC))
    exactly = _pair_with_note("closed", None, datetime(2026, 2, 13, 0, 0, tzinfo=UTC))
    never_ended = _pair_with_note("closed", None, None)
    assert notes_purge_expired(now=NOW) == 2
    assert _alive(over, exactly, never_ended) == [False, True, True]


def test_zero_keeps_notes_forever(settings):
    settings.NOTES_RETENTION_DAYS = 0
    old = _pair_with_note("closed", date(2020, 1, 1))
    assert notes_purge_expired(now=NOW) == 0
    assert _alive(old) == [True]


def test_the_sweep_and_the_command(settings):
    old = _pair_with_note("closed", date(2020, 1, 1))
    assert purge_expired_notes() == 2
    assert _alive(old) == [False]
    _pair_with_note("closed", date(2020, 1, 1))
    out = StringIO()
    call_command("purge_expired_notes", stdout=out)
    assert out.getvalue() == "Deleted 2 note(s) of programs closed over 30 days ago.\n"
    settings.NOTES_RETENTION_DAYS = 0
    out = StringIO()
    call_command("purge_expired_notes", stdout=out)
    assert out.getvalue() == "NOTES_RETENTION_DAYS is 0: notes are kept forever.\n"


def test_the_sweep_runs_daily():
    entry = django_settings.CELERY_BEAT_SCHEDULE["privacy-notes-retention"]
    assert entry == {
        "task": "mentorpath.privacy.tasks.purge_expired_notes",
        "schedule": 24 * 60 * 60,
    }
