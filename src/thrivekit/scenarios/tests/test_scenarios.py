import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thrivekit.scenarios import services
from thrivekit.scenarios.models import Scenario
from thrivekit.sites.models import Role

SMALL = {
    "horizon_days": 120,
    "warmup_days": 0,
    "replications": 2,
    "seed": 3,
    "services": [
        {
            "id": "advice",
            "name": "Getting Advice",
            "arrivals_per_day": 2.0,
            "servers": 4,
            "service_days": {"dist": "exponential", "mean": 1.5},
            "routing": {"help": 0.3, "exit": 0.7},
        },
        {
            "id": "help",
            "name": "Getting Help",
            "arrivals_per_day": 1.0,
            "servers": 24,
            "service_days": {"dist": "exponential", "mean": 10},
            "routing": {"exit": 1.0},
        },
    ],
}


def url(name, scenario=None, site=None):
    site = site or scenario.site
    kwargs = {"site_slug": site.slug}
    if scenario is not None:
        kwargs["scenario_id"] = scenario.id
    return reverse(name, kwargs=kwargs)


@pytest.mark.django_db
def test_a_scenario_file_is_loaded_and_its_instant_answers_shown(client, site, member, signed_in):
    signed_in(member(Role.ANALYST))
    import json

    response = client.post(
        url("scenarios:new", site=site),
        {
            "source": "file",
            "name": "Two services",
            "file": SimpleUploadedFile("s.json", json.dumps(SMALL).encode()),
        },
    )
    scenario = Scenario.objects.for_site(site).get()
    assert response.url == url("scenarios:detail", scenario)
    page = client.get(response.url)
    table = BeautifulSoup(page.text, "html.parser").select_one("[data-testid=instant-answers]")
    assert "Getting Advice" in table.text and "Getting Help" in table.text


@pytest.mark.django_db
def test_an_invalid_scenario_file_is_refused_naming_the_field(client, site, member, signed_in):
    signed_in(member(Role.ANALYST))
    import json

    bad = {**SMALL, "services": [{**SMALL["services"][0], "routing": {"help": 0.5, "exit": 0.2}}]}
    response = client.post(
        url("scenarios:new", site=site),
        {
            "source": "file",
            "name": "Bad",
            "file": SimpleUploadedFile("b.json", json.dumps(bad).encode()),
        },
    )
    assert "routing" in response.text
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_the_sliders_answer_at_once_and_a_what_if_can_be_saved(client, site, member, signed_in):
    scenario = services.scenario_create(site=site, name="Today", definition=SMALL)
    signed_in(member(Role.ANALYST))
    # When demand for Getting Help doubles and its capacity halves, it is over capacity
    answers = client.get(
        url("scenarios:detail", scenario) + "?dem-help=300&cap-help=50",
        headers={"HX-Request": "true"},
    )
    assert "over capacity" in answers.text
    assert "<h1>" not in answers.text  # only the answers are swapped in
    # And the change can be saved as a new scenario based on the first
    response = client.post(
        url("scenarios:variant", scenario), {"name": "Less help", "cap-help": "50"}
    )
    variant = Scenario.objects.get(name="Less help")
    assert response.url == url("scenarios:detail", variant)
    assert variant.based_on == scenario
    servers = next(s["servers"] for s in variant.definition["services"] if s["id"] == "help")
    assert servers == 12


def test_moving_demand_between_services_keeps_the_total():
    changed = services.apply_changes(
        SMALL, {"services": {}, "shift": {"from": "help", "to": "advice", "share_pct": 50}}
    )
    by_id = {s["id"]: s for s in changed["services"]}
    assert by_id["help"]["arrivals_per_day"] == pytest.approx(0.5)
    assert by_id["advice"]["arrivals_per_day"] == pytest.approx(2.5)


@pytest.mark.django_db
def test_a_simulation_runs_as_a_task_and_scenarios_compare_side_by_side(
    client, site, member, signed_in
):
    first = services.scenario_create(site=site, name="Today", definition=SMALL)
    second = services.scenario_create(
        site=site,
        name="More help",
        definition=services.apply_changes(SMALL, {"services": {"help": {"capacity_pct": 150}}}),
    )
    signed_in(member(Role.SITE_LEAD))
    for scenario in (first, second):
        client.post(url("scenarios:simulate", scenario))
        scenario.refresh_from_db()
        assert scenario.task.status == "done", scenario.task.error
        assert scenario.result["schema"] == "thrivekit.model/1"
    page = client.get(url("scenarios:detail", first))
    assert BeautifulSoup(page.text, "html.parser").select_one("[data-testid=simulation]")
    compare = client.get(
        url("scenarios:compare", site=site) + f"?scenario={first.id}&scenario={second.id}"
    )
    table = BeautifulSoup(compare.text, "html.parser").select_one("[data-testid=comparison]")
    assert "Today" in table.text and "More help" in table.text and "Mean wait" in table.text


