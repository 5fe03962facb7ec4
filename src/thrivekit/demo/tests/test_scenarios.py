"""The demo's "Current system" scenario carries on the extract's recent history."""

import pytest

from thrivekit.demo.activity import seed_extract
from thrivekit.demo.scenarios import CURRENT, seed_scenarios
from thrivekit.extracts.selectors import extracts_for_site
from thrivekit.scenarios.selectors import scenarios_for_site


@pytest.mark.django_db
def test_the_current_system_keeps_the_waiting_list_and_waits_the_extract_shows(site):
    # Given the demo extract and its dashboard figures
    seed_extract(site)
    analysis = extracts_for_site(site=site).get().analysis
    waiting_now = analysis["waits"]["still_waiting"]
    last_year = [m["waiting_list"] for m in analysis["monthly"][-12:]]
    # When the demo's scenarios are calibrated from it and simulated
    seed_scenarios(site)
    current = scenarios_for_site(site=site).get(name=CURRENT)
    overall = current.result["overall"]
    # Then the model starts from the dashboard's waiting list and neither empties it nor
    # lets it explode: the year's mean list is within 25% of today's and of last year's
    # growth path (the list grew by a quarter over the extract's last year)
    starting = sum(
        len(s.get("initial_waiting_list", [])) + len(s.get("initial_unseen_list", []))
        for s in current.definition["services"]
    )
    assert starting == waiting_now
    mean_list = overall["queue_length"]["mean"]
    assert 0.75 * waiting_now < mean_list < 1.25 * waiting_now
    assert mean_list > 0.9 * max(last_year)
    # and new referrals wait about as long for a first contact as the extract shows
    median = analysis["waits"]["first_contact"]["median"]
    assert abs(overall["first_contact_wait_days"]["median"] - median) < 0.25 * median
    # and the description says where the capacity came from
    assert "inferred from the first contacts" in current.description
