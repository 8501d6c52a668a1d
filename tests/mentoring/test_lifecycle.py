"""The mentorship lifecycle through its public services: every allowed move, every refused one
with the message the person reads, the agreement frozen at the start, the mentor's slot, and
the scheduled job that closes the pairs of programs that ended."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentorpath.mentoring import catalog
from mentorpath.mentoring.enums import MENTORSHIP_TRANSITIONS, MentorshipStatus
from mentorpath.mentoring.models import Agreement, AgreementTemplate, CheckIn, Mentorship
from mentorpath.mentoring.queries import mentorships_of
from mentorpath.mentoring.services import (
    agreement_template_save,
    checkin_record,
    checkin_schedule,
    mentorship_end,
    mentorship_pause,
    mentorship_propose,
    mentorship_respond,
    mentorship_resume,
    mentorships_close_ended_programs,
)
from mentorpath.notifications.models import Notification
from mentorpath.programs.models import Enrollment
from tests.factories import EnrollmentFactory, ProgramFactory
from tests.factories.mentoring import active_pair, participant, proposed_pair, start

pytestmark = pytest.mark.django_db

STATUSES = list(MentorshipStatus.values)

# Every refused (from, to), as the person reads it. "→ proposed" has no service (a new
# proposal is a new row); "proposed → completed" is not refused: a pair that never started
# ends early instead (test_ending_a_proposed_pair_as_completed_ends_it_early).
REFUSALS = {
    ("proposed", "paused"): "This mentorship is proposed; it cannot become paused.",
    ("active", "active"): "This mentorship is active; it cannot become active.",
    ("active", "declined"): "This mentorship is active; it can no longer be accepted or declined.",
    ("paused", "paused"): "This mentorship is paused; it cannot become paused.",
    ("paused", "declined"): "This mentorship is paused; it can no longer be accepted or declined.",
    **{
        (done, to): f"This mentorship is already {label}; it cannot change any more."
        for done, label in (
            ("completed", "completed"),
            ("ended_early", "ended early"),
            ("declined", "declined"),
        )
        for to in ("active", "paused", "completed", "ended_early")
    },
    **{
        (done, "declined"): f"This mentorship is {label}; it can no longer be accepted or declined."
        for done, label in (
            ("completed", "completed"),
            ("ended_early", "ended early"),
            ("declined", "declined"),
        )
    },
}


def reach(status: str, mentor: Enrollment, mentee: Enrollment) -> Mentorship:
    """A pair of the persona mentor and mentee in `status`, through the services."""
    mentorship = mentorship_propose(mentor=mentor, mentee=mentee, by=None)
    if status == "proposed":
        return mentorship
    if status == "declined":
        return mentorship_respond(mentorship=mentorship, person=mentee.person, accept=False)
    mentorship = start(mentorship)
    if status == "paused":
        return mentorship_pause(mentorship=mentorship, by=mentor.person.user, note="Parental leave")
    if status == "completed":
        return mentorship_end(mentorship=mentorship, reason="completed")
    if status == "ended_early":
        return mentorship_end(mentorship=mentorship, reason="personal")
    return mentorship


def move(mentorship: Mentorship, to: str) -> Mentorship:
    """Ask the service that leads to `to`."""
    person = mentorship.mentee.person
    if to == "active":
        return mentorship_resume(mentorship=mentorship, by=person.user)
    if to == "paused":
        return mentorship_pause(mentorship=mentorship, by=person.user)
    if to == "completed":
        return mentorship_end(mentorship=mentorship, reason="completed")
    if to == "ended_early":
        return mentorship_end(mentorship=mentorship, reason="mismatch")
    assert to == "declined"
    return mentorship_respond(mentorship=mentorship, person=person, accept=False)


def named(mentorship: Mentorship) -> Mentorship:
    for person, (first, last) in (
        (mentorship.mentor.person, ("Ada", "Lovelace")),
        (mentorship.mentee.person, ("Grace", "Hopper")),
    ):
        person.first_name, person.last_name = first, last
        person.save(update_fields=["first_name", "last_name"])
    return Mentorship.objects.get(pk=mentorship.pk)


def updates_of(mentorship: Mentorship) -> list[tuple[str, str, str]]:
    """(recipient email, kind, subject) of the notices about the pair's lifecycle."""
    return sorted(
        Notification.objects.filter(
            kind="mentorship_update", key__contains=f":{mentorship.pk}"
        ).values_list("recipient__email", "kind", "subject")
    )


