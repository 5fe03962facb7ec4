"""The same Ibis expressions on PySpark in local mode give the same JSON as DuckDB."""

import importlib.util
import shutil

import pytest

from thrivekit.activity import analyse_parquet, import_extract

from .conftest import AS_OF, KEY

pytestmark = [pytest.mark.spark, pytest.mark.slow]


def _skip_reason() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install pyspark==4.0.1)"
    if shutil.which("java") is None:
        return "Java is not installed (PySpark needs Java 17)"
    return None


@pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or "")
def test_spark_gives_the_same_analysis_as_duckdb(extract, tmp_path):
    import ibis
    from pyspark.sql import SparkSession

    # Given the hand-checked extract imported to Parquet
    import_extract(
        referrals=extract["referrals"],
        contacts=extract["contacts"],
        capacity=extract["capacity"],
        out_dir=tmp_path / "store",
        key=KEY,
        as_of=AS_OF,
    )
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("thrivekit-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    try:
        # When the measures run on Spark
        on_spark = analyse_parquet(tmp_path / "store", backend=ibis.pyspark.connect(spark))
    finally:
        spark.stop()
    # Then every figure equals DuckDB's
    assert on_spark == analyse_parquet(tmp_path / "store")
    assert on_spark["waits"]["second_contact"]["p90"] == 32.6
