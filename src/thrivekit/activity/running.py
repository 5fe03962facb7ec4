"""Run the measures' SQL on DuckDB while the next measures are still being compiled.

Compiling an Ibis expression is Python, holding the GIL; running its SQL is DuckDB's native
code, which lets the GIL go. One worker thread runs every statement on the connection, in the
order given, so the main thread compiles the next measures meanwhile, and each shared step is
made before any measure that reads it.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import ibis
import ibis.expr.types as ir


class DuckDBRunner:
    """Runs measures and shared steps on an Ibis DuckDB backend's own connection."""

    def __init__(self, backend: Any) -> None:
        self._backend = backend
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="thrivekit-duckdb")
        self._prefix = f"tk_step_{uuid.uuid4().hex[:12]}_"
        self._numbers = itertools.count()
        self._shared: list[str] = []
        self._failure: BaseException | None = None

    def share(self, table: ir.Table) -> ir.Table:
        """Keep `table` as a temporary table (made in turn) and return a reference to it."""
        name = f"{self._prefix}{next(self._numbers)}"
        sql = f'CREATE TEMP TABLE "{name}" AS {self._backend.compile(table)}'
        self._shared.append(name)
        self._submit(lambda: self._backend.con.execute(sql))
        return ibis.table(table.schema(), name=name)

    def fetch(self, expr: ir.Table) -> Future:
        """The measure's rows as a pyarrow table, typed as Ibis would type them (a sum's
        HUGEINT as int64, say), once the statements before it have run."""
        sql = self._backend.compile(expr)
        schema = expr.schema().to_pyarrow()
        return self._submit(lambda: self._backend.con.sql(sql).fetch_arrow_table().cast(schema))

    def _submit(self, work: Callable[[], Any]) -> Future:
        def run() -> Any:
            # After a failure the later statements would only fail for want of its table.
            if self._failure is not None:
                raise self._failure
            try:
                return work()
            except BaseException as error:
                self._failure = error
                raise

        return self._worker.submit(run)

    def close(self) -> None:
        """Wait for the worker, then drop the shared steps."""
        self._worker.shutdown(wait=True, cancel_futures=True)
        for name in self._shared:
            self._backend.con.execute(f'DROP TABLE IF EXISTS "{name}"')
