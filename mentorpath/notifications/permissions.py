"""A notification is its recipient's alone: anyone else gets a 404, as if it did not exist."""

from django.shortcuts import get_object_or_404

from mentorpath.accounts.models import User
from mentorpath.notifications.models import Notification


def get_notification_for(user: User, pk: int) -> Notification:
    return get_object_or_404(Notification.objects.filter(recipient_id=user.pk), pk=pk)
