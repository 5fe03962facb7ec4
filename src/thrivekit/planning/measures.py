"""The standard outcome indicators and how each is read from a stored activity analysis
(thrivekit.analysis/1). No Django. A measure the extract does not hold says so plainly."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


@dataclass(frozen=True)
class StandardIndicator:
    id: str
    name: str
    definition: str
    unit: str  # "percent" or "count"
    higher_is_better: bool
    data_source: str


@dataclass(frozen=True)
class Reading:
    """A measure read from one analysis: the exact value and the counts behind it, or why not."""

    value: float | None
    numerator: int | None = None
    denominator: int | None = None
    missing: str = ""  # why there is no value


ACTIVITY = "Activity extract (thrivekit analysis)"

STANDARD = (
    StandardIndicator(
        "access",
        "Access: young people referred",
        "Distinct young people with a referral in the extract's period, counted as NHS "
        "England's access measures count people.",
        "count",
        True,
        ACTIVITY,
    ),
    StandardIndicator(
        "waits_4_weeks",
        "Waits within 4 weeks",
        "Of open referrals seen at least once, the share whose first attended contact was "
        "within 28 days of referral.",
        "percent",
        True,
        ACTIVITY,
    ),
    StandardIndicator(
        "dna_rate",
        "Did not attend (DNA) rate",
        "Contacts not attended without notice, as a share of attended and not attended contacts.",
        "percent",
        False,
        ACTIVITY,
    ),
    StandardIndicator(
        "grouping_recorded",
        "Needs-based grouping recorded",
        "Open referrals with a needs-based grouping recorded.",
        "percent",
        True,
        ACTIVITY,
    ),
    StandardIndicator(
        "goals_recorded",
        "Goals recorded",
        "Open referrals with the young person's goals recorded.",
        "percent",
        True,
        ACTIVITY,
    ),
    StandardIndicator(
        "shared_decisions_recorded",
        "Shared decision making recorded",
        "Open referrals with shared decision making recorded.",
        "percent",
        True,
        ACTIVITY,
    ),
    StandardIndicator(
        "ending_reasons",
        "Ending reasons recorded",
        "Of open referrals discharged in the period, those with a reason for ending recorded.",
        "percent",
        True,
        ACTIVITY,
    ),
    StandardIndicator(
        "collaborate_top",
        "CollaboRATE top score",
        "Of young people and families completing CollaboRATE, the share giving the top score "
        "on every question (shared decision making as they experienced it).",
        "percent",
        True,
        "CollaboRATE returns collected by services",
    ),
    StandardIndicator(
        "gbo_reliable_change",
        "Goal-based outcomes: reliable change",
        "Of closed cases with paired goal-based outcome scores, those showing reliable "
        "improvement.",
        "percent",
        True,
        "Goal-based outcome returns collected by services",
    ),
    StandardIndicator(
        "rcads_reliable_change",
        "RCADS: reliable change",
        "Of closed cases with paired RCADS scores, those showing reliable improvement.",
        "percent",
        True,
        "RCADS returns collected by services",
    ),
)
BY_ID = {s.id: s for s in STANDARD}

_NOT_IN_EXTRACTS = (
    "Activity extracts do not hold {what}: enter the baseline by hand from the services' own "
    "returns."
)
_NO_COLUMN = "The latest extract has no {what} column, so there is no baseline from it."


def _rate(block: Mapping[str, Any], name: str, *, scale: float, what: str) -> Reading:
    value = block.get(name)
    numerator, denominator = block.get(f"{name}_numerator"), block.get(f"{name}_denominator")
    if value is None:
        if denominator is None:
            return Reading(None, missing=_NO_COLUMN.format(what=what))
        return Reading(None, missing=f"No {what} to measure in the latest extract.")
    # Half up, as the analysis itself rounds: 6.25% shows as 6.3%.
    shown = (Decimal(str(value)) * Decimal(str(scale))).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return Reading(float(shown), numerator, denominator)


def read(measure_id: str, analysis: Mapping[str, Any]) -> Reading:
    """The measure from one stored analysis; ``missing`` says why when it cannot be read."""
    if measure_id not in BY_ID:
        return Reading(None, missing="Not a standard indicator: enter the baseline by hand.")
    if not analysis:
        return Reading(None, missing="No activity extract has been imported yet.")
    evidence = analysis.get("evidence", {})
    match measure_id:
        case "access":
            people = analysis.get("referrals", {}).get("people")
            if people is None:
                return Reading(None, missing="The latest extract does not count people.")
            return Reading(float(people), people)
        case "waits_4_weeks":
            first = analysis.get("waits", {}).get("first_contact", {})
            return _rate(first, "within_28_days_pct", scale=1, what="waits to a first contact")
        case "dna_rate":
            return _rate(analysis.get("contacts", {}), "dna_rate", scale=100, what="contacts")
        case "grouping_recorded":
            return _rate(evidence, "grouping_recorded_pct", scale=1, what="needs-based grouping")
        case "goals_recorded":
            return _rate(evidence, "goals_recorded_pct", scale=1, what="goals recorded")
        case "shared_decisions_recorded":
            return _rate(evidence, "sdm_recorded_pct", scale=1, what="shared decision making")
        case "ending_reasons":
            return _rate(evidence, "ending_reason_recorded_pct", scale=1, what="ending reason")
        case "collaborate_top":
            return Reading(None, missing=_NOT_IN_EXTRACTS.format(what="CollaboRATE scores"))
        case "gbo_reliable_change":
            return Reading(None, missing=_NOT_IN_EXTRACTS.format(what="goal-based outcome scores"))
        case "rcads_reliable_change":
            return Reading(None, missing=_NOT_IN_EXTRACTS.format(what="RCADS scores"))
    return Reading(None)  # pragma: no cover - every standard id is matched above
