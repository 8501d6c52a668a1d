"""Wilson intervals against published values, and direct standardization on strata computed by
hand (weights, variances, the difference's interval)."""

import math

import pytest

from mentorpath.analytics.stats import Z95, Standardized, Stratum, standardize, wilson

# --- wilson ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I,
        # method 3 (score interval without continuity correction).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        # The textbook 8 out of 10.
        (8, 10, 0.4902, 0.9433),
    ],
)
def test_wilson_matches_published_intervals(successes, n, low, high):
    interval = wilson(successes, n)

    assert interval == (pytest.approx(low, abs=5e-5), pytest.approx(high, abs=5e-5))


def test_wilson_is_the_score_formula():
    # 3 of 7 at z = 1.96, written out: (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n).
    p, n, z = 3 / 7, 7, 1.96
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)

    assert wilson(3, 7, z=1.96) == (pytest.approx(centre - half), pytest.approx(centre + half))


def test_wilson_default_z_is_the_95_percent_quantile():
    assert pytest.approx(1.959963984540054) == Z95
    assert wilson(8, 10) != wilson(8, 10, z=1.96)
    assert wilson(8, 10) == pytest.approx(wilson(8, 10, z=Z95))


@pytest.mark.parametrize("n", [0, -1])
def test_wilson_of_no_one_is_none(n):
    assert wilson(0, n) is None


@pytest.mark.parametrize("n", [1, 3, 5, 10, 1000])
def test_wilson_of_none_of_n_starts_at_zero(n):
    low, high = wilson(0, n)

    assert low == 0.0
    # Upper limit of 0/n: z² / (n + z²).
    assert high == pytest.approx(Z95**2 / (n + Z95**2))


@pytest.mark.parametrize("n", [1, 3, 5, 10, 1000])
def test_wilson_of_all_of_n_ends_at_one(n):
    low, high = wilson(n, n)

    assert high == 1.0
    assert low == pytest.approx(n / (n + Z95**2))


def test_wilson_stays_inside_zero_one_and_contains_the_rate():
    for n in range(1, 30):
        for successes in range(n + 1):
            low, high = wilson(successes, n)
            assert 0.0 <= low <= successes / n <= high <= 1.0


# --- standardize ----------------------------------------------------------------------------


def test_standardize_weights_the_comparison_rates_by_the_participants_mix():
    strata = [
        # 6 participants (4 successes) against 10 comparison people (5 successes)
        Stratum(6, 4, 10, 5),
        # 2 participants (2 successes) against 4 comparison people (1 success)
        Stratum(2, 2, 4, 1),
    ]

    result = standardize(strata)

    # weights 6/8 and 2/8; comparison rates 0.5 and 0.25
    comparison_rate = 0.75 * 0.5 + 0.25 * 0.25  # 0.4375
    comparison_var = 0.75**2 * 0.5 * 0.5 / 10 + 0.25**2 * 0.25 * 0.75 / 4  # 0.016992…
    participant_rate = 6 / 8
    participant_var = 0.75 * 0.25 / 8
    difference = participant_rate - comparison_rate  # 0.3125
    assert result.matched == 8
    assert result.comparison_people == 14
    assert result.participant_rate == pytest.approx(0.75)
    assert result.comparison_rate == pytest.approx(0.4375)
    assert comparison_var == pytest.approx(0.016992188)
    assert result.comparison_low == pytest.approx(0.4375 - Z95 * math.sqrt(comparison_var))
    assert result.comparison_high == pytest.approx(0.4375 + Z95 * math.sqrt(comparison_var))
    assert result.comparison_low == pytest.approx(0.18201, abs=1e-5)
    assert result.comparison_high == pytest.approx(0.69299, abs=1e-5)
    assert result.difference == pytest.approx(0.3125)
    half = Z95 * math.sqrt(participant_var + comparison_var)
    assert result.difference_low == pytest.approx(difference - half)
    assert result.difference_high == pytest.approx(difference + half)
    assert result.difference_low == pytest.approx(-0.08159, abs=1e-5)
    assert result.difference_high == pytest.approx(0.70659, abs=1e-5)


def test_standardize_leaves_out_strata_without_comparison_people():
    with_orphan = standardize(
        [Stratum(6, 4, 10, 5), Stratum(2, 2, 4, 1), Stratum(5, 0, 0, 0), Stratum(0, 0, 9, 9)]
    )
    without = standardize([Stratum(6, 4, 10, 5), Stratum(2, 2, 4, 1)])

    # the 5 participants without comparison and the 9 comparison people without participants
    # enter neither side
    assert with_orphan == without
    assert with_orphan.matched == 8
    assert with_orphan.comparison_people == 14
    assert with_orphan.participant_rate == pytest.approx(0.75)


def test_standardize_of_one_stratum_is_the_plain_comparison():
    result = standardize([Stratum(4, 3, 20, 10)])

    assert result.matched == 4
    assert result.comparison_rate == pytest.approx(0.5)
    half = Z95 * math.sqrt(0.25 / 20)
    assert (result.comparison_low, result.comparison_high) == (
        pytest.approx(0.5 - half),
        pytest.approx(0.5 + half),
    )
    assert result.difference == pytest.approx(0.25)
    half = Z95 * math.sqrt(0.75 * 0.25 / 4 + 0.25 / 20)
    assert (result.difference_low, result.difference_high) == (
        pytest.approx(0.25 - half),
        pytest.approx(0.25 + half),
    )


def test_standardize_clamps_the_comparison_interval_to_zero_one():
    result = standardize([Stratum(3, 3, 2, 2), Stratum(1, 0, 3, 0)])

    # rates 1 and 0 have no variance: the interval is the point
    assert result.comparison_rate == pytest.approx(0.75)
    assert result.comparison_low == pytest.approx(0.75)
    assert result.comparison_high == pytest.approx(0.75)
    low_only = standardize([Stratum(10, 9, 2, 1)])
    assert low_only.comparison_low == pytest.approx(max(0.0, 0.5 - Z95 * math.sqrt(0.25 / 2)))
    assert low_only.comparison_low == 0.0
    assert low_only.comparison_high == 1.0


def test_standardize_without_matched_participants_is_empty():
    empty = Standardized(0, 0, None, None, None, None, None, None, None)

    assert standardize([]) == empty
    assert standardize([Stratum(5, 2, 0, 0)]) == empty
    assert standardize([Stratum(0, 0, 5, 2)]) == empty


def test_standardize_takes_any_iterable():
    strata = (s for s in [Stratum(6, 4, 10, 5), Stratum(2, 2, 4, 1)])

    assert standardize(strata).matched == 8