def load_of(enrollment: Enrollment) -> int:
    return Enrollment.objects.get(pk=enrollment.pk).load


# --- the transition table ----------------------------------------------------------------------


def test_refusals_cover_the_complement_of_the_transition_table():
    complement = {
        (source, target)
        for source in STATUSES
        for target in STATUSES
        if target not in MENTORSHIP_TRANSITIONS[source] and target != "proposed"
    }

    assert set(REFUSALS) == complement - {("proposed", "completed")}


def test_no_transition_leads_back_to_proposed():
    assert [s for s, targets in MENTORSHIP_TRANSITIONS.items() if "proposed" in targets] == []


@pytest.mark.parametrize(("source", "target"), sorted(REFUSALS))
def test_refused_transition_says_why_and_changes_nothing(mentor, mentee, source, target):
    mentorship = reach(source, mentor, mentee)
    before = Mentorship.objects.filter(pk=mentorship.pk).values().get()
    load = load_of(mentor)
    notices = Notification.objects.count()

    with pytest.raises(ValidationError) as error:
        move(mentorship, target)

    assert error.value.messages == [REFUSALS[(source, target)]]
    assert error.value.code == "conflict"
    assert Mentorship.objects.filter(pk=mentorship.pk).values().get() == before
    assert load_of(mentor) == load
    assert Notification.objects.count() == notices


@pytest.mark.parametrize("source", ["active", "paused", "completed", "ended_early", "declined"])
def test_accepting_once_no_longer_proposed_is_refused(mentor, mentee, source):
    mentorship = reach(source, mentor, mentee)
    label = MentorshipStatus(source).label.lower()

    with pytest.raises(ValidationError) as error:
        mentorship_respond(mentorship=mentorship, person=mentor.person, accept=True)

    assert error.value.messages == [
        f"This mentorship is {label}; it can no longer be accepted or declined."
    ]
    assert error.value.code == "conflict"
    assert Mentorship.objects.get(pk=mentorship.pk).status == source


def test_resuming_a_proposed_pair_is_refused(mentor, mentee):
    mentorship = reach("proposed", mentor, mentee)

    with pytest.raises(ValidationError) as error:
        mentorship_resume(mentorship=mentorship, by=mentee.person.user)

    assert error.value.code == "conflict"
    assert Mentorship.objects.get(pk=mentorship.pk).status == "proposed"
    assert not Agreement.objects.exists()


# --- allowed transitions -----------------------------------------------------------------------


def test_respond_one_accepting_keeps_it_proposed(mentor, mentee):
    mentorship = reach("proposed", mentor, mentee)

    answered = mentorship_respond(mentorship=mentorship, person=mentee.person, accept=True)

    assert answered.status == "proposed"
    assert answered.mentee_accepted_at is not None
    assert answered.mentor_accepted_at is None
    assert answered.started_at is None
    assert not Agreement.objects.exists()
    assert updates_of(mentorship) == []


def test_respond_accepting_twice_keeps_the_first_answer(mentor, mentee):
    mentorship = reach("proposed", mentor, mentee)
    first = mentorship_respond(mentorship=mentorship, person=mentee.person, accept=True)

    again = mentorship_respond(mentorship=mentorship, person=mentee.person, accept=True)

    assert again.mentee_accepted_at == first.mentee_accepted_at
    assert again.status == "proposed"