@pytest.mark.django_db
def test_the_current_system_is_calibrated_from_an_imported_extract(site, tmp_path):
    import datetime as dt

    from django.core.files import File

    from thrivekit.activity import write_extract
    from thrivekit.extracts.services import extract_upload

    paths = write_extract(tmp_path / "x", referrals=800, seed=4, end=dt.date(2025, 12, 31))
    with open(paths["referrals"], "rb") as r, open(paths["contacts"], "rb") as c:
        extract = extract_upload(
            site=site,
            name="Extract",
            files={"referrals": File(r, name="r.csv"), "contacts": File(c, name="c.csv")},
            as_of=dt.date(2025, 12, 31),
            uploaded_by=None,
        )
    extract.refresh_from_db()
    scenario = services.scenario_calibrate(site=site, extract=extract, name="Current system")
    assert len(scenario.definition["services"]) >= 3
    assert any(s.get("initial_waiting_list") for s in scenario.definition["services"])


@pytest.mark.django_db
def test_a_changed_priority_rule_is_saved_with_the_what_if(client, site, member, signed_in):
    scenario = services.scenario_create(site=site, name="Today", definition=SMALL)
    signed_in(member(Role.ANALYST))
    # Given the page offers the rule for who is seen next, set to today's
    page = BeautifulSoup(client.get(url("scenarios:detail", scenario)).text, "html.parser")
    chosen = page.select_one("#rule-help option[selected]")
    assert chosen["value"] == "urgent_first"
    # When the longest waiters are seen first in Getting Help and the what-if is saved
    client.post(
        url("scenarios:variant", scenario),
        {"name": "Longest waiters first", "rule-help": "longest_waiter_first"},
    )
    # Then the new scenario simulates with that rule, and Getting Advice keeps its own
    variant = Scenario.objects.get(name="Longest waiters first")
    rules = {s["id"]: s.get("queue_rule", "urgent_first") for s in variant.definition["services"]}
    assert rules == {"help": "longest_waiter_first", "advice": "urgent_first"}
    # And a made-up rule is ignored rather than saved
    client.post(url("scenarios:variant", scenario), {"name": "Odd", "rule-help": "random"})
    odd = Scenario.objects.get(name="Odd")
    assert {s.get("queue_rule", "urgent_first") for s in odd.definition["services"]} == {
        "urgent_first"
    }


@pytest.mark.django_db
def test_a_background_simulation_shows_its_progress_then_its_results(
    client, site, member, signed_in, settings
):
    from thrivekit.tasks.services import task_run

    dated = {**SMALL, "start_date": "2026-04-01"}
    scenario = services.scenario_create(site=site, name="Today", definition=dated)
    signed_in(member(Role.SITE_LEAD))
    # Given simulations run in a worker, not in the request
    settings.THRIVEKIT_TASKS = "worker"
    client.post(url("scenarios:simulate", scenario))
    scenario.refresh_from_db()
    # Then the page shows a progress bar while it waits
    page = BeautifulSoup(client.get(url("scenarios:detail", scenario)).text, "html.parser")
    assert page.select_one("progress") is not None
    assert page.select_one("[data-testid=simulation]") is None
    # When the worker runs it, progress counts the replications
    settings.THRIVEKIT_TASKS = "eager"
    task = task_run(task_id=scenario.task.pk)
    assert task.status == "done" and task.progress == 100
    assert task.message == "Replication 2 of 2"
    # Then the results show, with the waiting list over time as a chart and as figures
    page = BeautifulSoup(client.get(url("scenarios:detail", scenario)).text, "html.parser")
    assert page.select_one("progress") is None
    assert page.select_one("[data-testid=simulation]") is not None
    assert page.select_one("script#chart-queue") is not None
    first = page.select_one("[data-testid=queue-over-time] tbody tr th")
    assert first.text == "01/04/2026"


@pytest.mark.django_db
def test_the_comparison_draws_the_scenarios_side_by_side(client, site, member, signed_in):
    import json

    dated = {**SMALL, "start_date": "2026-04-01"}
    first = services.scenario_create(site=site, name="Today", definition=dated)
    second = services.scenario_create(
        site=site,
        name="Half the help",
        definition=services.apply_changes(dated, {"services": {"help": {"capacity_pct": 50}}}),
    )
    signed_in(member(Role.SITE_LEAD))
    for scenario in (first, second):
        client.post(url("scenarios:simulate", scenario))
    compare = client.get(
        url("scenarios:compare", site=site) + f"?scenario={first.id}&scenario={second.id}"
    )
    page = BeautifulSoup(compare.text, "html.parser")
    # Then a bar per scenario shows its mean wait, and less capacity means a longer wait
    bars = json.loads(page.select_one("script#chart-compare-wait").string)
    values = {row["category"]: row["value"] for row in bars["data"]["values"]}
    assert values["Half the help"] > values["Today"]
    # And the waiting list over time has one line per scenario
    lines = page.select_one("script#chart-compare-queue").string
    assert "Today" in lines and "Half the help" in lines
