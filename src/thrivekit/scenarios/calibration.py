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
