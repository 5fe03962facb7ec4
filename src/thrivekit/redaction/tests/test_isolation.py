"""Redaction is pure Python: usable from the CLI, importers and notebooks without Django."""

import subprocess
import sys


def test_importing_redaction_does_not_import_django():
    # Given a fresh interpreter, when thrivekit.redaction is imported, then Django is not loaded
    code = (
        "import sys, thrivekit.redaction; "
        "leaked = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "assert not leaked, leaked"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
