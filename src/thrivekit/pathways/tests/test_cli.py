"""`thrivekit pathways …`: check, analyse, draw and convert a map file from the command line."""

import json

from typer.testing import CliRunner

from thrivekit.pathways import export_json, export_xlsx, import_file
from thrivekit.pathways.cli import pathways_app
from thrivekit.pathways.tests.maps import northbridge

runner = CliRunner()


def test_check_reports_a_valid_map_and_lists_problems_of_a_bad_one(tmp_path):
    good = tmp_path / "map.xlsx"
    good.write_bytes(export_xlsx(northbridge()))
    result = runner.invoke(pathways_app, ["check", str(good)])
    assert result.exit_code == 0 and "5 services, 3 entry points, 8 routes" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema": "thrivekit.pathways/1", "services": [{"id": "x"}]}))
    result = runner.invoke(pathways_app, ["check", str(bad)])
    assert result.exit_code == 2
    assert "services, item 1, name: is required" in result.output


def test_analyse_prints_findings_as_json_with_flows(tmp_path):
    path = tmp_path / "map.json"
    path.write_bytes(export_json(northbridge()))
    flows = tmp_path / "flows.csv"
    flows.write_text("from,to,count\nmhst,camhs,40\ncrisis,camhs,9\n")
    result = runner.invoke(pathways_app, ["analyse", str(path), "--flows", str(flows), "--json"])
    assert result.exit_code == 0, result.output
    kinds = {f["kind"] for f in json.loads(result.output)}
    assert {"wrong-door", "loop", "route-not-on-map", "busiest-route"} <= kinds


def test_draw_and_convert(tmp_path):
    path = tmp_path / "map.json"
    path.write_bytes(export_json(northbridge()))
    svg = tmp_path / "map.svg"
    assert runner.invoke(pathways_app, ["draw", str(path), "--out", str(svg)]).exit_code == 0
    assert "Community CAMHS" in svg.read_text()
    zipped = tmp_path / "map.zip"
    assert runner.invoke(pathways_app, ["convert", str(path), "--out", str(zipped)]).exit_code == 0
    assert import_file(zipped.read_bytes(), filename="map.zip").pathway_map == northbridge()
