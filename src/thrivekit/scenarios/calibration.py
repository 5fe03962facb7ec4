"""Calibrate a scenario from an imported extract: the stored Parquet, read by the activity
engine, so the scenario starts from the figures the extract's dashboard shows."""

import logging
from pathlib import Path

from django.conf import settings

from thrivekit.modelling import calibrate, read_imported, scenario_to_dict
from thrivekit.modelling.calibration import calibration_notes

logger = logging.getLogger(__name__)
MIN_HISTORY_MONTHS = 12  # months of referrals before the last year, to check calibration on


def scenario_and_notes_from_extract(
    extract, *, horizon_days: float = 365.0, replications: int = 5
) -> tuple[dict, list[str]]:
    """The calibrated scenario, and what calibration assumed (for the analyst to read)."""
    stored = Path(settings.THRIVEKIT_EXTRACTS_DIR) / extract.folder
    inputs = read_imported(stored, as_of=extract.as_of)
    scenario = calibrate(inputs, horizon_days=horizon_days, replications=replications)
    return scenario_to_dict(scenario), calibration_notes(inputs)


def last_year_from_extract(
    extract, *, replications: int = 5, seed: int = 1, workers: int | None = None
) -> dict | None:
    """The calibration checked against the extract's last year (a back-test): calibrated on
    everything up to a year before the extract's as-of date, that year simulated and compared
    with what the activity engine reports for it, overall and per team. ``{"error": why}``
    when it cannot be checked (under a year of history before the last year); None without
    a stored extract."""
    from thrivekit.activity.measures import months_back
    from thrivekit.modelling import backtest

    if extract is None or not extract.folder or extract.as_of is None:
        return None
    start = months_back(extract.as_of, 12)
    by_month = (extract.analysis or {}).get("referrals", {}).get("by_month") or []
    before = [m for m in by_month if m["month"] <= f"{start:%Y-%m}" and m["count"]]
    if len(before) < MIN_HISTORY_MONTHS:
        return {
            "error": f"the extract holds {len(before)} months of referrals before its last "
            f"year; a check needs at least {MIN_HISTORY_MONTHS} to calibrate on."
        }
    stored = Path(settings.THRIVEKIT_EXTRACTS_DIR) / extract.folder
    try:
        report = backtest(
            stored,
            as_of=start,
            horizon_days=(extract.as_of - start).days,
            replications=replications,
            seed=seed,
            workers=workers,
        )
    except (OSError, ValueError, RuntimeError) as error:
        # The message may name a server path or quote the data: log its type only.
        logger.warning("Calibration check of extract %s failed: %s", extract.pk, type(error))
        return {"error": "the extract's stored files could not be read for it."}
    return report.to_dict()
