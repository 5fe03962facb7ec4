"""Reading what users upload, safely: one reader for tables, one loader for YAML. No Django.

- :mod:`thrivekit.inputs.spreadsheets`: CSV and Excel, with one limits policy (size, unpacked
  size, compression, rows, columns).
- :mod:`thrivekit.inputs.yaml`: YAML without aliases, with bounded size and nesting.
- :func:`shown`: a value echoed in a message, cut short.
"""

from thrivekit.inputs.messages import cut, shown
from thrivekit.inputs.spreadsheets import (
    EXTRACTS,
    UPLOADS,
    Limits,
    UnreadableInput,
    check_size,
    check_zip,
    read_csv,
    read_table,
    read_xlsx_sheets,
)
from thrivekit.inputs.yaml import YamlInputError, load_yaml, safe_yaml_loader

__all__ = [
    "EXTRACTS",
    "UPLOADS",
    "Limits",
    "UnreadableInput",
    "YamlInputError",
    "check_size",
    "cut",
    "check_zip",
    "load_yaml",
    "read_csv",
    "read_table",
    "read_xlsx_sheets",
    "safe_yaml_loader",
    "shown",
]
