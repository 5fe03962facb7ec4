"""Activity data engine: import record-level extracts and measure demand, capacity, flow
and waits. Pure Python (no Django); Ibis expressions executed by DuckDB, or Spark."""

from .importing import ImportResult, import_extract, read_manifest
from .measures import SCHEMA, analyse_parquet, analyse_tables, build_measures
from .reading import UnreadableFileError
from .schema import MissingColumnsError, load_mapping
from .sql_export import measures_sql
from .synth import synthesise, write_extract

__all__ = [
    "SCHEMA",
    "ImportResult",
    "MissingColumnsError",
    "UnreadableFileError",
    "analyse_parquet",
    "analyse_tables",
    "build_measures",
    "import_extract",
    "load_mapping",
    "measures_sql",
    "read_manifest",
    "synthesise",
    "write_extract",
]
