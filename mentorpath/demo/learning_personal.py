"""The demo's learning: assignments, ratings and training done (see `mentorpath.demo.growth`)."""

from mentorpath.demo.growth import GrowthContext


def write(context: GrowthContext) -> None:
    """Nothing yet."""
