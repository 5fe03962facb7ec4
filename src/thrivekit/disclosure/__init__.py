"""Statistical disclosure control for everything thrivekit publishes.

Every report, export, API response and non-analyst page passes its counts of people through
this package. See :mod:`thrivekit.disclosure.rules` for the rules and their reasons.
"""

from thrivekit.disclosure.rules import (
    DEFAULT_POLICY,
    SUPPRESSED,
    DisclosurePolicy,
    PublishedGrid,
    protect_grid,
    protect_total,
    published_range,
    round_half_up,
    safe_count,
    safe_percentage,
    safe_rate,
    safe_statistic,
    safe_table,
)

__all__ = [
    "DEFAULT_POLICY",
    "SUPPRESSED",
    "DisclosurePolicy",
    "PublishedGrid",
    "protect_grid",
    "protect_total",
    "published_range",
    "round_half_up",
    "safe_count",
    "safe_percentage",
    "safe_rate",
    "safe_statistic",
    "safe_table",
]
