"""Figures of an activity analysis as a reader sees them: exact for the analyst, through the
disclosure rules for everyone else. Used by the web dashboard and the CLI's HTML report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from thrivekit.disclosure.rules import (
    DEFAULT_POLICY,
    SUPPRESSED,
    DisclosurePolicy,
    Published,
    protect_total,
    safe_count,
    safe_rate,
    safe_statistic,
)


@dataclass(frozen=True)
class Figures:
    """Shows a figure exactly when ``exact`` (the analyst), else disclosure-controlled."""

    exact: bool = False
    policy: DisclosurePolicy = DEFAULT_POLICY

    def count(self, n):
        return n if self.exact or n is None else safe_count(n, policy=self.policy)

    def rate(self, exact_pct, numerator, denominator, *, can_exceed=False, beside=None):
        """A percentage: the analyst's exact one, else published from its own counts.

        An older stored analysis without the counts shows ``*``, never the exact rate.
        ``beside``: the published count shown next to the rate; when that count is hidden
        (``*``) so is the rate, which would narrow the count down.
        """
        if self.exact:
            return exact_pct
        if beside == SUPPRESSED:
            return SUPPRESSED
        if exact_pct is None:
            return None
        if numerator is None or denominator is None:
            return SUPPRESSED
        return safe_rate(numerator, denominator, dp=1, can_exceed=can_exceed, policy=self.policy)

    def stat(self, value, group_size, *, kind="median"):
        """A statistic over ``group_size`` values; ``*`` when that count is unknown."""
        if self.exact or value is None:
            return value
        if group_size is None:
            return SUPPRESSED
        return safe_statistic(value, group_size=group_size, dp=2, kind=kind, policy=self.policy)

    def column(
        self, cells: Iterable[int | None], *, total: int | None = None
    ) -> tuple[list[Published], Published]:
        """Counts shown beside their total: hidden cells cannot be worked out by subtraction."""
        cells = list(cells)
        if self.exact:
            return cells, total if total is not None else sum(c or 0 for c in cells)
        return protect_total(cells, total=total, policy=self.policy)


def rate_parts(block: Mapping[str, Any], name: str) -> tuple[Any, Any]:
    """The numerator and denominator the analysis JSON keeps beside a rate ``name``."""
    return block.get(f"{name}_numerator"), block.get(f"{name}_denominator")


def _plain(value: float, digits: int) -> str:
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def bottleneck_sentence(bottleneck: Mapping[str, Any], figures: Figures) -> str:
    """A bottleneck in words, from figures that went through disclosure control.

    The analyst reads the exact ``detail``; everyone else a sentence built from the published
    counts the entry carries (``then``/``now``, ``used``/``available``/``months``), or one
    without figures when they are too small or an older analysis lacks them.
    """
    if figures.exact:
        return bottleneck["detail"]
    reason = bottleneck.get("reason")
    if reason == "waiting_list_growth":
        then, now = figures.count(bottleneck.get("then")), figures.count(bottleneck.get("now"))
        if isinstance(then, int) and isinstance(now, int) and then:
            growth = 100 * (now - then) / then
            if growth > 20:
                return (
                    f"Waiting list grew from {then} to {now} in six months "
                    f"(about +{_plain(growth, 0)}%)."
                )
            # Rounding can hide the growth the analysis found: do not print "from 15 to 15".
            return f"Waiting list grew by more than 20% in six months, to about {now}."
        return (
            "Waiting list grew by more than 20% in six months (the numbers are too small to show)."
        )
    if reason in ("capacity_appointments", "capacity_hours"):
        label = "appointments" if reason == "capacity_appointments" else "clinical hours"
        months = bottleneck.get("months")
        over = f" over {months} month(s)" if isinstance(months, int) else ""
        share = figures.rate(
            bottleneck.get("value"),
            bottleneck.get("used"),
            bottleneck.get("available"),
            can_exceed=True,
        )
        # Rounded counts can bring a share just over the limit under it: then say only that.
        if isinstance(share, float) and share > 85:
            return (
                f"Attended contacts used {_plain(share, 1)}% of the recorded {label}{over} "
                "(limit 85%)."
            )
        return f"Attended contacts used more than 85% of the recorded {label}{over}."
    return "A possible bottleneck (the details are shown to analysts)."


def empty_months(analysis: Mapping[str, Any]) -> list[str]:
    """Months in the series with no referrals and no contacts: likely missing data."""
    return [
        m["month"]
        for m in analysis.get("monthly", [])
        if not m.get("referrals") and not m.get("attended_contacts")
    ]


__all__ = ["Figures", "bottleneck_sentence", "empty_months", "rate_parts"]
