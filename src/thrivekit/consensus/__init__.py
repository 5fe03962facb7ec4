"""Consensus of table rankings for the THRIVE "prioritising improvement" workshop.

Each table ranks its top priorities; `consensus` combines them by truncated Borda count (points
by ballot length, or fixed 5, 4, 3, 2, 1) or Schulze / Copeland, reports ties (joint winners
included) instead of hiding them, checks the order with the other two methods and measures
agreement with Kendall's W. Pure Python: no Django.
"""

from .agreement import Agreement, chi_square_sf, kendalls_w
from .ballots import Ballot, BallotError, Row, parse_rows
from .borda import BORDA_POINTS, borda_points
from .combine import METHODS, Method, consensus, rank_items
from .io import InputFileError, read_ballots, read_rows
from .result import SCHEMA, CheckResult, ConsensusResult, ItemResult

__all__ = [
    "BORDA_POINTS",
    "METHODS",
    "SCHEMA",
    "Agreement",
    "Ballot",
    "BallotError",
    "CheckResult",
    "ConsensusResult",
    "InputFileError",
    "ItemResult",
    "Method",
    "Row",
    "borda_points",
    "chi_square_sf",
    "consensus",
    "kendalls_w",
    "parse_rows",
    "rank_items",
    "read_ballots",
    "read_rows",
]