def test_respond_both_accepting_starts_the_pair_and_tells_both(mentor, mentee):
    mentorship = named(reach("proposed", mentor, mentee))
    mentorship_respond(mentorship=mentorship, person=mentor.person, accept=True)

    started = mentorship_respond(mentorship=mentorship, person=mentee.person, accept=True)

    assert started.status == "active"
    assert started.started_at == started.mentee_accepted_at
    assert Agreement.objects.filter(mentorship=started).count() == 1
    assert load_of(mentor) == 1
    assert updates_of(started) == [
        (
            "mentee@example.com",
            "mentorship_update",
            "Your mentorship with Ada Lovelace has started",
        ),
        (
            "mentor@example.com",
            "mentorship_update",
            "Your mentorship with Grace Hopper has started",
        ),
    ]


@pytest.mark.parametrize("side", ["mentor", "mentee"])
def test_respond_decline_by_either_side_frees_the_slot(mentor, mentee, side):
    mentorship = reach("proposed", mentor, mentee)
    person = mentor.person if side == "mentor" else mentee.person

    declined = mentorship_respond(mentorship=mentorship, person=person, accept=False)

    assert (declined.status, declined.declined_by) == ("declined", side)
    assert declined.ended_at is not None
    assert load_of(mentor) == 0


def test_ending_a_proposed_pair_ends_it_early_and_frees_the_slot(mentor, mentee):
    mentorship = reach("proposed", mentor, mentee)

    ended = mentorship_end(mentorship=mentorship, reason="mismatch", note="Different rhythms")

    assert (ended.status, ended.end_reason, ended.end_note) == (
        "ended_early",
        "mismatch",
        "Different rhythms",
    )
    assert load_of(mentor) == 0


def test_ending_a_proposed_pair_as_completed_ends_it_early(mentor, mentee):
    mentorship = named(reach("proposed", mentor, mentee))

    ended = mentorship_end(mentorship=mentorship, reason="completed")

    assert (ended.status, ended.end_reason) == ("ended_early", "completed")
    assert updates_of(ended) == [
        (
            "mentee@example.com",
            "mentorship_update",
            "Your mentorship with Ada Lovelace was ended",
        ),
        (
            "mentor@example.com",
            "mentorship_update",
            "Your mentorship with Grace Hopper was ended",
        ),
    ]


def test_pause_keeps_the_slot_and_tells_both(pair, mentor):
    pair = named(pair)

    paused = mentorship_pause(mentorship=pair, by=mentor.person.user, note="Parental leave")

    assert (paused.status, paused.pause_note) == ("paused", "Parental leave")
    assert paused.paused_at is not None
    assert load_of(mentor) == 1
    bodies = set(
        Notification.objects.filter(key__startswith=f"mentorship-paused:{pair.pk}:").values_list(
            "recipient__email", "body"
        )
    )
    assert bodies == {
        (
            "mentor@example.com",
            "Your mentorship with Grace Hopper in Career Compass was paused. Parental leave",
        ),
        (
            "mentee@example.com",
            "Your mentorship with Ada Lovelace in Career Compass was paused. Parental leave",
        ),
    }


def test_resume_clears_the_pause_and_tells_both(pair, mentor):
    pair = named(mentorship_pause(mentorship=pair, by=mentor.person.user, note="Busy quarter"))

    resumed = mentorship_resume(mentorship=pair, by=mentor.person.user)

    assert (resumed.status, resumed.paused_at, resumed.pause_note) == ("active", None, "")
    assert sorted(
        Notification.objects.filter(key__startswith=f"mentorship-resumed:{pair.pk}:").values_list(
            "recipient__email", "subject"
        )
    ) == [
        ("mentee@example.com", "Your mentorship with Ada Lovelace was resumed"),
        ("mentor@example.com", "Your mentorship with Grace Hopper was resumed"),
    ]


def test_pausing_again_after_resuming_tells_both_again(pair, mentor):
    by = mentor.person.user
    mentorship_pause(mentorship=pair, by=by)
    mentorship_resume(mentorship=pair, by=by)

    mentorship_pause(mentorship=pair, by=by)

    paused = Notification.objects.filter(key__startswith=f"mentorship-paused:{pair.pk}:")
    assert paused.count() == 4
    assert paused.values("key").distinct().count() == 2


