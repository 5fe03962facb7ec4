"""The DuckDB runner: statements run in the order given, failures are not hidden."""

import duckdb
import ibis
import pytest

from thrivekit.activity.running import DuckDBRunner


@pytest.fixture
def numbers():
    con = ibis.duckdb.connect()
    return con, con.create_table("numbers", ibis.memtable({"n": [1, 2, 3, 4]}))


def test_a_measure_reads_the_shared_step_made_before_it(numbers):
    # Given a runner, a shared step and a measure built on it
    con, table = numbers
    runner = DuckDBRunner(con)
    evens = runner.share(table.filter(table.n % 2 == 0))
    total = runner.fetch(evens.aggregate(total=evens.n.sum(), rows=evens.count()))
    # When the measure's rows are read
    rows = total.result().to_pylist()
    runner.close()
    # Then it saw the step, typed as Ibis types it (a sum as int64, not DuckDB's HUGEINT)
    assert rows == [{"total": 6, "rows": 2}]
    assert str(total.result().schema.field("total").type) == "int64"
    # And closing the runner dropped the step's table
    assert [name for name in con.list_tables() if name.startswith("tk_step_")] == []


def test_a_failed_step_is_the_error_every_later_measure_reports(numbers):
    # Given a shared step that cannot run (text that is not a number cast to a number)
    con, table = numbers
    runner = DuckDBRunner(con)
    broken = runner.share(table.mutate(bad=(table.n.cast("string") + "x").cast("int64")))
    # When measures built on it, and one that is not, are read
    on_broken = runner.fetch(broken.aggregate(total=broken.bad.sum()))
    unrelated = runner.fetch(table.aggregate(total=table.n.sum()))
    # Then each reports the step's own error, not a missing table
    for measure in (on_broken, unrelated):
        with pytest.raises(duckdb.ConversionException):
            measure.result()
    runner.close()
