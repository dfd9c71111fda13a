"""Paired differences and differences of proportions, against values worked out by hand and
the published example of Newcombe (1998)."""
from __future__ import annotations

import math

import pytest

from game.sweep.stats import newcombe, paired, t_quantile


def test_paired_difference_by_hand():
    # differences 1, 2, 0, 3: mean 1.5; squared deviations 0.25 + 0.25 + 2.25 + 2.25 = 5,
    # sd = sqrt(5/3) = 1.290994; t(0.975, 3) = 3.182446 (tables);
    # half width = 3.182446 * 1.290994 / 2 = 2.054260
    d = paired([1, 2, 3, 4], [2, 4, 3, 7])
    assert d.diff == pytest.approx(1.5)
    assert d.lo == pytest.approx(1.5 - 2.054260, abs=1e-5)
    assert d.hi == pytest.approx(1.5 + 2.054260, abs=1e-5)
    assert d.df == 3 and d.n_a == d.n_b == 4 and not d.clear
    assert t_quantile(0.975, 3) == pytest.approx(3.182446, abs=1e-6)


def test_paired_uses_the_pairs_not_the_two_samples():
    # the same shift on very different values: the Welch interval would be wide, the paired
    # one is a point
    a = [0.0, 50.0, 100.0]
    d = paired(a, [x + 2 for x in a])
    assert (d.diff, d.lo, d.hi) == (2.0, 2.0, 2.0) and d.clear


def test_paired_refuses_unequal_or_tiny_samples():
    with pytest.raises(ValueError, match="different sizes"):
        paired([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="at least two"):
        paired([1], [2])


def test_newcombe_matches_the_published_example():
    # Newcombe (1998), Statistics in Medicine 17:873, table II, example (a): 56/70 vs 48/80,
    # method 10 (hybrid score): 0.0524 to 0.3339
    d = newcombe(48, 80, 56, 70)
    assert d.diff == pytest.approx(0.2)
    assert d.lo == pytest.approx(0.0524, abs=1e-4) and d.hi == pytest.approx(0.3339, abs=1e-4)
    assert d.clear


def test_newcombe_at_zero_is_not_degenerate():
    # table II example (h) 0/10 vs 0/20: -0.1611 to 0.2775 for p1 - p2; here B - A with
    # A = 0/10, so the signs swap
    d = newcombe(0, 10, 0, 20)
    assert d.diff == 0.0 and not d.clear
    assert d.lo == pytest.approx(-0.2775, abs=1e-4) and d.hi == pytest.approx(0.1611, abs=1e-4)


def test_newcombe_stays_within_minus_one_and_one():
    d = newcombe(0, 5, 5, 5)
    assert d.diff == 1.0 and -1.0 <= d.lo <= d.hi <= 1.0
    assert math.isclose(d.to_dict()["diff"], 1.0) and d.to_dict()["clear"] is True
