"""Exports are pure Python (plus openpyxl): usable from the CLI and notebooks without Django."""

import subprocess
import sys


def test_importing_exports_does_not_import_django():
    # Given a fresh interpreter, when thrivekit.exports is imported, then Django is not loaded
    code = (
        "import sys, thrivekit.exports; "
        "leaked = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "assert not leaked, leaked"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
