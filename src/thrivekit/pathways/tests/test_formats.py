"""Import and export of the whole map: JSON, CSV (three files or a zip) and Excel."""

import csv
import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import Workbook, load_workbook

from thrivekit.pathways import (
    SCHEMA,
    EntryPoint,
    PathwayMap,
    Route,
    Service,
    export_csv,
    export_csv_zip,
    export_json,
    export_xlsx,
    import_csv,
    import_csv_zip,
    import_file,
    import_json,
    import_xlsx,
)
from thrivekit.pathways.tests.maps import northbridge, pathway_maps

SERVICES_HEADER = "id,name,groupings,age_min,age_max,local_areas\r\n"
ENTRY_HEADER = "id,name,kind\r\n"
ROUTES_HEADER = "from_id,to_id,kind,volume_per_year\r\n"


def csv_files(services: str, entry_points: str, routes: str) -> dict[str, bytes]:
    return {
        "services.csv": (SERVICES_HEADER + services).encode(),
        "entry_points.csv": (ENTRY_HEADER + entry_points).encode(),
        "routes.csv": (ROUTES_HEADER + routes).encode(),
    }


def messages(result) -> list[str]:
    assert not result.ok and result.pathway_map is None
    return [str(p) for p in result.problems]


# --- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("export", "import_"),
    [
        (export_json, import_json),
        (export_csv, import_csv),
        (export_csv_zip, import_csv_zip),
        (export_xlsx, import_xlsx),
    ],
    ids=["json", "csv", "csv-zip", "xlsx"],
)
def test_export_then_import_gives_the_same_map(export, import_):
    # Given the Northbridge map, when it is exported and imported again, then nothing changed
    result = import_(export(northbridge()))
    assert result.problems == ()
    assert result.pathway_map == northbridge()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pathway_maps())
def test_any_map_survives_json_and_csv(pathway_map):
    assert import_json(export_json(pathway_map)).pathway_map == pathway_map
    assert import_csv(export_csv(pathway_map)).pathway_map == pathway_map


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pathway_maps(max_services=3))
def test_any_map_survives_excel(pathway_map):
    assert import_xlsx(export_xlsx(pathway_map)).pathway_map == pathway_map


def test_json_names_its_schema_and_reads_as_plain_data():
    document = json.loads(export_json(northbridge()))
    assert document["schema"] == SCHEMA == "thrivekit.pathways/1"
    assert document["services"][1]["groupings"] == ["getting-advice", "getting-help"]
    assert document["routes"][0] == {
        "from_id": "gp",
        "to_id": "camhs",
        "kind": "referral",
        "volume_per_year": 400,
    }


def test_import_file_picks_the_format_from_the_file_name():
    pathway_map = northbridge()
    assert import_file(export_json(pathway_map), filename="map.json").pathway_map == pathway_map
    assert import_file(export_xlsx(pathway_map), filename="Map.XLSX").pathway_map == pathway_map
    assert import_file(export_csv_zip(pathway_map), filename="m.zip").pathway_map == pathway_map
    assert messages(import_file(b"x", filename="map.docx")) == [
        "map.docx: is not a pathway map file: upload .json, .xlsx, a .zip of the three CSV "
        "files, or the three CSV files together"
    ]


# --- formula safety --------------------------------------------------------------------------


def formula_map() -> PathwayMap:
    return PathwayMap(
        services=[Service("s1", "=HYPERLINK(\"http://x\",\"click\")", provider="+44 20 7946",
                          notes="-5 places left", access="@mention the team")],
        entry_points=[EntryPoint("e1", "@school", "school")],
        routes=[Route("e1", "s1")],
    )  # fmt: skip


def test_csv_cells_that_look_like_formulas_are_neutralised_and_come_back_unchanged():
    files = export_csv(formula_map())
    rows = list(csv.reader(io.StringIO(files["services.csv"].decode("utf-8-sig"))))
    row = dict(zip(rows[0], rows[1], strict=True))
    # Then a spreadsheet sees text, not formulas
    assert row["name"].startswith("'=") and row["provider"] == "'+44 20 7946"
    assert row["notes"] == "'-5 places left" and row["access"] == "'@mention the team"
    # And importing the export gives the original text back
    assert import_csv(files).pathway_map == formula_map()


def test_excel_cells_that_look_like_formulas_are_text_not_formulas():
    workbook = load_workbook(io.BytesIO(export_xlsx(formula_map())))
    assert workbook.sheetnames == ["services", "entry_points", "routes"]
    cell = workbook["services"]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK")
    assert import_xlsx(export_xlsx(formula_map())).pathway_map == formula_map()


# --- friendly input --------------------------------------------------------------------------


