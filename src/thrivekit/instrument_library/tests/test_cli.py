import pytest
from typer.testing import CliRunner

from thrivekit import instruments
from thrivekit.cli import app
from thrivekit.instrument_library.models import SiteInstrument

runner = CliRunner()


def test_validate_accepts_a_built_in_file():
    result = runner.invoke(
        app, ["instruments", "validate", str(instruments.builtin_paths()["assessment"])]
    )
    assert result.exit_code == 0
    assert "valid assessment" in result.output


def test_validate_reports_a_broken_file_with_its_line_and_no_traceback(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: assessment\nid: x\n  version: [unclosed\n")
    result = runner.invoke(app, ["instruments", "validate", str(broken)])
    assert result.exit_code == 2
    assert "broken.yaml:" in result.output
    assert "Traceback" not in result.output


@pytest.mark.django_db
def test_load_puts_a_wording_in_use_for_a_site(site, tmp_path):
    text = instruments.builtin_paths()["sectors"].read_text(encoding="utf-8")
    path = tmp_path / "sectors-local.yaml"
    path.write_text(text.replace('version: "2026.1"', 'version: "local-1"', 1))
    result = runner.invoke(app, ["instruments", "load", str(path), "--site", site.slug])
    assert result.exit_code == 0, result.output
    assert SiteInstrument.objects.for_site(site).get().version == "local-1"


@pytest.mark.django_db
def test_load_names_an_unknown_site():
    path = instruments.builtin_paths()["sectors"]
    result = runner.invoke(app, ["instruments", "load", str(path), "--site", "nowhere"])
    assert result.exit_code == 2
    assert "no site called 'nowhere'" in result.output
