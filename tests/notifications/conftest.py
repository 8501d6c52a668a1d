import pytest

from mentorpath.notifications.enums import NotificationKind
from mentorpath.notifications.services import notify


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """send(user, key="...", **fields) -> notify(...) with the queued email delivered."""

    def _send(user, key: str = "k1", **fields):
        values = {
            "kind": NotificationKind.CHECKIN_REMINDER,
            "subject": f"Subject {key}",
            "body": f"Body {key}",
            "url": "/mentorships/4/",
            **fields,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return notify(user=user, key=key, **values)

    return _send
