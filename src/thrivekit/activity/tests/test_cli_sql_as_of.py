"""`analyse --sql` takes its as-of date from --as-of, else from the import kept in --parquet."""

import typer
from typer.testing import CliRunner

from thrivekit.activity.cli import analyse_command

app = typer.Typer()
app.command("analyse")(analyse_command)
app.command("other")(lambda: None)  # two commands, so "analyse" is named as in the main app
runner = CliRunner()


def test_sql_without_as_of_uses_the_as_of_date_of_the_kept_import(imported):
    # Given an import kept in a folder, whose as-of date (AS_OF) is 31 March 2024

    # When the SQL is printed for that folder without --as-of
    result = runner.invoke(app, ["analyse", "--sql", "duckdb", "--parquet", str(imported)])

    # Then the SQL measures up to the import's as-of date
    assert result.exit_code == 0, result.output
    assert "2024-03-31" in result.output


def test_sql_with_as_of_wins_over_the_import(imported):
    result = runner.invoke(
        app, ["analyse", "--sql", "duckdb", "--parquet", str(imported), "--as-of", "2024-02-29"]
    )
    assert result.exit_code == 0, result.output
    assert "2024-02-29" in result.output and "2024-03-31" not in result.output


def test_sql_for_a_folder_without_an_import_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["analyse", "--sql", "duckdb", "--parquet", str(tmp_path)])

    assert result.exit_code == 2
    assert "No import found" in result.output and "Traceback" not in result.output
