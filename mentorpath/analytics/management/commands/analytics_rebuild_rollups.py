import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from mentorpath.analytics.services import rollups_rebuild


class Command(BaseCommand):
    help = (
        "Reinstall the triggers of the dashboards' monthly check-in, pulse and NPS rollups and "
        "cut them again from the raw rows, in the current TIME_ZONE. Needed only after "
        "changing TIME_ZONE (until then dashboards read the raw rows) or to repair a restore "
        "that left the triggers out; they keep the rollups exact on every write. PostgreSQL "
        "only."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if not rollups_rebuild():
            self.stdout.write("This database keeps no rollups (SQLite): nothing to do.")
            return
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Rollups rebuilt in {settings.TIME_ZONE} in {elapsed:.1f} s.")
        )
