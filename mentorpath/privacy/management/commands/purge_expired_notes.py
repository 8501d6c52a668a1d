from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from mentorpath.privacy.services import notes_purge_expired


class Command(BaseCommand):
    help = "Delete the notes of programs closed more than NOTES_RETENTION_DAYS days ago."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = notes_purge_expired()
        days = settings.NOTES_RETENTION_DAYS
        if days <= 0:
            self.stdout.write("NOTES_RETENTION_DAYS is 0: notes are kept forever.")
            return
        self.stdout.write(f"Deleted {deleted} note(s) of programs closed over {days} days ago.")
