"""The thrivekit command: demo, serve, manage, instruments, report (and the analysis commands)."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    help="thrivekit: run Phase 1 of implementing the THRIVE Framework.",
    no_args_is_help=True,
    add_completion=False,
)
instruments_app = typer.Typer(help="Check and load instrument wording files.", no_args_is_help=True)
app.add_typer(instruments_app, name="instruments")

console = Console(soft_wrap=True)  # paths must not break across lines
err_console = Console(stderr=True, soft_wrap=True)


def _django(env: str) -> None:
    os.environ.setdefault("THRIVEKIT_ENV", env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thrivekit.config.settings")
    import django

    django.setup()


def _migrate() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        console.print("Preparing the database…")
        call_command("migrate", interactive=False, verbosity=0)


@app.command()
def demo(
    port: Annotated[int, typer.Option(envvar="PORT", help="Port to serve on")] = 8000,
    serve: Annotated[bool, typer.Option(help="Serve after seeding")] = True,
) -> None:
    """Set up the demo site on SQLite with seeded data and serve it on 127.0.0.1."""
    if os.environ.get("THRIVEKIT_ENV", "demo") == "production":
        err_console.print("[red]The demo cannot run with production settings.[/red]")
        raise typer.Exit(2)
    # Newcomers meet the service's own 404 and 500 pages, never Django's technical page with
    # its settings and traceback; `DEBUG=true thrivekit demo` still turns it on for developers.
    os.environ.setdefault("DEBUG", "false")
    _django("demo")
    from django.conf import settings
    from django.core.management import call_command

    from thrivekit.demo.services import DEMO_PASSWORD, demo_seed

    _migrate()
    people = demo_seed()
    table = Table(title="Demo accounts (Northbridge)")
    table.add_column("Email")
    table.add_column("Name")
    table.add_column("Role")
    for person in people:
        role = person.role.label if person.role else "Platform administrator"
        table.add_row(person.email, person.full_name, role)
    console.print(table)
    console.print(f"Every demo account's password is [bold]{DEMO_PASSWORD}[/bold]")
    _print_demo_codes(f"http://127.0.0.1:{port}")
    console.print(f"Data directory: {settings.DATA_DIR}")
    if serve:
        console.print(f"Serving on [bold]http://127.0.0.1:{port}[/bold] (Ctrl+C to stop)")
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)


def _print_demo_codes(base: str) -> None:
    """The open workshop's and prioritising tables' codes, to try joining from a phone."""
    from thrivekit.demo.priorities import open_table_codes
    from thrivekit.demo.services import SITE_SLUG
    from thrivekit.demo.workshops import open_workshop_code
    from thrivekit.sites.models import Site

    site = Site.objects.get(slug=SITE_SLUG)
    code = open_workshop_code(site)
    if code:
        console.print(
            f"Open workshop: join with code [bold]{code}[/bold] at {base}/join/ "
            f"(or go straight to {base}/join/{code})"
        )
    for name, table_code in open_table_codes(site):
        console.print(
            f"Open prioritising workshop, {name}: code [bold]{table_code}[/bold] "
            f"at {base}/table/{table_code}"
        )


@app.command()
def serve(
    port: Annotated[int, typer.Option(envvar="PORT", help="Port to listen on")] = 8000,
    host: Annotated[str, typer.Option(envvar="HOST")] = "127.0.0.1",
    workers: Annotated[int, typer.Option(envvar="WEB_CONCURRENCY")] = 2,
) -> None:
    """Serve with gunicorn and production settings (needs SECRET_KEY and ALLOWED_HOSTS)."""
    os.environ.setdefault("THRIVEKIT_ENV", "production")
    try:
        _django("production")
    except Exception as error:  # ImproperlyConfigured and friends: say it plainly
        err_console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    from django.core.management import call_command

    _migrate()
    call_command("collectstatic", interactive=False, verbosity=0)
    args = [
        sys.executable, "-m", "gunicorn", "thrivekit.config.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", str(workers), "--access-logfile", "-",
    ]  # fmt: skip
    os.execv(sys.executable, args)


@app.command()
def worker(
    once: Annotated[bool, typer.Option(help="Stop when no task is waiting")] = False,
) -> None:
    """Run background tasks (imports, simulations, report builds) as they are queued."""
    _django("production")
    from thrivekit.tasks.services import worker_run

    console.print("Waiting for tasks (Ctrl+C to stop)…" if not once else "Running waiting tasks…")
    done = worker_run(once=once)
    console.print(f"{done} task(s) run.")


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def manage(ctx: typer.Context) -> None:
    """Run a Django management command, for example `thrivekit manage migrate`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thrivekit.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["thrivekit manage", *ctx.args])


