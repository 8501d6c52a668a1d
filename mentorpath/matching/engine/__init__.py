"""The matching engine: pure Python + NumPy/SciPy/OR-Tools, no Django, no I/O.

Fed plain arrays and dataclasses; returns dataclasses. See the README's "Matching".

>>> import numpy as np
>>> from mentorpath.matching.engine import solve
>>> solve(np.array([[0.9, 0.1], [0.8, 0.7]]), [1, 1]).mentor_of.tolist()
[0, 1]
"""

from mentorpath.matching.engine.candidates import Candidates, iterate_blocks, top_candidates
from mentorpath.matching.engine.constraints import Constraints
from mentorpath.matching.engine.explain import (
    Explanation,
    Reason,
    explain,
    explain_pairs,
    unmatched_reason,
)
from mentorpath.matching.engine.features import Profile, Side, Vocab, sides_from_profiles
from mentorpath.matching.engine.result import MatchResult, PriceCertificate
from mentorpath.matching.engine.scoring import MatchConfig, Scorer, Weights
from mentorpath.matching.engine.solver import (
    certifies,
    excluded_pairs_ok,
    solve,
    violating_pairs,
)
from mentorpath.matching.engine.stable import stable_match

__all__ = [
    "Candidates",
    "Constraints",
    "Explanation",
    "MatchConfig",
    "MatchResult",
    "PriceCertificate",
    "Profile",
    "Reason",
    "Scorer",
    "Side",
    "Vocab",
    "Weights",
    "certifies",
    "excluded_pairs_ok",
    "explain",
    "explain_pairs",
    "iterate_blocks",
    "sides_from_profiles",
    "solve",
    "stable_match",
    "top_candidates",
    "unmatched_reason",
    "violating_pairs",
]