@pytest.mark.parametrize("source", ["active", "paused"])
def test_ending_a_running_pair_as_completed_completes_it(mentor, mentee, source):
    mentorship = reach(source, mentor, mentee)

    done = mentorship_end(mentorship=mentorship, reason="completed", note="Great year")

    assert (done.status, done.end_reason, done.end_note) == ("completed", "completed", "Great year")
    assert done.ended_at is not None
    assert done.paused_at is None
    assert load_of(mentor) == 0


@pytest.mark.parametrize("reason", ["mismatch", "left", "personal", "other"])
@pytest.mark.parametrize("source", ["active", "paused"])
def test_ending_a_running_pair_for_another_reason_ends_it_early(mentor, mentee, source, reason):
    mentorship = reach(source, mentor, mentee)

    ended = mentorship_end(mentorship=mentorship, reason=reason)

    assert (ended.status, ended.end_reason) == ("ended_early", reason)
    assert load_of(mentor) == 0


def test_ending_keeps_the_note_to_500_characters(pair):
    ended = mentorship_end(mentorship=pair, reason="other", note="x" * 600)

    assert ended.end_note == "x" * 500


def test_ending_tells_both_with_the_reason(pair):
    pair = named(pair)

    mentorship_end(mentorship=pair, reason="left")

    assert sorted(
        Notification.objects.filter(key__startswith=f"mentorship-ended:{pair.pk}:").values_list(
            "recipient__email", "body"
        )
    ) == [
        (
            "mentee@example.com",
            "Your mentorship with Ada Lovelace in Career Compass was ended. "
            "Someone left the organization",
        ),
        (
            "mentor@example.com",
            "Your mentorship with Grace Hopper in Career Compass was ended. "
            "Someone left the organization",
        ),
    ]


# --- agreement ---------------------------------------------------------------------------------


TEMPLATE = {
    "expectations": "Come prepared.",
    "meeting_rhythm": "Every two weeks.",
    "confidentiality": "Between us.",
    "how_to_end": "Tell the other.",
}


def agreement_texts(mentorship: Mentorship) -> dict[str, str]:
    return Agreement.objects.filter(mentorship=mentorship).values(*TEMPLATE, "rhythm_days").get()


def test_starting_freezes_the_program_template(program, mentor, mentee):
    agreement_template_save(program=program, data=TEMPLATE)

    started = reach("active", mentor, mentee)

    assert agreement_texts(started) == {**TEMPLATE, "rhythm_days": 14}


def test_editing_the_template_afterwards_leaves_the_pair_agreement_unchanged(
    program, mentor, mentee
):
    agreement_template_save(program=program, data=TEMPLATE)
    started = reach("active", mentor, mentee)

    agreement_template_save(program=program, data={name: f"Changed {name}" for name in TEMPLATE})

    assert agreement_texts(started) == {**TEMPLATE, "rhythm_days": 14}
    assert AgreementTemplate.objects.get(program=program).expectations == "Changed expectations"


def test_a_blank_template_section_falls_back_to_the_default(program, mentor, mentee):
    agreement_template_save(program=program, data={**TEMPLATE, "how_to_end": "  "})

    started = reach("active", mentor, mentee)

    assert agreement_texts(started)["how_to_end"] == catalog.AGREEMENT["how_to_end"]
    assert agreement_texts(started)["expectations"] == "Come prepared."


def test_without_a_template_the_catalog_defaults_apply(pair):
    assert agreement_texts(pair) == {**catalog.AGREEMENT, "rhythm_days": 14}


@pytest.mark.parametrize(("cadence", "days"), [("weekly", 7), ("biweekly", 14), ("monthly", 28)])
def test_the_rhythm_starts_from_the_program_cadence(db, cadence, days):
    program = ProgramFactory(checkin_cadence=cadence)

    started = active_pair(program, "m@example.com", "e@example.com")

    assert agreement_texts(started)["rhythm_days"] == days


