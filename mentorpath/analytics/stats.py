"""Small, exact statistics for honest KPIs: proportions with intervals and a standardized
comparison. Pure Python; no Django."""

import math
from collections.abc import Iterable
from dataclasses import dataclass

Z95 = 1.959963984540054


def wilson(successes: int, n: int, *, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion, which stays inside [0, 1] and behaves for
    small groups and rates near 0 or 1 (unlike the normal approximation)."""
    if n <= 0:
        return None
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # Exactly 0 for 0/n and 1 for n/n, where rounding would leave 5e-17 or 0.9999999999999999.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class Stratum:
    """One cell of department × level × tenure band: participants and comparison people."""

    participants: int
    participant_successes: int
    comparison: int
    comparison_successes: int


@dataclass(frozen=True)
class Standardized:
    matched: int  # participants in strata that have comparison people
    comparison_people: int
    participant_rate: float | None  # of matched participants
    comparison_rate: float | None  # weighted to the participants' mix of strata
    comparison_low: float | None
    comparison_high: float | None
    difference: float | None
    difference_low: float | None
    difference_high: float | None


def standardize(strata: Iterable[Stratum], *, z: float = Z95) -> Standardized:
    """Direct standardization: the comparison group's rate in each stratum, weighted by how
    many participants that stratum holds. Strata without comparison people are left out of
    both sides. Variances: binomial per stratum, weighted; the difference's interval is the
    normal approximation of two independent estimates."""
    cells = [s for s in strata if s.participants > 0 and s.comparison > 0]
    matched = sum(s.participants for s in cells)
    if matched == 0:
        return Standardized(0, 0, None, None, None, None, None, None, None)
    comparison_rate = 0.0
    comparison_var = 0.0
    for s in cells:
        weight = s.participants / matched
        rate = s.comparison_successes / s.comparison
        comparison_rate += weight * rate
        comparison_var += weight * weight * rate * (1 - rate) / s.comparison
    participant_rate = sum(s.participant_successes for s in cells) / matched
    participant_var = participant_rate * (1 - participant_rate) / matched
    comparison_half = z * math.sqrt(comparison_var)
    difference = participant_rate - comparison_rate
    difference_half = z * math.sqrt(participant_var + comparison_var)
    return Standardized(
        matched=matched,
        comparison_people=sum(s.comparison for s in cells),
        participant_rate=participant_rate,
        comparison_rate=comparison_rate,
        comparison_low=max(0.0, comparison_rate - comparison_half),
        comparison_high=min(1.0, comparison_rate + comparison_half),
        difference=difference,
        difference_low=difference - difference_half,
        difference_high=difference + difference_half,
    )
