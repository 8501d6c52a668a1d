import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from mentorpath.programs.services import enrollment_approve, enrollment_decline
from mentorpath.programs.tasks import send_enrollment_decision
from tests.factories import EnrollmentFactory


def test_approval_emails_the_participant_once_after_commit(
    program, manager_user, outsider_user, django_capture_on_commit_callbacks
):
    enrollment = EnrollmentFactory(program=program, person=outsider_user.person)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enrollment_approve(enrollment=enrollment, by=manager_user, note="Welcome aboard")

    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [outsider_user.person.email]
    assert message.subject == "Career Compass: your enrollment was approved"
    assert "Note from the program team: Welcome aboard" in message.body


def test_decision_email_is_not_sent_twice_when_the_task_runs_again(
    program, manager_user, outsider_user, django_capture_on_commit_callbacks
):
    enrollment = EnrollmentFactory(program=program, person=outsider_user.person)
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_decline(enrollment=enrollment, by=manager_user)

    assert send_enrollment_decision(enrollment_id=enrollment.pk) is False
    assert len(mail.outbox) == 1
    assert "declined" in mail.outbox[0].subject


def test_decision_email_for_a_deleted_enrollment_does_nothing(db):
    assert send_enrollment_decision(enrollment_id=987654) is False
    assert mail.outbox == []


def test_nothing_is_queued_when_the_decision_is_refused(
    program, manager_user, mentee_user, django_capture_on_commit_callbacks
):
    approved = program.enrollments.get(person=mentee_user.person)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        enrollment_approve(enrollment=approved, by=manager_user)
    assert callbacks == []
    assert mail.outbox == []
