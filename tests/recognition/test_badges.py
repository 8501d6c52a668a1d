"""Automatic badges are awarded once at their threshold and never below; badges by hand are
awarded and taken back by admins with a reason; only admins manage badges."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from mentorpath.learning.models import LearningPath, PathStep
from mentorpath.learning.services import step_mark
from mentorpath.mentoring.services import mentorship_end, mentorship_propose
from mentorpath.notifications.models import Notification
from mentorpath.recognition.models import BadgeAward
from mentorpath.recognition.services import badge_award, badges_award_due, kudos_send
from tests.factories.mentoring import active_pair, participant, start
from tests.recognition.helpers import (
    badge,
    checkin,
    complete,
    complete_path,
    make_room_for_kudos,
    rate,
)

pytestmark = pytest.mark.django_db


def _holders(b):
    return set(BadgeAward.objects.filter(badge=b).values_list("person_id", flat=True))


def test_hours_badge_at_the_threshold_not_below(pair, other_pair, mentor_user):
    ten_hours = badge("First 10 hours", "hours", "10")
    for _ in range(10):
        checkin(pair, minutes=60)  # exactly 10 hours
    for _ in range(9):
        checkin(other_pair, minutes=66)  # 9.9 hours
    checkin(other_pair, minutes=5)  # 9 h 59 min

    assert badges_award_due() == 1
    assert _holders(ten_hours) == {mentor_user.person.pk}

    checkin(other_pair, minutes=1)  # now 10 hours exactly
    assert badges_award_due() == 1
    assert _holders(ten_hours) == {mentor_user.person.pk, other_pair.mentor.person_id}


def test_pairs_completed_badge_at_the_threshold(program, pair, mentor_user):
    two = badge("Two pairs completed", "pairs_completed", "2")
    complete(pair)
    assert badges_award_due() == 0

    mentor = program.enrollments.get(person=mentor_user.person)
    mentee = participant(program, "second-mentee@example.com", "mentee")
    second = start(mentorship_propose(mentor=mentor, mentee=mentee, by=None))
    mentorship_end(mentorship=second, reason="mismatch")  # ended early: does not count
    assert badges_award_due() == 0

    mentee3 = participant(program, "third-mentee@example.com", "mentee")
    third = start(mentorship_propose(mentor=mentor, mentee=mentee3, by=None))
    complete(third)
    assert badges_award_due() == 1
    assert _holders(two) == {mentor_user.person.pk}


def test_average_rating_badge_needs_the_average_and_three_ratings(pair, other_pair, mentor_user):
    trusted = badge("Trusted mentor", "average_rating", "4.5")
    rate(pair, 5, 4)  # 4.5 over two ratings: too few
    rate(other_pair, 5, 4, 4)  # 4.33 over three: too low
    assert badges_award_due() == 0

    rate(pair, 5)  # a third rating: 14 / 3 = 4.67
    assert badges_award_due() == 1
    assert _holders(trusted) == {mentor_user.person.pk}


def test_average_rating_badge_at_exactly_the_threshold(pair, mentor_user):
    trusted = badge("Trusted mentor", "average_rating", "4.5")
    rate(pair, 5, 4, 5, 4)  # 4.5 exactly

    assert badges_award_due() == 1
    assert _holders(trusted) == {mentor_user.person.pk}


def test_trainings_badge_at_the_threshold(pair, mentor_user, mentee_user):
    trained = badge("Trained twice", "trainings_done", "2")
    complete_path(mentor_user.person)
    complete_path(mentee_user.person)
    assert badges_award_due() == 0

    complete_path(mentor_user.person)
    assert badges_award_due() == 1
    assert _holders(trained) == {mentor_user.person.pk}


def test_trainings_badge_counts_only_paths_for_mentors(pair, program, mentor_user):
    trained = badge("Trained twice", "trainings_done", "2")
    complete_path(mentor_user.person, audience="mentee")  # an onboarding for mentees
    complete_path(mentor_user.person, audience="both")
    assert badges_award_due() == 0

    required = complete_path(mentor_user.person, audience="mentee")
    program.mentor_training_path = required.path  # required of mentors all the same
    program.save(update_fields=["mentor_training_path"])
    assert badges_award_due() == 1
    assert _holders(trained) == {mentor_user.person.pk}


def test_running_again_awards_nothing_new_and_tells_once(pair, mentor_user):
    hours = badge("First hour", "hours", "1")
    checkin(pair, minutes=60)

    assert badges_award_due() == 1
    assert badges_award_due() == 0
    checkin(pair, minutes=60)
    assert badges_award_due() == 0

    award = BadgeAward.objects.get(badge=hours)
    assert award.awarded_by is None
    notices = Notification.objects.filter(recipient=mentor_user, kind="recognition")
    assert [n.subject for n in notices] == ["You earned the badge ★ First hour"]


def test_retired_and_manual_badges_are_not_awarded_automatically(pair):
    badge("Old", "hours", "1", is_active=False)
    badge("Mentor of the quarter", "manual")
    checkin(pair, minutes=120)

    assert badges_award_due() == 0


def test_award_only_for_the_people_asked(pair, other_pair, mentor_user):
    hours = badge("First hour", "hours", "1")
    checkin(pair, minutes=60)
    checkin(other_pair, minutes=60)

    assert badges_award_due(people=[mentor_user.person]) == 1
    assert _holders(hours) == {mentor_user.person.pk}


def test_awarded_at_is_the_given_time(pair, mentor_user):
    badge("First hour", "hours", "1")
    checkin(pair, minutes=60)
    when = timezone.now() - timedelta(days=2)

    badges_award_due(now=when)

    assert BadgeAward.objects.get().awarded_at == when


def test_recording_a_held_checkin_awards_after_commit(
    pair, mentor_user, django_capture_on_commit_callbacks
):
    from mentorpath.mentoring.services import checkin_record

    badge("First 45 minutes", "hours", "0.75")
    scheduled = checkin(pair, minutes=None, status="scheduled", days_ago=1)

    with django_capture_on_commit_callbacks(execute=True):
        checkin_record(checkin=scheduled, person=pair.mentee.person, outcome="held")

    assert BadgeAward.objects.filter(person=mentor_user.person).count() == 1


def test_completing_a_pair_awards_after_commit(
    pair, mentor_user, django_capture_on_commit_callbacks
):
    badge("Pair completed", "pairs_completed", "1")

    with django_capture_on_commit_callbacks(execute=True):
        complete(pair)

    assert BadgeAward.objects.filter(person=mentor_user.person).count() == 1


def test_the_sweep_task_awards(pair, mentor_user):
    from mentorpath.recognition.tasks import award_badges

    badge("First hour", "hours", "1")
    checkin(pair, minutes=60)

    assert award_badges() == 1


def test_the_sweep_is_on_the_beat_schedule():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["recognition-badges"]
    assert entry == {"task": "mentorpath.recognition.tasks.award_badges", "schedule": 30 * 60}


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_award_each_badge_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time; the race needs PostgreSQL")
    from tests.factories import ProgramFactory

    program = ProgramFactory()
    pairs = [active_pair(program, f"cm{n}@example.com", f"ce{n}@example.com") for n in range(3)]
    for pair in pairs:
        checkin(pair, minutes=90)
    badge("First hour", "hours", "1")
    badge("Ninety minutes", "hours", "1.5")
    barrier = threading.Barrier(2)
    made: list[int] = []

    def sweep() -> None:
        try:
            barrier.wait(timeout=10)
            made.append(badges_award_due())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sum(made) == 6
    assert BadgeAward.objects.count() == 6
    assert Notification.objects.filter(kind="recognition").count() == 6


# ---- by hand -------------------------------------------------------------------------------


def test_admin_awards_and_revokes_a_manual_badge_with_a_reason(client_for, admin_user, mentor_user):
    quarter = badge("Mentor of the quarter", "manual")
    client = client_for(admin_user)

    response = client.post(
        f"/recognition/badges/{quarter.pk}/award/",
        {"person": mentor_user.person.pk, "reason": "Took on three mentees"},
    )

    assert response.status_code == 302
    award = BadgeAward.objects.get(badge=quarter)
    assert (award.person_id, award.awarded_by_id, award.reason) == (
        mentor_user.person.pk,
        admin_user.pk,
        "Took on three mentees",
    )
    again = client.post(
        f"/recognition/badges/{quarter.pk}/award/",
        {"person": mentor_user.person.pk, "reason": "Again"},
    )
    assert "holds this badge already" in again.content.decode()
    assert BadgeAward.objects.filter(badge=quarter).count() == 1

    no_reason = client.post(f"/recognition/badges/{quarter.pk}/awards/{award.pk}/revoke/", {})
    assert no_reason.status_code == 302
    assert BadgeAward.objects.filter(pk=award.pk).exists()

    client.post(
        f"/recognition/badges/{quarter.pk}/awards/{award.pk}/revoke/", {"reason": "Given in error"}
    )
    assert not BadgeAward.objects.filter(pk=award.pk).exists()
    subjects = list(
        Notification.objects.filter(recipient=mentor_user)
        .order_by("pk")
        .values_list("subject", flat=True)
    )
    assert subjects == [
        "You earned the badge ★ Mentor of the quarter",
        "The badge Mentor of the quarter was taken back",
    ]


def test_an_automatic_badge_cannot_be_awarded_by_hand(client_for, admin_user, mentor_user):
    hours = badge("First hour", "hours", "1")

    response = client_for(admin_user).post(
        f"/recognition/badges/{hours.pk}/award/",
        {"person": mentor_user.person.pk, "reason": "Nice"},
    )

    assert response.context["award_form"].non_field_errors() == [
        "This badge is awarded automatically."
    ]
    assert not BadgeAward.objects.exists()


def test_admin_defines_a_badge_and_it_is_awarded_to_who_meets_it(
    client_for, admin_user, pair, mentor_user, django_capture_on_commit_callbacks
):
    checkin(pair, minutes=60)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_user).post(
            "/recognition/badges/new/",
            {
                "name": "First hour",
                "symbol": "⏱",
                "criterion": "hours",
                "threshold": "1",
                "is_active": "on",
            },
        )

    assert response.status_code == 302
    assert BadgeAward.objects.get().person_id == mentor_user.person.pk


@pytest.mark.parametrize(
    ("criterion", "threshold", "field", "message"),
    [
        ("hours", "", "threshold", "An automatic badge needs a threshold above 0."),
        ("hours", "0", "threshold", "An automatic badge needs a threshold above 0."),
        ("manual", "3", "threshold", "A badge awarded by hand has no threshold."),
    ],
)
def test_badge_form_errors_next_to_the_field(
    client_for, admin_user, criterion, threshold, field, message
):
    response = client_for(admin_user).post(
        "/recognition/badges/new/",
        {"name": "Typed name", "symbol": "★", "criterion": criterion, "threshold": threshold},
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert 'value="Typed name"' in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["manager_user", "mentor_user", "mentee_user", "executive_user", "outsider_user"]
)
def test_only_admins_manage_badges(request, client_for, persona):
    quarter = badge("Mentor of the quarter", "manual")
    client = client_for(request.getfixturevalue(persona))

    assert client.get("/recognition/badges/").status_code == 403
    assert client.get("/recognition/badges/new/").status_code == 403
    assert client.get(f"/recognition/badges/{quarter.pk}/").status_code == 403
    person = request.getfixturevalue(persona).person
    response = client.post(
        f"/recognition/badges/{quarter.pk}/award/", {"person": person.pk, "reason": "Me"}
    )
    assert response.status_code == 403
    assert not BadgeAward.objects.exists()


def test_admin_sees_the_badges_and_holders(client_for, admin_user, pair, mentor_user):
    hours = badge("First hour", "hours", "1")
    checkin(pair, minutes=60)
    badges_award_due()
    client = client_for(admin_user)

    listing = client.get("/recognition/badges/").content.decode()
    page = client.get(f"/recognition/badges/{hours.pk}/").content.decode()

    assert "First hour" in listing and "Mentor hours at least" in listing
    assert mentor_user.person.full_name in page and "Automatically" in page


def test_badges_are_registered_in_the_django_admin(client_for, admin_user):
    assert client_for(admin_user).get("/admin/recognition/badge/").status_code == 200


def test_kudos_badge_is_awarded_when_the_kudos_that_earns_it_is_sent(
    pair, mentor_user, mentee_user, django_capture_on_commit_callbacks
):
    thanked = badge("Thanked twice", "kudos_received", "2")
    with django_capture_on_commit_callbacks(execute=True):
        kudos_send(mentorship=pair, author=mentee_user.person, message="Thank you!")
    assert _holders(thanked) == set()
    make_room_for_kudos(pair)

    with django_capture_on_commit_callbacks(execute=True):
        kudos_send(mentorship=pair, author=mentee_user.person, message="And again.")
    assert _holders(thanked) == {mentor_user.person.pk}
    assert badges_award_due() == 0


def test_completing_a_path_awards_the_trainings_badge_at_once(
    mentor_user, django_capture_on_commit_callbacks
):
    trained = badge("Trained", "trainings_done", "1")
    path = LearningPath.objects.create(title="Mentor essentials", slug="mentor-essentials")
    step = PathStep.objects.create(path=path, kind="activity", title="Read the guide")
    with django_capture_on_commit_callbacks(execute=True):
        step_mark(person=mentor_user.person, step=step, done=True)
    assert _holders(trained) == {mentor_user.person.pk}


def test_the_rating_that_lifts_a_mentor_over_the_threshold_awards_at_once_and_once(
    pair, mentor_user, django_capture_on_commit_callbacks
):
    from mentorpath.feedback.services import pulse_record

    trusted = badge("Trusted mentor", "average_rating", "4.5")
    rate(pair, 5, 4)  # 4.5, but only two ratings: not yet
    third, fourth = checkin(pair, minutes=30), checkin(pair, minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        pulse_record(checkin=third, person=pair.mentor.person, rating=5)  # the mentor's own
    assert _holders(trusted) == set()

    with django_capture_on_commit_callbacks(execute=True):
        pulse_record(checkin=third, person=pair.mentee.person, rating=5)  # 14 / 3 = 4.67
    assert _holders(trusted) == {mentor_user.person.pk}

    with django_capture_on_commit_callbacks(execute=True):
        pulse_record(checkin=fourth, person=pair.mentee.person, rating=5)
    assert BadgeAward.objects.filter(badge=trusted).count() == 1
    assert Notification.objects.filter(recipient=mentor_user, kind="recognition").count() == 1


@pytest.mark.parametrize(
    "persona", ["manager_user", "mentor_user", "mentee_user", "executive_user", "outsider_user"]
)
def test_only_admins_take_a_badge_back(request, client_for, admin_user, persona):
    quarter = badge("Mentor of the quarter", "manual")
    holder = request.getfixturevalue(persona).person
    award = badge_award(badge=quarter, person=holder, by=admin_user, reason="Great quarter")
    client = client_for(request.getfixturevalue(persona))

    response = client.post(
        f"/recognition/badges/{quarter.pk}/awards/{award.pk}/revoke/", {"reason": "Mine"}
    )

    assert response.status_code == 403
    assert BadgeAward.objects.filter(pk=award.pk).exists()
