import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentorpath.demo.seed import MIN_PEOPLE, SeedError, format_summary, has_people, seed_demo


class Command(BaseCommand):
    help = (
        "Seed a realistic, deterministic demo organization: people with two years of job "
        "history, skills, programs (two of them closed), enrollments, mentoring pairs with "
        "months of check-ins, goals and notes, surveys, check-in pulses and skill ratings, and "
        "five demo logins (password mentorpath-demo)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=500, help="How many people (total).")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same organization.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has people (for `make demo`).",
        )
        parser.add_argument(
            "--no-mentorships",
            action="store_true",
            help=(
                "Leave the active program unmatched: enrollments but no pairs yet, and no "
                "closed programs or feedback."
            ),
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Reference date (YYYY-MM-DD) that every date is relative to; default today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["people"] < MIN_PEOPLE:
            raise CommandError(f"--people must be at least {MIN_PEOPLE}.")
        if has_people():
            if options["if_empty"]:
                self.stdout.write("The database already has people; the demo was not seeded.")
                return
            raise CommandError(
                "The database already has people, and the demo only seeds an empty one. Use a "
                "fresh database (for SQLite, delete var/mentorpath.sqlite3 and migrate), or "
                "pass --if-empty to skip seeding when data exists."
            )
        started = time.perf_counter()
        try:
            summary = seed_demo(
                people=options["people"],
                seed=options["seed"],
                today=options["today"],
                mentorships=not options["no_mentorships"],
            )
        except SeedError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(format_summary(summary))
        self.stdout.write(self.style.SUCCESS(f"\nDone in {elapsed:.1f} s."))
