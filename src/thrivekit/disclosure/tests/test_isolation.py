"""The disclosure rules are pure Python: usable from the CLI and notebooks without Django."""

import subprocess
import sys


def test_importing_disclosure_does_not_import_django():
    code = (
        "import sys, thrivekit.disclosure, thrivekit.disclosure.figures; "
        "leaked = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "assert not leaked, leaked"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
