"""Activity data engine: import record-level extracts and measure demand, capacity, flow
and waits. Pure Python (no Django); Ibis expressions executed by DuckDB, or Spark.

The names below are loaded when first used, so that analysing an extract does not also
import the importer, the generator and their libraries (a fifth of a typical analysis).
"""

from importlib import import_module

_WHERE = {
    "SCHEMA": "measures",
    "ImportResult": "importing",
    "MissingColumnsError": "schema",
    "UnreadableFileError": "reading",
    "analyse_parquet": "measures",
    "analyse_tables": "measures",
    "build_measures": "measures",
    "import_extract": "importing",
    "load_mapping": "schema",
    "measures_sql": "sql_export",
    "read_manifest": "manifest",
    "synthesise": "synth",
    "write_extract": "synth",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value