def test_a_leadership_program_adds_succession_confidentiality(db):
    program = ProgramFactory(program_type="leadership")

    started = active_pair(program, "m@example.com", "e@example.com")

    assert agreement_texts(started)["confidentiality"] == (
        catalog.AGREEMENT["confidentiality"]
        + " Succession and career plans we discuss are confidential and are never shared with "
        "line managers without the mentee's consent."
    )


# --- check-ins and slots at the end ------------------------------------------------------------


def schedule(mentorship: Mentorship, starts_in: timedelta) -> CheckIn:
    return checkin_schedule(
        mentorship=mentorship,
        person=mentorship.mentee.person,
        data={"starts_at": timezone.now() + starts_in, "time_zone": "Europe/Berlin"},
    )


@pytest.mark.parametrize("reason", ["completed", "mismatch"])
def test_ending_cancels_the_future_scheduled_checkins_only(pair, reason):
    held = schedule(pair, -timedelta(days=3))
    checkin_record(checkin=held, person=pair.mentee.person, outcome="held")
    overdue = schedule(pair, -timedelta(hours=2))
    soon, later = schedule(pair, timedelta(days=1)), schedule(pair, timedelta(days=15))

    mentorship_end(mentorship=pair, reason=reason)

    rows = {c.pk: c for c in CheckIn.objects.all()}
    assert [(rows[c.pk].status, rows[c.pk].sequence) for c in (held, overdue, soon, later)] == [
        ("held", 0),
        ("scheduled", 0),
        ("cancelled", 1),
        ("cancelled", 1),
    ]
    assert rows[soon.pk].cancelled_at is not None
    cancels = Notification.objects.filter(
        key__in=[f"checkin-invite:{soon.uid}:1", f"checkin-invite:{later.uid}:1"]
    )
    assert cancels.count() == 4
    assert {n.attachments[0]["filename"] for n in cancels} == {"cancel.ics"}


def test_ending_frees_the_slot_for_a_new_mentee(program, pair, mentor):
    Enrollment.objects.filter(pk=mentor.pk).update(capacity=1)
    newcomer = participant(program, "newcomer@example.com", "mentee")

    mentorship_end(mentorship=pair, reason="personal")
    again = mentorship_propose(mentor=mentor, mentee=newcomer, by=None)

    assert again.status == "proposed"
    assert load_of(mentor) == 1


def test_a_full_mentor_cannot_take_another_until_one_ends(program, pair, mentor):
    Enrollment.objects.filter(pk=mentor.pk).update(capacity=1)
    newcomer = participant(program, "newcomer@example.com", "mentee")
    mentor.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        mentorship_propose(mentor=mentor, mentee=newcomer, by=None)

    assert error.value.code == "conflict"
    assert error.value.messages == [
        f"{mentor.person.full_name} has no free capacity in this program."
    ]


def test_a_person_in_two_programs_holds_two_pairs(pair, mentor, mentee):
    other = ProgramFactory(name="Leaders", slug="leaders")
    second_mentor = EnrollmentFactory(
        program=other, person=mentor.person, role="mentor", status="approved"
    )
    second_mentee = EnrollmentFactory(
        program=other, person=mentee.person, role="mentee", status="approved"
    )

    second = start(mentorship_propose(mentor=second_mentor, mentee=second_mentee, by=None))

    assert (pair.status, second.status) == ("active", "active")
    assert [m.program.name for m in mentorships_of(person=mentee.person)] == [
        "Leaders",
        "Career Compass",
    ]
    assert (load_of(mentor), load_of(second_mentor)) == (1, 1)


# --- closing the pairs of ended programs -------------------------------------------------------


