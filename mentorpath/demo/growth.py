"""The demo's learning, recognition, succession and announcements, written after the people,
programs, pairs and feedback exist (they build on those rows).

Each area has its own module with a `write(context)` function; they run in the order of
`AREAS`, each drawing from its own random stream so that one area's changes never reshuffle
another's data.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime
from importlib import import_module

from mentorpath.accounts.models import User
from mentorpath.people.models import Skill
from mentorpath.programs.models import Program

AREAS = ("learning", "learning_personal", "recognition", "succession", "announcements")


@dataclass
class GrowthContext:
    seed: int
    today: date
    now: datetime
    users: dict[str, User]  # by demo login key: data.ADMIN, MANAGER, MENTOR, MENTEE, EXECUTIVE
    programs: dict[str, Program]  # by data.ProgramSpec.key, e.g. data.CAREER_COMPASS
    skills: dict[str, Skill]  # by name

    def rng(self, area: str) -> random.Random:
        return random.Random(f"{area}-{self.seed}")


def write_growth(context: GrowthContext) -> None:
    for area in AREAS:
        module = import_module(f"mentorpath.demo.{area}")
        module.write(context)
