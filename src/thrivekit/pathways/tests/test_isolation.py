"""The pathway core is pure Python: the CLI, notebooks and the Django shell can all use it."""

import subprocess
import sys


def test_importing_pathways_does_not_import_django():
    # Given a fresh interpreter, when the package is imported and used, then Django is not loaded
    code = (
        "import sys, thrivekit.pathways as p; "
        "from thrivekit.pathways.tests.maps import northbridge; "
        "m = northbridge(); p.analyse(m); p.render_svg(m); p.export_xlsx(m); "
        "leaked = [n for n in sys.modules if n == 'django' or n.startswith('django.')]; "
        "assert not leaked, leaked"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
