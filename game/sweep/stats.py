"""Small, dependency-free statistics for sweeps (checked against hand-computed values).

Conventions (also written into summary.json):

* standard deviation: sample sd, divisor n - 1;
* 95% confidence interval of a mean: Student t, ``mean ± t(0.975, n-1) · sd / √n``;
* percentiles: linear interpolation between order statistics (numpy's default, "type 7");
* probability of war: the share of games ending in war, with a 95% Wilson score interval
  (sensible at 0 and 1, where the normal interval collapses);
* difference of means: B − A with a Welch 95% interval (unequal variances,
  Welch–Satterthwaite degrees of freedom); "clear" when the interval excludes 0;
* paired difference of means (the same seeds played twice, one thing changed): the mean of
  the per-seed differences B − A with a Student t interval on them (n − 1 degrees of freedom);
* difference of two proportions (war rates, story-check rates): pB − pA with Newcombe's
  hybrid score interval (his method 10: the two Wilson intervals combined), sensible at 0
  and 1 and for small samples.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from functools import lru_cache
from statistics import NormalDist
from typing import Sequence

LEVEL = 0.95


def mean(xs: Sequence[float]) -> float:
    if not xs:
        raise ValueError("mean of no values")
    return math.fsum(xs) / len(xs)


def variance(xs: Sequence[float]) -> float:
    """Sample variance (divisor n - 1); needs two or more values."""
    n = len(xs)
    if n < 2:
        raise ValueError("variance needs at least two values")
    m = mean(xs)
    return math.fsum((x - m) ** 2 for x in xs) / (n - 1)


def sd(xs: Sequence[float]) -> float:
    return math.sqrt(variance(xs))


def percentile(xs: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), linear interpolation between sorted values."""
    if not xs:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} outside 0..100")
    s = sorted(xs)
    h = (len(s) - 1) * q / 100.0
    lo = math.floor(h)
    if lo + 1 >= len(s):
        return float(s[-1])
    return s[lo] + (h - lo) * (s[lo + 1] - s[lo])


