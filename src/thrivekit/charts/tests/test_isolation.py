import subprocess
import sys


def test_charts_never_import_django():
    # Given a fresh interpreter, when the charts package is imported and a chart is rendered,
    # then no Django module has been loaded
    code = (
        "import sys, thrivekit.charts as c; c.to_svg(c.assessment_heatmap([])); "
        "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "assert not loaded, loaded"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
