"""Calibrate a scenario from an imported extract: the stored Parquet, read by the activity
engine, so the scenario starts from the figures the extract's dashboard shows."""

from pathlib import Path

from django.conf import settings

from thrivekit.modelling import calibrate, read_imported, scenario_to_dict
from thrivekit.modelling.calibration import calibration_notes


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
    with what the activity engine reports for it, overall and per team. None when the
    extract holds too little history for it (it says why in ``error``)."""
    from thrivekit.activity.measures import months_back
    from thrivekit.modelling import backtest

    if extract is None or not extract.folder or extract.as_of is None:
        return None
    stored = Path(settings.THRIVEKIT_EXTRACTS_DIR) / extract.folder
    start = months_back(extract.as_of, 12)
    try:
        report = backtest(
            stored,
            as_of=start,
            horizon_days=(extract.as_of - start).days,
            replications=replications,
            seed=seed,
            workers=workers,
        )
    except (ValueError, RuntimeError) as error:
        return {"error": str(error)}
    except OSError:
        return {"error": "the extract's stored files cannot be read."}
    return report.to_dict()
