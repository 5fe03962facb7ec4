#!/usr/bin/env python3
"""`make loadtest`: a room of participants answers one workshop against the production server.

For each database (SQLite, then PostgreSQL) this script prepares a fresh database with one open
workshop (the full THRIVE Assessment and Implementation Checklist: 55 questions), starts
`thrivekit serve` (gunicorn, production settings, 2 workers) and drives PARTICIPANTS simulated
phones over loopback. Each phone opens the join page, joins (local area, sector, table), then
answers every question as the page does when a participant taps an answer (an HTMX post that
saves it). Arrivals are spread over the first 15 seconds and answers paced so that the room
finishes in about two minutes. Afterwards it counts the answers in the database.

It fails (exit status 1) unless, for every database: answers sent = answers stored, no request
failed, and the 95th percentile latency is under the budget. The figures are written to
docs/benchmarks.md between the loadtest markers.

    python scripts/loadtest.py [--participants 300] [--databases sqlite,postgres]
"""

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "docs/benchmarks.md"
PG_ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = "thrivekit_loadtest"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SECTORS = ["gp-primary-care", "secondary-school", "social-care-safeguarding", "young-person",
           "parent-carer", "voluntary-sector", "cyp-mental-health", "police"]  # fmt: skip


# --- Run inside a child process with Django set up ------------------------------------------


