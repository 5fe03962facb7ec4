"""Pathway map files go through the one reader and its limits (issue 13 item 17)."""

import io
import zipfile

from typer.testing import CliRunner

from thrivekit.inputs import UPLOADS
from thrivekit.inputs.tests.files import (
    MB,
    csv_bytes_of_size,
    csv_rows,
    limit_uploads,
    zip_bomb_xlsx,
)
from thrivekit.pathways import export_csv, export_xlsx, import_csv, import_file
from thrivekit.pathways.cli import pathways_app
from thrivekit.pathways.tests.maps import northbridge


def messages(result) -> list[str]:
    assert not result.ok
    return [str(p) for p in result.problems]


def test_a_zip_bomb_workbook_is_refused():
    bomb = zip_bomb_xlsx([("id", "name")], unpacked_mb=30)
    assert messages(import_file(bomb, filename="map.xlsx")) == [
        "map.xlsx: is compressed more than 100 to 1, the limit for an upload "
        "(a zip bomb would fill the memory)"
    ]


def test_a_zip_bomb_of_csv_files_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in export_csv(northbridge()).items():
            archive.writestr(name, data)
        archive.writestr("notes.txt", bytes(30 * MB))
    assert messages(import_file(buffer.getvalue(), filename="map.zip")) == [
        "map.zip: is compressed more than 100 to 1, the limit for an upload "
        "(a zip bomb would fill the memory)"
    ]


def test_an_oversize_csv_is_refused_naming_the_file_and_the_limit():
    files = export_csv(northbridge())
    files["routes.csv"] = csv_bytes_of_size(UPLOADS.max_bytes + 1, header="from_id,to_id,kind")
    assert messages(import_csv(files)) == [
        "routes.csv: is larger than 20 MB, the limit for an upload"
    ]


def test_too_many_rows_are_refused_in_csv_and_in_a_workbook(monkeypatch):
    limit_uploads(monkeypatch, "thrivekit.pathways.formats", max_rows=3)
    files = export_csv(northbridge())
    files["routes.csv"] = csv_rows(4, header="from_id,to_id")
    # the Northbridge map has 5 services, 3 entry points and 8 routes
    assert messages(import_csv(files)) == [
        "services.csv: has more than 3 rows, the limit for an upload: split it into parts",
        "routes.csv: has more than 3 rows, the limit for an upload: split it into parts",
    ]
    assert messages(import_file(export_xlsx(northbridge()), filename="m.xlsx")) == [
        "m.xlsx, sheet services: has more than 3 rows, the limit for an upload: split it into parts"
    ]


def test_the_cli_refuses_a_zip_bomb_and_an_oversize_flows_file(tmp_path):
    runner = CliRunner()
    bomb = tmp_path / "map.xlsx"
    bomb.write_bytes(zip_bomb_xlsx(unpacked_mb=30))
    result = runner.invoke(pathways_app, ["check", str(bomb)])
    assert result.exit_code == 2 and "compressed more than 100 to 1" in result.output
    good = tmp_path / "good.xlsx"
    good.write_bytes(export_xlsx(northbridge()))
    flows = tmp_path / "flows.csv"
    flows.write_bytes(csv_bytes_of_size(UPLOADS.max_bytes + 1, header="from,to,count"))
    result = runner.invoke(pathways_app, ["analyse", str(good), "--flows", str(flows)])
    assert result.exit_code == 2
    assert "flows.csv is larger than 20 MB" in " ".join(result.output.split())
