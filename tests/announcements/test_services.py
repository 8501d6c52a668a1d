"""Writing, publishing, withdrawing and sending announcements: each person of the audience is
notified exactly once; drafts, scheduled and expired announcements are never sent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.announcements import services
from mentorpath.announcements.models import Announcement
from mentorpath.announcements.queries import announcement_state, audience_users
from mentorpath.announcements.sending import announcement_send
from mentorpath.announcements.tasks import send_due_announcements
from mentorpath.core.exceptions import ApplicationError
from mentorpath.notifications.models import Notification
from tests.announcements.conftest import ago, ahead, make
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

PROGRAM_AUDIENCE = {"manager@example.com", "mentor@example.com", "mentee@example.com"}
EVERYONE = PROGRAM_AUDIENCE | {
    "admin@example.com",
    "exec@example.com",
    "outsider@example.com",
}


def recipients(announcement: Announcement) -> list[str]:
    """The emails of the people notified of `announcement`, one entry per notification."""
    return sorted(
        Notification.objects.filter(key=f"announcement:{announcement.pk}").values_list(
            "recipient__email", flat=True
        )
    )


@pytest.fixture
def bystanders(program):
    """People who are not in the program's audience: a pending applicant, a withdrawn one, an
    inactive participant and a login without an employee record."""
    EnrollmentFactory(program=program, person=PersonFactory(user=UserFactory()), status="pending")
    EnrollmentFactory(program=program, person=PersonFactory(user=UserFactory()), status="withdrawn")
    inactive = UserFactory(is_active=False)
    EnrollmentFactory(program=program, person=PersonFactory(user=inactive), status="approved")
    return UserFactory(email="noperson@example.com")


def test_announcement_publish_now_notifies_each_participant_and_manager_once(
    program,
    manager_user,
    admin_user,
    executive_user,
    outsider_user,
    bystanders,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        announcement = services.announcement_create(
            by=manager_user,
            program=program,
            title="Kick-off",
            body="Monday 10:00.",
            publish=True,
        )

    assert recipients(announcement) == sorted(PROGRAM_AUDIENCE)
    announcement.refresh_from_db()
    assert announcement.emailed_at is not None
    notice = Notification.objects.get(
        key=f"announcement:{announcement.pk}", recipient__email="mentee@example.com"
    )
    assert (notice.kind, notice.subject, notice.url) == (
        "announcement",
        "Career Compass: Kick-off",
        f"/announcements/{announcement.pk}/",
    )
    assert notice.body.startswith("Monday 10:00.\n\n— ")
    assert notice.body.endswith("(Sent to the participants of Career Compass.)")


def test_announcement_org_wide_notifies_every_active_user_with_a_person_once(
    program,
    admin_user,
    executive_user,
    outsider_user,
    bystanders,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        announcement = services.announcement_create(
            by=admin_user, program=None, title="Mentoring week", body="Talks.", publish=True
        )

    # The pending and withdrawn applicants have a person and an active login: they are in.
    pending_and_withdrawn = sorted(
        User.objects.filter(person__enrollments__status__in=["pending", "withdrawn"]).values_list(
            "email", flat=True
        )
    )
    assert recipients(announcement) == sorted(EVERYONE | set(pending_and_withdrawn))
    assert "noperson@example.com" not in recipients(announcement)


def test_announcement_send_run_again_and_by_the_sweep_notifies_nobody_twice(
    program, manager_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        announcement = services.announcement_create(
            by=manager_user, program=program, title="T", body="B", publish=True
        )
    Announcement.objects.filter(pk=announcement.pk).update(emailed_at=None)  # as if lost

    again = announcement_send(announcement_id=announcement.pk)
    swept = send_due_announcements()

    assert (again.notified, again.complete, swept) == (0, True, 0)
    assert recipients(announcement) == sorted(PROGRAM_AUDIENCE)


def test_announcement_send_in_batches_reaches_everyone(program, manager_user):
    for _ in range(4):
        EnrollmentFactory(
            program=program, person=PersonFactory(user=UserFactory()), status="approved"
        )
    announcement = make(program, author=manager_user, published_at=ago(minutes=1))

    report = announcement_send(announcement_id=announcement.pk, batch_size=2)

    assert (report.notified, report.complete) == (7, True)
    assert len(set(recipients(announcement))) == 7
    announcement.refresh_from_db()
    assert announcement.emailed_at is not None


def test_announcement_withdrawn_and_published_again_reaches_only_newcomers(
    program, manager_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        announcement = services.announcement_create(
            by=manager_user, program=program, title="T", body="B", publish=True
        )
    services.announcement_withdraw(announcement=announcement)
    newcomer = EnrollmentFactory(
        program=program,
        person=PersonFactory(user=UserFactory(email="new@example.com")),
        status="approved",
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_publish(announcement=announcement)

    assert recipients(announcement) == sorted(PROGRAM_AUDIENCE | {newcomer.person.user.email})


def test_announcement_draft_is_never_sent(draft, django_capture_on_commit_callbacks):
    report = announcement_send(announcement_id=draft.pk)

    assert (report.notified, report.complete, send_due_announcements()) == (0, False, 0)
    assert recipients(draft) == []


def test_announcement_expired_before_sending_is_never_sent(program, manager_user):
    expired = make(program, published_at=ago(days=3), expires_at=ago(days=1))

    assert send_due_announcements() == 0
    assert announcement_send(announcement_id=expired.pk).notified == 0
    assert recipients(expired) == []


def test_announcement_scheduled_is_sent_by_the_sweep_once_due(
    program, manager_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        announcement = services.announcement_create(
            by=manager_user,
            program=program,
            title="T",
            body="B",
            publish=True,
            publish_at=ahead(hours=2),
        )
    assert announcement_state(announcement) == "scheduled"
    assert (send_due_announcements(), recipients(announcement)) == (0, [])

    Announcement.objects.filter(pk=announcement.pk).update(published_at=ago(minutes=1))

    assert send_due_announcements() == 1
    assert send_due_announcements() == 0
    assert recipients(announcement) == sorted(PROGRAM_AUDIENCE)


def test_announcement_audience_of_program_is_participants_and_managers(program, bystanders):
    announcement = make(program)

    emails = set(audience_users(announcement=announcement).values_list("email", flat=True))

    assert emails == PROGRAM_AUDIENCE


def test_announcement_create_keeps_a_draft_and_cleans_the_title(program, manager_user):
    announcement = services.announcement_create(
        by=manager_user, program=program, title="  Kick   off ", body=" Text \n"
    )

    assert (announcement.title, announcement.body, announcement.published_at) == (
        "Kick off",
        "Text",
        None,
    )
    assert announcement_state(announcement) == "draft"


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"title": " ", "body": "B"}, {"title": ["An announcement needs a title."]}),
        ({"title": "T", "body": ""}, {"body": ["An announcement needs a text."]}),
    ],
)
def test_announcement_create_refuses_empty_text(program, manager_user, fields, errors):
    with pytest.raises(ApplicationError) as refused:
        services.announcement_create(by=manager_user, program=program, **fields)

    assert refused.value.message_dict == errors
    assert Announcement.objects.count() == 0


def test_announcement_publish_refuses_a_past_schedule_and_an_expiry_before_it(
    program, manager_user, draft
):
    with pytest.raises(ApplicationError) as past:
        services.announcement_publish(announcement=draft, at=ago(minutes=5))
    draft.expires_at = ahead(hours=1)
    draft.save()
    with pytest.raises(ApplicationError) as after_expiry:
        services.announcement_publish(announcement=draft, at=ahead(hours=2))

    assert past.value.message_dict == {
        "publish_at": ["Choose a time in the future, or publish now."]
    }
    assert list(after_expiry.value.message_dict) == ["expires_at"]
    draft.refresh_from_db()
    assert draft.published_at is None


def test_announcement_publish_twice_is_a_conflict(program_news):
    with pytest.raises(ApplicationError) as refused:
        services.announcement_publish(announcement=program_news)

    assert (refused.value.code, refused.value.messages) == (
        "conflict",
        ["This announcement is already published."],
    )


def test_announcement_scheduled_can_be_rescheduled(draft):
    services.announcement_publish(announcement=draft, at=ahead(days=1))
    later = ahead(days=2)

    services.announcement_publish(announcement=draft, at=later)

    draft.refresh_from_db()
    assert draft.published_at == later


def test_announcement_withdraw_makes_a_draft_and_delete_needs_one(program_news):
    with pytest.raises(ApplicationError):
        services.announcement_delete(announcement=program_news)

    services.announcement_withdraw(announcement=program_news)
    services.announcement_delete(announcement=program_news)

    assert not Announcement.objects.filter(pk=program_news.pk).exists()


def test_announcement_withdraw_of_a_draft_is_a_conflict(draft):
    with pytest.raises(ApplicationError) as refused:
        services.announcement_withdraw(announcement=draft)

    assert refused.value.code == "conflict"


def test_announcement_update_changes_text_and_expiry(program_news):
    expires = timezone.now() + timedelta(days=7)

    services.announcement_update(
        announcement=program_news, title="New title", body="New body", expires_at=expires
    )

    program_news.refresh_from_db()
    assert (program_news.title, program_news.body, program_news.expires_at) == (
        "New title",
        "New body",
        expires,
    )


def test_announcement_update_refuses_expiry_before_publishing(program_news):
    with pytest.raises(ApplicationError) as refused:
        services.announcement_update(
            announcement=program_news, title="T", body="B", expires_at=ago(days=5)
        )

    assert list(refused.value.message_dict) == ["expires_at"]


def test_announcements_sweep_is_registered_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["announcements-sweep"]

    assert entry == {
        "task": "mentorpath.announcements.tasks.send_due_announcements",
        "schedule": 300,
    }


def test_announcement_of_another_program_does_not_reach_this_programs_people(program):
    other = ProgramFactory(name="Other", slug="other")
    announcement = make(other, published_at=ago(minutes=1))

    assert announcement_send(announcement_id=announcement.pk).notified == 0