@pytest.fixture
def programs(db):
    """Pairs in four programs: ended yesterday, closed, ending today, ending next month."""
    today = timezone.localdate()
    ended = ProgramFactory(name="Ended", status="active", end_date=today - timedelta(days=1))
    closed = ProgramFactory(name="Closed", status="active")
    today_ends = ProgramFactory(name="Ends today", status="active", end_date=today)
    running = ProgramFactory(name="Running", status="active", end_date=today + timedelta(days=30))
    pairs = {
        "ended-active": active_pair(ended, "m1@example.com", "e1@example.com"),
        "ended-paused": active_pair(ended, "m2@example.com", "e2@example.com"),
        "ended-proposed": proposed_pair(ended, "m3@example.com", "e3@example.com"),
        "ended-declined": proposed_pair(ended, "m4@example.com", "e4@example.com"),
        "closed-active": active_pair(closed, "m5@example.com", "e5@example.com"),
        "today-active": active_pair(today_ends, "m6@example.com", "e6@example.com"),
        "running-active": active_pair(running, "m7@example.com", "e7@example.com"),
        "running-proposed": proposed_pair(running, "m8@example.com", "e8@example.com"),
    }
    paused = pairs["ended-paused"]
    mentorship_pause(mentorship=paused, by=paused.mentor.person.user)
    declined = pairs["ended-declined"]
    mentorship_respond(mentorship=declined, person=declined.mentee.person, accept=False)
    closed.status = "closed"
    closed.save(update_fields=["status"])
    return pairs


def states(pairs: dict[str, Mentorship]) -> dict[str, tuple[str, str, str]]:
    rows = {m.pk: m for m in Mentorship.objects.all()}
    return {
        name: (rows[m.pk].status, rows[m.pk].end_reason, rows[m.pk].end_note)
        for name, m in pairs.items()
    }


def test_close_ended_programs_completes_running_pairs_and_ends_proposed_ones(programs):
    closed = mentorships_close_ended_programs(today=timezone.localdate())

    assert closed == 4
    assert states(programs) == {
        "ended-active": ("completed", "completed", "The program ended."),
        "ended-paused": ("completed", "completed", "The program ended."),
        "ended-proposed": ("ended_early", "other", "The program ended."),
        "ended-declined": ("declined", "", ""),
        "closed-active": ("completed", "completed", "The program ended."),
        "today-active": ("active", "", ""),
        "running-active": ("active", "", ""),
        "running-proposed": ("proposed", "", ""),
    }


def test_close_ended_programs_tells_both_of_every_closed_pair(programs):
    mentorships_close_ended_programs(today=timezone.localdate())

    told = Notification.objects.filter(
        kind="mentorship_update", key__regex=r"^mentorship-(completed|ended):"
    )
    assert sorted(told.values_list("recipient__email", "key")) == sorted(
        (email, f"mentorship-{what}:{programs[name].pk}:{ended_at}")
        for name, what in (
            ("ended-active", "completed"),
            ("ended-paused", "completed"),
            ("ended-proposed", "ended"),
            ("closed-active", "completed"),
        )
        for ended_at in [Mentorship.objects.get(pk=programs[name].pk).ended_at.isoformat()]
        for email in (
            programs[name].mentor.person.email,
            programs[name].mentee.person.email,
        )
    )


def test_close_ended_programs_twice_tells_each_person_once(programs):
    first = mentorships_close_ended_programs(today=timezone.localdate())
    told = Notification.objects.count()

    second = mentorships_close_ended_programs(today=timezone.localdate())

    assert (first, second) == (4, 0)
    assert Notification.objects.count() == told
    assert told == Notification.objects.values("recipient", "key").distinct().count()


def test_close_ended_programs_frees_the_mentors_slots(programs):
    mentorships_close_ended_programs(today=timezone.localdate())

    loads = {
        name: load_of(m.mentor)
        for name, m in programs.items()
        if name in ("ended-active", "ended-paused", "ended-proposed", "running-active")
    }
    assert loads == {"ended-active": 0, "ended-paused": 0, "ended-proposed": 0, "running-active": 1}


def test_close_ended_programs_on_a_later_day_includes_the_program_ending_today(programs):
    closed = mentorships_close_ended_programs(today=timezone.localdate() + timedelta(days=1))

    assert closed == 5
    assert states(programs)["today-active"] == ("completed", "completed", "The program ended.")
    assert states(programs)["running-active"] == ("active", "", "")