def test_people_can_type_names_instead_of_ids():
    # Given spreadsheets typed by hand with grouping names, "A&E" and "Step up"
    files = csv_files(
        "camhs,CAMHS,Getting Help; GMH,0,17,\r\ncrisis,Crisis team,Risk Support,,,"
        "Riverside; Eastmoor\r\n",
        "ae,Emergency department,A&E\r\n",
        "ae,crisis,Referral,\r\ncamhs,crisis,Step up,25\r\n",
    )
    result = import_csv(files)
    assert result.problems == ()
    camhs = result.pathway_map.service("camhs")
    assert camhs.groupings == ("getting-help", "getting-more-help")
    assert result.pathway_map.service("crisis").local_areas == ("Riverside", "Eastmoor")
    assert result.pathway_map.node("ae").kind == "a-and-e"
    assert [r.kind for r in result.pathway_map.routes] == ["referral", "step-up"]


def test_a_workbook_with_typed_cells_and_extra_sheets_is_read():
    # Given a workbook made by hand: numbers as numbers, an extra "Read me" sheet, mixed case
    workbook = Workbook()
    workbook.active.title = "Read me"
    services = workbook.create_sheet("Services")
    services.append(["ID", "Name", "Age min", "Age max", "Capacity WTE", "Sector"])
    services.append(["camhs", "CAMHS", 0, 17.0, 12.5, "Voluntary sector"])
    workbook.create_sheet("Entry points").append(["id", "name", "kind"])
    workbook["Entry points"].append(["gp", "GP", "GP"])
    workbook.create_sheet("Routes").append(["from_id", "to_id", "kind"])
    workbook["Routes"].append(["gp", "camhs", "referral"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    # When it is imported, then the values are typed and matched
    result = import_xlsx(buffer.getvalue())
    assert result.problems == ()
    camhs = result.pathway_map.service("camhs")
    assert (camhs.age_min, camhs.age_max, camhs.capacity_wte) == (0, 17, 12.5)
    assert camhs.sector == "voluntary-sector"


# --- bad files: row-level errors, all at once, nothing half-imported -------------------------


def test_bad_rows_are_reported_with_file_row_and_column():
    # Given CSV files with a typo in every table (header is row 1)
    files = csv_files(
        "camhs,CAMHS,getting-halp,eleven,17,\r\n"
        "camhs,CAMHS twice,,5.5,,\r\n"
        ",No id,,,,\r\n"
        "ok,Fine,thriving,12,3,\r\n",
        "gp,GP,doctor\r\nschool,,school\r\n",
        "gp,cahms,referral,\r\ngp,camhs,walk-in,-4\r\ncamhs,camhs,step-up,\r\n"
        "school,camhs,referral,\r\nschool,camhs,referral,2.5\r\n",
    )
    # When they are imported
    result = import_csv(files)
    # Then every problem is listed where a person can find it, and no map is made
    assert messages(result) == [
        "services.csv, row 2, column age_min: must be a whole number, not 'eleven'",
        "services.csv, row 2, column groupings: unknown needs-based grouping 'getting-halp' "
        "(did you mean 'getting-help'?); expected one of thriving, getting-advice, getting-help, "
        "getting-more-help, getting-risk-support",
        "services.csv, row 3, column age_min: must be a whole number, not 5.5",
        "services.csv, row 3, column id: the id 'camhs' is already used (services.csv, row 2)",
        "services.csv, row 4, column id: an id is required",
        "services.csv, row 5, column age_max: the youngest age (12) is above the oldest (3)",
        "entry_points.csv, row 2, column kind: unknown kind of entry point 'doctor'; expected "
        "one of gp, school, self-referral, a-and-e, social-care, police, youth-justice, "
        "voluntary-sector, digital-front-door, other",
        "entry_points.csv, row 3, column name: a name is required",
        "routes.csv, row 2, column to_id: no service or entry point has the id 'cahms' "
        "(did you mean 'camhs'?)",
        "routes.csv, row 3, column kind: unknown kind of route 'walk-in'; expected one of "
        "referral, step-up, step-down, signpost, consultation",
        "routes.csv, row 3, column volume_per_year: must be a whole number, 0 or more",
        "routes.csv, row 4, column to_id: a route cannot lead from 'camhs' to itself",
        "routes.csv, row 6, column volume_per_year: must be a whole number, not 2.5",
        "routes.csv, row 6: the same referral route from 'school' to 'camhs' is listed twice "
        "(routes.csv, row 5)",
    ]
    assert result.problems[0].to_dict() == {
        "source": "services.csv",
        "row": 2,
        "column": "age_min",
        "message": "must be a whole number, not 'eleven'",
    }


def test_headers_missing_columns_and_missing_files_are_reported():
    files = {
        "services.csv": b"id,nmae\r\ncamhs,CAMHS\r\n",
        "routes.csv": b"\xef\xbb\xbffrom_id,to_id\r\n",
        "notes.csv": b"hello\r\n",
    }
    assert messages(import_csv(files)) == [
        "services.csv, row 1: unknown column 'nmae'; the columns are id, name, provider, sector, "
        "groupings, age_min, age_max, local_areas, access, capacity_wte, appointments_per_week, "
        "typical_wait_weeks, notes",
        "services.csv, row 1: missing column(s) name; the header is row 1",
        "routes.csv, row 1: missing column(s) kind; the header is row 1",
        "notes.csv: is not one of services.csv, entry_points.csv and routes.csv",
        "entry_points.csv: is missing",
    ]


def test_a_csv_saved_by_excel_on_windows_is_read_and_binary_is_explained():
    # given a services.csv in Windows-1252 (Excel's plain "CSV"), then it is read as such
    pathway_map = northbridge()
    files = export_csv(pathway_map)
    text = (
        files["services.csv"]
        .decode("utf-8-sig")
        .replace("Community CAMHS", "Community CAMHS Zoë", 1)
    )
    files["services.csv"] = text.encode("cp1252")
    imported = import_csv(files).pathway_map
    assert imported is not None
    assert any(s.name == "Community CAMHS Zoë" for s in imported.services)
    # and bytes that are no text at all are explained
    files["services.csv"] = b"id,name\r\nx,\x81\x8d\r\n"
    assert messages(import_csv(files)) == [
        "services.csv: is not text: in Excel, save it as 'CSV UTF-8 (comma delimited)'"
    ]


def test_blank_rows_are_skipped_and_row_numbers_stay_true():
    files = csv_files("\r\n,,,,,\r\ncamhs,CAMHS,,20,10,\r\n", "", "")
    assert messages(import_csv(files)) == [
        "services.csv, row 4, column age_max: the youngest age (20) is above the oldest (10)"
    ]


def test_a_bad_workbook_names_the_sheet_and_row():
    # Given an exported workbook edited by hand with a bad age and an unknown route end
    workbook = load_workbook(io.BytesIO(export_xlsx(northbridge())))
    workbook["services"]["F3"] = "five"
    workbook["routes"].append(["gp", "nowhere", "referral"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert messages(import_xlsx(buffer.getvalue())) == [
        "sheet services, row 3, column age_min: must be a whole number, not 'five'",
        "sheet routes, row 10, column to_id: no service or entry point has the id 'nowhere'",
    ]


def test_a_workbook_without_the_sheets_or_not_a_workbook_at_all():
    workbook = Workbook()
    workbook.active.title = "services"
    workbook.active.append(["id", "name"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert messages(import_xlsx(buffer.getvalue())) == [
        "workbook: has no sheet called entry_points",
        "workbook: has no sheet called routes",
    ]
    assert messages(import_xlsx(b"PK\x03\x04 not really")) == [
        "workbook: is not an Excel workbook (.xlsx)"
    ]
    assert messages(import_xlsx(export_csv_zip(northbridge()))) == [
        "workbook: is not an Excel workbook (.xlsx) that can be read"
    ]


def test_a_zip_without_the_csv_files():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("maps/services.csv", "id,name\r\n")
    assert messages(import_csv_zip(buffer.getvalue())) == [
        "entry_points.csv: is missing",
        "routes.csv: is missing",
    ]
    assert messages(import_csv_zip(b"not a zip")) == ["zip file: is not a zip file"]


def test_bad_json_is_reported_item_by_item():
    document = {
        "schema": "something-else/2",
        "services": [
            {"id": "camhs", "name": "CAMHS", "age_min": "5", "colour": "red"},
            "not an object",
            {"id": "b", "name": "B", "groupings": "getting-help"},
        ],
        "entry_points": [{"id": "gp", "name": "GP"}],
        "routes": [{"from_id": "gp", "to_id": "camhs", "kind": "referral"}],
    }
    assert messages(import_json(json.dumps(document))) == [
        "JSON: has schema 'something-else/2'; expected 'thrivekit.pathways/1' "
        "(a thrivekit pathway map)",
        "JSON services, item 1, colour: is not a known field",
        "JSON services, item 2: must be an object",
        "JSON entry_points, item 1, kind: is required",
    ]
    document.update(schema=SCHEMA, services=[document["services"][0] | {"colour": None}])
    document["services"][0].pop("colour")
    document["entry_points"][0]["kind"] = "gp"
    assert messages(import_json(json.dumps(document))) == [
        "JSON services, item 1, age_min: must be a whole number, not text"
    ]
    assert messages(import_json(b"{nope")) == [
        "JSON: is not valid JSON: Expecting property name enclosed in double quotes "
        "(line 1, column 2)"
    ]
    assert messages(import_json(b"[]")) == [
        "JSON: must be a JSON object with schema, services, entry_points, routes"
    ]
