"""Consensus of table rankings for the THRIVE "prioritising improvement" workshop.

Each table ranks its top priorities; `consensus` combines them by truncated Borda count (or
Schulze / Copeland), reports ties instead of hiding them, checks the order with the other two
methods and measures agreement with Kendall's W. Pure Python: no Django.
"""

from .agreement import Agreement, chi_square_sf, kendalls_w
from .ballots import Ballot, BallotError, Row, parse_rows
from .combine import METHODS, Method, consensus, rank_items
from .io import InputFileError, read_ballots, read_rows
from .result import SCHEMA, CheckResult, ConsensusResult, ItemResult

__all__ = [
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
    "chi_square_sf",
    "consensus",
    "kendalls_w",
    "parse_rows",
    "rank_items",
    "read_ballots",
    "read_rows",
]
