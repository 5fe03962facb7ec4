"""How far the tables agree: Kendall's coefficient of concordance W, with its chi-square test."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .ballots import Ballot


@dataclass(frozen=True)
class Agreement:
    """Kendall's W across tables; `kendall_w` and `p_value` are None when W is undefined."""

    kendall_w: float | None
    p_value: float | None
    tables: int
    items: int
    chi_square: float | None
    degrees_of_freedom: int | None


def table_ranks(ballot: Ballot, items: Sequence[str]) -> dict[str, float]:
    """A table's rank for every item: its position if ranked, else the mean of the ranks left.

    With n items and a ballot of length k the unranked items share (k + 1 + n) / 2, the mean of
    ranks k + 1 .. n.
    """
    shared = (len(ballot) + 1 + len(items)) / 2
    ranks = dict.fromkeys(items, shared)
    for position, item in enumerate(ballot.items, start=1):
        ranks[item] = float(position)
    return ranks


def kendalls_w(rank_rows: Sequence[Sequence[float]]) -> tuple[float, float]:
    """W and its chi-square statistic from m rows (raters) of n ranks, correcting for ties.

    W = 12 S / (m^2 (n^3 - n) - m sum T), where S is the sum of squared deviations of the item
    rank sums from their mean and T = sum (t^3 - t) over each rater's groups of t tied ranks;
    chi-square = m (n - 1) W. Needs m >= 2 and n >= 2.
    """
    m = len(rank_rows)
    n = len(rank_rows[0]) if rank_rows else 0
    if m < 2 or n < 2:
        raise ValueError("Kendall's W needs at least two raters and two items")
    sums = [sum(row[j] for row in rank_rows) for j in range(n)]
    mean = m * (n + 1) / 2
    s = sum((total - mean) ** 2 for total in sums)
    ties = sum(t**3 - t for row in rank_rows for t in Counter(row).values() if t > 1)
    denominator = m * m * (n**3 - n) - m * ties
    w = 12 * s / denominator
    return w, m * (n - 1) * w


def chi_square_sf(x: float, df: int) -> float:
    """P(X >= x) for a chi-square variable with `df` degrees of freedom (no SciPy needed).

    This is the regularised upper incomplete gamma function Q(df / 2, x / 2), evaluated by its
    series below a + 1 and by a continued fraction above (Numerical Recipes, section 6.2).
    """
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    if x <= 0:
        return 1.0
    a, z = df / 2, x / 2
    log_prefix = a * math.log(z) - z - math.lgamma(a)
    if z < a + 1:
        term = total = 1 / a
        denominator = a
        for _ in range(10_000):
            denominator += 1
            term *= z / denominator
            total += term
            if abs(term) < abs(total) * 1e-16:
                break
        return max(0.0, 1.0 - total * math.exp(log_prefix))
    tiny = 1e-300
    b = z + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        step = d * c
        h *= step
        if abs(step - 1) < 1e-15:
            break
    return min(1.0, math.exp(log_prefix) * h)


def agreement(ballots: Sequence[Ballot]) -> Agreement:
    """Kendall's W over every item on any ballot, each table's unranked items tied."""
    items = sorted({item for ballot in ballots for item in ballot.items})
    m, n = len(ballots), len(items)
    if m < 2 or n < 2:
        return Agreement(None, None, tables=m, items=n, chi_square=None, degrees_of_freedom=None)
    rows = []
    for ballot in ballots:
        ranks = table_ranks(ballot, items)
        rows.append([ranks[item] for item in items])
    w, chi_square = kendalls_w(rows)
    return Agreement(
        kendall_w=w,
        p_value=chi_square_sf(chi_square, n - 1),
        tables=m,
        items=n,
        chi_square=chi_square,
        degrees_of_freedom=n - 1,
    )
