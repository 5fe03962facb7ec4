"""The manifest an import writes beside its Parquet files (no DuckDB needed to read it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MANIFEST = "import.json"
MANIFEST_SCHEMA = "thrivekit.activity-import/1"


def read_manifest(out_dir: Path | str) -> dict[str, Any]:
    """The manifest an import wrote beside its Parquet files."""
    return json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