def setup_workshop() -> None:
    """Migrate the fresh database and print the open workshop's code, areas and tables."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from thrivekit.sites.services import site_create
    from thrivekit.workshops import selectors, services

    site = site_create(
        name="Loadtown", slug="loadtown", local_areas=["North", "South", "East", "West"]
    )
    workshop = services.workshop_create(
        site=site,
        title="Load test",
        includes_assessment=True,
        includes_checklist=True,
        principles=[],
        levels=[],
        table_names=[f"Table {n}" for n in range(1, 21)],
    )
    services.workshop_open(workshop=workshop)
    from thrivekit.sites.selectors import site_local_areas
    from thrivekit.workshops.presenters import questions

    print(
        json.dumps(
            {
                "code": workshop.join_code,
                "workshop": str(workshop.id),
                "areas": [str(a.id) for a in site_local_areas(site=site)],
                "tables": [str(t.id) for t in selectors.workshop_tables(workshop=workshop)],
                "questions": [q.kind for q in questions(workshop=workshop)],
            }
        )
    )


def count_answers(workshop_id: str) -> None:
    import django

    django.setup()
    from thrivekit.workshops.models import AssessmentAnswer, ChecklistAnswer, Participant

    print(
        json.dumps(
            {
                "participants": Participant.objects.filter(workshop_id=workshop_id).count(),
                "answers": AssessmentAnswer.objects.filter(
                    participant__workshop_id=workshop_id
                ).count()
                + ChecklistAnswer.objects.filter(participant__workshop_id=workshop_id).count(),
            }
        )
    )


# --- The driver ----------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    answers_sent: int = 0
    joined: int = 0


class Phone:
    """One participant's phone: its own cookies (kept by hand: they are Secure cookies and
    the load runs over plain HTTP behind a pretend TLS proxy)."""

    def __init__(self, session, base: str, stats: Stats):
        self.session, self.base, self.stats = session, base, stats
        self.cookies: dict[str, str] = {}

    async def request(self, method: str, path: str, data=None, htmx=False) -> tuple[int, str]:
        headers = {
            "X-Forwarded-Proto": "https",
            "Origin": self.base.replace("http://", "https://"),
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if htmx:
            headers["HX-Request"] = "true"
        started = time.perf_counter()
        try:
            async with self.session.request(
                method, self.base + path, data=data, headers=headers, allow_redirects=False
            ) as response:
                body = await response.text()
                for name, morsel in response.cookies.items():
                    self.cookies[name] = morsel.value
                status = response.status
        except Exception as error:  # noqa: BLE001 - every failure is counted and reported
            self.stats.errors.append(f"{method} {path}: {error!r}")
            return 0, ""
        self.stats.latencies.append(time.perf_counter() - started)
        return status, body


async def participant(phone: Phone, plan: dict, number: int, *, delay: float, gap: float):
    rng = random.Random(number)
    await asyncio.sleep(delay)
    code = plan["code"]
    status, body = await phone.request("GET", f"/join/{code}")
    token = CSRF_RE.search(body)
    if status != 200 or not token:
        phone.stats.errors.append(f"join page: {status}")
        return
    form = {
        "csrfmiddlewaretoken": token[1],
        "local_area": plan["areas"][number % len(plan["areas"])],
        "sector": SECTORS[number % len(SECTORS)],
        "table": plan["tables"][number % len(plan["tables"])],
        "name": "",
    }
    status, _ = await phone.request("POST", f"/join/{code}", data=form)
    if status != 302:
        phone.stats.errors.append(f"join: {status}")
        return
    phone.stats.joined += 1
    for index, kind in enumerate(plan["questions"], start=1):
        await asyncio.sleep(rng.uniform(0.5, 1.5) * gap)
        answer = {"csrfmiddlewaretoken": token[1]}
        if kind == "assessment":
            answer["score"] = rng.choice(["1", "2", "2", "3", "3", "4", "dont_know"])
        else:
            answer["status"] = rng.choice(["in_place", "in_progress", "not_started", "dont_know"])
            if rng.random() < 0.1:
                answer["comment"] = "We need joint training, call 07700 900123."
                answer["tag"] = "support"
        status, body = await phone.request(
            "POST", f"/join/{code}/questions/{index}", data=answer, htmx=True
        )
        if status == 200 and "Saved" in body:
            phone.stats.answers_sent += 1
        else:
            phone.stats.errors.append(f"answer {index}: {status} {body[:80]!r}")


async def drive(base: str, plan: dict, participants: int, duration: float) -> tuple[Stats, float]:
    import aiohttp

    stats = Stats()
    arrival = 15.0
    gap = (duration - arrival) / len(plan["questions"])
    connector = aiohttp.TCPConnector(limit=participants, force_close=True)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as session:
        started = time.perf_counter()
        await asyncio.gather(
            *(
                participant(
                    Phone(session, base, stats),
                    plan,
                    n,
                    delay=arrival * n / participants,
                    gap=gap,
                )
                for n in range(participants)
            )
        )
        elapsed = time.perf_counter() - started
    return stats, elapsed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child(env: dict, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def fresh_postgres() -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {PG_DATABASE}")
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DATABASE}"


def run_one(database: str, participants: int, duration: float) -> dict:
    home = Path(tempfile.mkdtemp(prefix="thrivekit-load-"))
    port = free_port()
    env = {
        **os.environ,
        "THRIVEKIT_HOME": str(home),
        "THRIVEKIT_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "thrivekit.config.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
    }
    env["DATABASE_URL"] = (
        fresh_postgres() if database == "postgres" else f"sqlite:///{home / 'load.sqlite3'}"
    )
    plan = child(env, "--setup")
    server_log = (home / "server.log").open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "thrivekit"), "serve", "--port", str(port),
         "--workers", "2"],
        env={**env, "GUNICORN_CMD_ARGS": "--access-logfile /dev/null"},
        stdout=subprocess.DEVNULL,
        stderr=server_log,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server, home / "server.log")
        stats, elapsed = asyncio.run(drive(base, plan, participants, duration))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()
    if stats.errors:
        print((home / "server.log").read_text()[-3000:], file=sys.stderr)
    stored = child(env, "--count", plan["workshop"])
    shutil.rmtree(home, ignore_errors=True)
    latencies = sorted(stats.latencies)
    return {
        "database": database,
        "participants": participants,
        "joined": stats.joined,
        "requests": len(latencies),
        "errors": len(stats.errors),
        "error_examples": stats.errors[:5],
        "answers_sent": stats.answers_sent,
        "answers_stored": stored["answers"],
        "expected_answers": participants * len(plan["questions"]),
        "seconds": round(elapsed, 1),
        "throughput": round(len(latencies) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1)
        if latencies
        else None,
        "max_ms": round(1000 * latencies[-1], 1) if latencies else None,
    }


def wait_until_up(base: str, server: subprocess.Popen, log: Path) -> None:
    import urllib.request

    request = urllib.request.Request(base + "/health", headers={"X-Forwarded-Proto": "https"})
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit(f"the server stopped:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not start within a minute")


def passed(result: dict, budget_ms: float) -> list[str]:
    problems = []
    if result["answers_sent"] != result["answers_stored"]:
        problems.append(
            f"{result['answers_sent']} answers sent but {result['answers_stored']} stored"
        )
    if result["answers_sent"] != result["expected_answers"]:
        problems.append(f"{result['answers_sent']} of {result['expected_answers']} answers sent")
    if result["errors"]:
        problems.append(f"{result['errors']} failed requests, e.g. {result['error_examples']}")
    if result["p95_ms"] is None or result["p95_ms"] >= budget_ms:
        problems.append(f"p95 {result['p95_ms']} ms is not under {budget_ms} ms")
    return problems


def write_benchmarks(results: list[dict], command: str) -> None:
    lines = [
        "<!-- loadtest:start -->",
        "## Live workshop load test (`make loadtest`)",
        "",
        f"`{command}` on this 2-core machine: gunicorn with production settings and 2 sync "
        "workers; each simulated phone joins one workshop and answers all 55 questions "
        "(24 assessment items, 31 checklist actions) as HTMX saves, arrivals over 15 s.",
        "",
        "| Database | Participants | Requests | Errors | Answers sent | Answers stored | "
        "Duration (s) | Throughput (req/s) | p50 (ms) | p95 (ms) | Max (ms) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['database']} | {r['participants']} | {r['requests']} | {r['errors']} | "
            f"{r['answers_sent']} | {r['answers_stored']} | {r['seconds']} | {r['throughput']} | "
            f"{r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} |"
        )
    lines += ["", f"Measured {time.strftime('%Y-%m-%d')}.", "<!-- loadtest:end -->"]
    section = "\n".join(lines)
    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else "# Benchmarks\n"
    pattern = re.compile(r"<!-- loadtest:start -->.*?<!-- loadtest:end -->", re.S)
    text = pattern.sub(section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    BENCHMARKS.write_text(text.rstrip() + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--duration", type=float, default=120.0, help="target seconds for the room")
    parser.add_argument("--p95-budget-ms", type=float, default=300.0)
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--count", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        return setup_workshop()
    if args.count:
        return count_answers(args.count)
    results, failures = [], []
    for database in args.databases.split(","):
        print(f"Load test on {database}: {args.participants} participants…", flush=True)
        result = run_one(database, args.participants, args.duration)
        results.append(result)
        print(json.dumps(result, indent=2), flush=True)
        failures += [f"{database}: {p}" for p in passed(result, args.p95_budget_ms)]
    if not args.no_write:
        write_benchmarks(results, " ".join(["python scripts/loadtest.py", *sys.argv[1:]]))
    if failures:
        print("FAILED:\n" + "\n".join(failures), file=sys.stderr)
        raise SystemExit(1)
    print("All load test targets met.")


if __name__ == "__main__":
    main()
