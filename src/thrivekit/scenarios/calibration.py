"""Calibrate a scenario from an imported extract: the stored Parquet, read through DuckDB into
the folder of CSV files that thrivekit.modelling reads."""

import tempfile
from pathlib import Path

import duckdb
from django.conf import settings

from thrivekit.modelling import calibrate, read_extract, scenario_to_dict


def scenario_from_extract(extract, *, horizon_days: float = 365.0, replications: int = 5) -> dict:
    stored = Path(settings.THRIVEKIT_EXTRACTS_DIR) / extract.folder
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        con = duckdb.connect()
        try:
            con.execute(
                f"COPY (SELECT referral_id, referral_date, team, discharge_date "
                f"FROM read_parquet('{stored / 'referrals.parquet'}') WHERE NOT rejected) "
                f"TO '{out / 'referrals.csv'}' (HEADER)"
            )
            con.execute(
                f"COPY (SELECT referral_id, contact_date, team, attendance "
                f"FROM read_parquet('{stored / 'contacts.parquet'}')) "
                f"TO '{out / 'contacts.csv'}' (HEADER)"
            )
            if (stored / "capacity.parquet").exists():
                con.execute(
                    f"COPY (SELECT team, month, appointments_available "
                    f"FROM read_parquet('{stored / 'capacity.parquet'}') "
                    f"WHERE appointments_available IS NOT NULL) TO '{out / 'capacity.csv'}' (HEADER)"
                )
        finally:
            con.close()
        inputs = read_extract(out, as_of=extract.as_of)
    scenario = calibrate(inputs, horizon_days=horizon_days, replications=replications)
    return scenario_to_dict(scenario)