@instruments_app.command("validate")
def instruments_validate(
    file: Annotated[Path, typer.Argument(help="A YAML instrument file")],
) -> None:
    """Check an instrument file; list every problem with its line number."""
    from thrivekit import instruments

    problems = instruments.validate_file(file)
    if problems:
        for problem in problems:
            err_console.print(str(problem), markup=False, highlight=False)
        err_console.print(f"[red]{file} is not a valid instrument file.[/red]")
        raise typer.Exit(2)
    model = instruments.load_file(file)
    console.print(f"{file}: valid {model.kind} '{model.title}' version {model.version}")


@instruments_app.command("load")
def instruments_load(
    file: Annotated[Path, typer.Argument(help="A YAML instrument file")],
    site: Annotated[str, typer.Option(help="The site's web address name, e.g. northbridge")],
) -> None:
    """Load an alternative wording for a site (it replaces that kind's wording in use)."""
    _django("development")
    from thrivekit.instrument_library.services import InstrumentRejected, site_instrument_load
    from thrivekit.sites.models import Site

    target = Site.objects.filter(slug=site).first()
    if target is None:
        err_console.print(f"[red]There is no site called {site!r}.[/red]")
        raise typer.Exit(2)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        err_console.print(f"[red]{file}: cannot read the file ({error}).[/red]")
        raise typer.Exit(2) from error
    try:
        loaded = site_instrument_load(site=target, text=text, source_name=file.name)
    except InstrumentRejected as error:
        for problem in error.problems:
            err_console.print(problem, markup=False, highlight=False)
        raise typer.Exit(2) from error
    console.print(f"{loaded.title} version {loaded.version} is now in use at {target.name}.")


REPORT_FORMATS = ("html", "pdf", "docx", "xlsx")


@app.command()
def report(
    site: Annotated[str, typer.Option(help="The site's web address name, e.g. northbridge")],
    out: Annotated[Path, typer.Option(help="The file to write")],
    file_format: Annotated[str, typer.Option("--format", help="html, pdf, docx or xlsx")] = "html",
    sections: Annotated[
        str, typer.Option(help="Section ids to include, comma-separated (default: all)")
    ] = "",
    summary: Annotated[str, typer.Option(help="The executive summary")] = "",
) -> None:
    """Build a draft of a site's Phase 1 report and write it to a file."""
    if file_format not in REPORT_FORMATS:
        err_console.print(
            f"[red]There is no report format {file_format!r}: use one of "
            f"{', '.join(REPORT_FORMATS)}.[/red]"
        )
        raise typer.Exit(2)
    _django("development")
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from thrivekit.reports.assemble import SECTION_IDS, report_assemble
    from thrivekit.reports.render import render
    from thrivekit.sites.models import Site

    target = Site.objects.filter(slug=site).first()
    if target is None:
        err_console.print(f"[red]There is no site called {site!r}.[/red]")
        raise typer.Exit(2)
    chosen = [s.strip() for s in sections.split(",") if s.strip()] or list(SECTION_IDS)
    unknown = [s for s in chosen if s not in SECTION_IDS]
    if unknown:
        err_console.print(
            f"[red]Unknown sections: {', '.join(unknown)}. Choose from "
            f"{', '.join(SECTION_IDS)}.[/red]"
        )
        raise typer.Exit(2)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        step = bar.add_task("Assembling the report", total=len(chosen) + 1)

        def progress(fraction: float, message: str) -> None:
            bar.update(step, completed=fraction * len(chosen), description=message)

        built = report_assemble(
            site=target, sections=chosen, executive_summary=summary, progress=progress
        )
        bar.update(step, completed=len(chosen), description=f"Drawing the {file_format} file")
        data = render(built, file_format)
        bar.update(step, completed=len(chosen) + 1)
    try:
        out.write_bytes(data)
    except OSError as error:
        err_console.print(f"[red]{out}: cannot write the file ({error.strerror}).[/red]")
        raise typer.Exit(2) from error
    console.print(
        f"The {file_format} report of {target.name} ({len(chosen)} sections) is in {out}."
    )


def _register_analysis_commands() -> None:
    # The pure-Python analysis commands live beside their packages.
    from thrivekit.activity.cli import analyse_command, synth_command
    from thrivekit.consensus.cli import consensus_command
    from thrivekit.feedback.cli import feedback_app
    from thrivekit.modelling.cli import model_command
    from thrivekit.pathways.cli import pathways_app

    app.command("analyse")(analyse_command)
    app.command("synth")(synth_command)
    app.command("consensus")(consensus_command)
    app.command("model")(model_command)
    app.add_typer(pathways_app, name="pathways")
    app.add_typer(feedback_app, name="feedback")


_register_analysis_commands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
