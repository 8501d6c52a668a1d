"""The demo's recognition (see `mentorpath.demo.growth`)."""

from mentorpath.demo.growth import GrowthContext


def write(context: GrowthContext) -> None:
    """Nothing yet."""