# ------------------------------------------------------------------ Student t
def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction for the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                   -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + aa / c
            c = c if abs(c) > tiny else tiny
            step = d * c
            h *= step
        if abs(step - 1.0) < 1e-15:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    lbt = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
           + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(lbt) * _betacf(a, b, x) / a
    return 1.0 - math.exp(lbt) * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` (> 0, may be fractional) degrees of freedom."""
    tail = 0.5 * betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


@lru_cache(maxsize=4096)
def t_quantile(p: float, df: float) -> float:
    """The p-quantile of Student's t (bisection on :func:`t_cdf`; normal for df > 1e7)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must be in (0, 1)")
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    if p == 0.5:
        return 0.0
    if df > 1e7 or math.isinf(df):
        return NormalDist().inv_cdf(p)
    lo, hi = 0.0, 2.0
    while t_cdf(hi, df) < p:
        lo, hi = hi, hi * 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12 * max(1.0, hi):
            break
    return 0.5 * (lo + hi)


# ------------------------------------------------------------------ summaries
def mean_ci(xs: Sequence[float], level: float = LEVEL) -> tuple[float, float] | None:
    """Student t interval of the mean; None for fewer than two values."""
    n = len(xs)
    if n < 2:
        return None
    m = mean(xs)
    half = t_quantile(0.5 + level / 2.0, n - 1) * sd(xs) / math.sqrt(n)
    return m - half, m + half


def wilson(k: int, n: int, level: float = LEVEL) -> tuple[float, float]:
    """Wilson score interval for a proportion k/n."""
    if n <= 0:
        raise ValueError("a proportion of no trials")
    z = NormalDist().inv_cdf(0.5 + level / 2.0)
    p = k / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if k == 0 else max(0.0, centre - half)
    hi = 1.0 if k == n else min(1.0, centre + half)
    return lo, hi


def describe(xs: Sequence[float], digits: int = 6) -> dict:
    """n, mean, sd, 95% CI, p10/p50/p90, min, max (None where n is too small)."""
    def r(v: float | None) -> float | None:
        return None if v is None else round(v, digits)
    ci = mean_ci(xs)
    return {
        "n": len(xs), "mean": r(mean(xs)), "sd": r(sd(xs)) if len(xs) > 1 else None,
        "ci95": [r(ci[0]), r(ci[1])] if ci else None,
        "p10": r(percentile(xs, 10)), "p50": r(percentile(xs, 50)),
        "p90": r(percentile(xs, 90)), "min": r(min(xs)), "max": r(max(xs)),
    }


@dataclass(frozen=True)
class Difference:
    """B − A: means, their difference and its Welch interval."""

    mean_a: float
    mean_b: float
    diff: float
    lo: float
    hi: float
    df: float
    n_a: int
    n_b: int

    @property
    def clear(self) -> bool:
        """The interval excludes 0."""
        return self.lo > 0.0 or self.hi < 0.0

    def to_dict(self, digits: int = 6) -> dict:
        d = {k: (round(v, digits) if isinstance(v, float) and math.isfinite(v) else v)
             for k, v in asdict(self).items()}
        if not math.isfinite(self.df):
            d["df"] = None
        d["clear"] = self.clear
        return d


def welch(a: Sequence[float], b: Sequence[float], level: float = LEVEL) -> Difference:
    """Difference of means B − A with a Welch t interval; each sample needs n >= 2."""
    na, nb = len(a), len(b)
    if na < 2 or nb < 2:
        raise ValueError("a difference of means needs at least two games on each side")
    ma, mb = mean(a), mean(b)
    va, vb = variance(a) / na, variance(b) / nb
    d = mb - ma
    se2 = va + vb
    if se2 == 0.0:
        return Difference(ma, mb, d, d, d, math.inf, na, nb)
    df = se2 * se2 / (va * va / (na - 1) + vb * vb / (nb - 1))
    half = t_quantile(0.5 + level / 2.0, df) * math.sqrt(se2)
    return Difference(ma, mb, d, d - half, d + half, df, na, nb)


def paired(a: Sequence[float], b: Sequence[float], level: float = LEVEL) -> Difference:
    """Mean of the paired differences ``b[i] - a[i]`` (the same seeds, one thing changed)
    with a Student t interval on them; needs two or more pairs of equal-length samples."""
    n = len(a)
    if n != len(b):
        raise ValueError(f"paired samples of different sizes ({n} and {len(b)})")
    if n < 2:
        raise ValueError("a paired difference needs at least two pairs")
    ds = [y - x for x, y in zip(a, b)]
    d = mean(ds)
    s = sd(ds)
    if s == 0.0:
        return Difference(mean(a), mean(b), d, d, d, float(n - 1), n, n)
    half = t_quantile(0.5 + level / 2.0, n - 1) * s / math.sqrt(n)
    return Difference(mean(a), mean(b), d, d - half, d + half, float(n - 1), n, n)


@dataclass(frozen=True)
class ProportionDifference:
    """pB − pA of two proportions (kA of nA, kB of nB) with Newcombe's interval."""

    k_a: int
    n_a: int
    k_b: int
    n_b: int
    p_a: float
    p_b: float
    diff: float
    lo: float
    hi: float

    @property
    def clear(self) -> bool:
        """The interval excludes 0."""
        return self.lo > 0.0 or self.hi < 0.0

    def to_dict(self, digits: int = 6) -> dict:
        d = {k: (round(v, digits) if isinstance(v, float) else v)
             for k, v in asdict(self).items()}
        d["clear"] = self.clear
        return d


def newcombe(k_a: int, n_a: int, k_b: int, n_b: int,
             level: float = LEVEL) -> ProportionDifference:
    """pB − pA with Newcombe's hybrid score interval (1998, method 10): with Wilson
    intervals (lA, uA) and (lB, uB), ``diff − √((pB − lB)² + (uA − pA)²)`` to
    ``diff + √((uB − pB)² + (pA − lA)²)``."""
    la, ua = wilson(k_a, n_a, level)
    lb, ub = wilson(k_b, n_b, level)
    pa, pb = k_a / n_a, k_b / n_b
    d = pb - pa
    lo = d - math.sqrt((pb - lb) ** 2 + (ua - pa) ** 2)
    hi = d + math.sqrt((ub - pb) ** 2 + (pa - la) ** 2)
    return ProportionDifference(k_a, n_a, k_b, n_b, pa, pb, d, max(-1.0, lo), min(1.0, hi))
