"""What the activity dashboard shows people who are not analysts (issue 13 items 3-6, 14)."""

import copy
from itertools import product

import pytest

from thrivekit.disclosure import SUPPRESSED, DisclosurePolicy, published_range
from thrivekit.disclosure.tests.analysis_json import analysis, older
from thrivekit.extracts.presenters import Figures, checklist_evidence, dashboard
from thrivekit.sites.models import Role

VIEWER = Figures(exact=False, policy=DisclosurePolicy())
ANALYST = Figures(exact=True, policy=DisclosurePolicy())


def test_bottleneck_sentences_use_controlled_figures():
    # Given a team whose waiting list grew from 2 to 7, and one from 12 to 43
    board = dashboard(analysis=analysis(), figures=VIEWER)
    sentences = {(b["team"], b["detail"][:20]): b["detail"] for b in board["bottlenecks"]}
    # Then a viewer does not see 2 or 7, and sees the others rounded
    assert sentences[("Crisis", "Waiting list grew by")] == (
        "Waiting list grew by more than 20% in six months (the numbers are too small to show)."
    )
    assert sentences[("Core CAMHS", "Waiting list grew fr")] == (
        "Waiting list grew from 10 to 45 in six months (about +350%)."
    )
    # And capacity use is published from the rounded counts behind it
    capacity = sentences[("Core CAMHS", "Attended contacts us")]
    assert "95% of the recorded appointments over 3 month(s)" in capacity


def test_analysts_still_see_the_exact_sentence():
    board = dashboard(analysis=analysis(), figures=ANALYST)
    assert (
        board["bottlenecks"][0]["detail"]
        == "Waiting list grew from 2 to 7 in six months (+250.0%)."
    )


def test_an_older_bottleneck_without_its_figures_is_not_shown_exactly():
    data = analysis()
    for b in data["bottlenecks"]:
        for key in ("then", "now", "used", "available"):
            b.pop(key, None)
    board = dashboard(analysis=data, figures=VIEWER)
    text = " ".join(b["detail"] for b in board["bottlenecks"])
    assert "43" not in text and "96" not in text and "258" not in text


def test_team_did_not_attend_rate_counts_the_missed_appointments_in_its_denominator():
    # Given a team with 80 attended and 10 missed: 10 of 90, not 10 of 80
    board = dashboard(analysis=analysis(), figures=VIEWER)
    core = board["teams"][0]
    assert core["dna_rate"] == "11.1"  # 10 / 90 from published counts; 10 / 80 would be 12.5


def test_team_median_wait_is_gated_on_the_waits_behind_it():
    # Given Crisis with 20 referrals but only 3 waits behind its median
    data = analysis()
    data["teams"][1]["referrals"] = 20
    board = dashboard(analysis=data, figures=VIEWER)
    assert board["teams"][1]["median_wait"] == SUPPRESSED
    assert board["teams"][0]["median_wait"] == "24"


def test_an_older_analysis_without_the_counts_hides_rates_and_medians():
    data = copy.deepcopy(analysis())
    for team in data["teams"]:
        for key in ("dna_rate_numerator", "dna_rate_denominator", "first_contact_waits_n"):
            team.pop(key)
    data["contacts"].pop("dna_rate_numerator")
    board = dashboard(analysis=data, figures=VIEWER)
    assert [t["dna_rate"] for t in board["teams"]] == [SUPPRESSED, SUPPRESSED]
    assert [t["median_wait"] for t in board["teams"]] == [SUPPRESSED, SUPPRESSED]
    assert dict(board["summary"])["Did not attend rate"] == SUPPRESSED


def test_summary_rates_come_from_their_counts():
    board = dashboard(analysis=analysis(), figures=VIEWER)
    summary = dict(board["summary"])
    assert summary["Did not attend rate"] == "10%"
    # 22 of 40 is published as 20 of 40
    assert summary["Seen within 4 weeks"] == "50%"
    assert checklist_evidence(analysis=analysis(), figures=VIEWER) == {
        "ic-13": "91.7% of open referrals with a needs-based grouping recorded"
    }


def recoverable(cells, total):
    """Brute force: suppressed cells a reader pins to one value in 1..7 from the total."""
    if total == SUPPRESSED:
        return set()
    low_t, high_t = published_range(total)
    lone = cells.count(SUPPRESSED) == 1
    ranges = [
        range(1, (7 if lone else high_t) + 1)
        if c == SUPPRESSED
        else range(published_range(c)[0], published_range(c)[1] + 1)
        for c in cells
    ]
    seen = [set() for _ in cells]
    for values in product(*ranges):
        if low_t <= sum(values) <= high_t:
            for i, v in enumerate(values):
                seen[i].add(v)
    return {i for i, c in enumerate(cells) if c == SUPPRESSED and len(seen[i]) == 1}


@pytest.mark.parametrize(
    ("column", "total"),
    [
        (lambda b: [t["waiting_now"] for t in b["teams"]], "Waiting for a first contact now"),
        (lambda b: [count for _, count in b["waiting_bands"]], "Waiting for a first contact now"),
        (lambda b: [t["referrals"] for t in b["teams"]], "Referrals"),
        (lambda b: [count for _, count in b["sources"]], "Referrals"),
    ],
)
def test_no_hidden_cell_can_be_worked_out_from_a_total_on_the_page(column, total):
    # Given teams waiting 17 and 3 of 20, bands 1, 9, 10 of 20, sources 57 and 3 of 60
    board = dashboard(analysis=analysis(), figures=VIEWER)
    cells = column(board)
    shown_total = dict(board["summary"])[total]
    # Then every hidden cell has more than one possible value
    assert SUPPRESSED in cells
    assert not recoverable(cells, shown_total if shown_total == SUPPRESSED else int(shown_total))


def test_empty_months_are_named_in_a_warning():
    board = dashboard(analysis=analysis(), figures=VIEWER)
    assert board["empty_months"] == ["2024-02"]


def test_capacity_just_over_the_limit_is_not_shown_under_it_after_rounding():
    # Given 86 contacts used of 101 appointments (85.1%), published as 85 of 100 (85.0%)
    data = analysis()
    capacity = data["bottlenecks"][2]
    capacity.update(used=86, available=101, value=85.1)
    board = dashboard(analysis=data, figures=VIEWER)
    # Then the sentence does not claim a share under the limit it broke
    assert board["bottlenecks"][2]["detail"] == (
        "Attended contacts used more than 85% of the recorded appointments over 3 month(s)."
    )


def test_growth_hidden_by_rounding_is_not_shown_as_no_growth():
    # Given a waiting list that grew from 13 to 16 (+23%), published as 15 and 15
    data = analysis()
    data["bottlenecks"][1].update(then=13, now=16, value=23.1)
    board = dashboard(analysis=data, figures=VIEWER)
    # Then the sentence keeps the finding and the published size, not "from 15 to 15"
    assert board["bottlenecks"][1]["detail"] == (
        "Waiting list grew by more than 20% in six months, to about 15."
    )


@pytest.mark.django_db
def test_a_viewer_sees_the_page_built_from_controlled_figures(client, site, member, signed_in):
    # Given a stored analysis with a small team, a small band and an empty month
    from bs4 import BeautifulSoup
    from django.urls import reverse

    from thrivekit.extracts.models import Extract

    extract = Extract.objects.create(site=site, name="Stored", analysis=analysis())
    signed_in(member(Role.VIEWER))
    # When a viewer opens it
    page = client.get(
        reverse("extracts:detail", kwargs={"site_slug": site.slug, "extract_id": extract.id})
    )
    soup = BeautifulSoup(page.text, "html.parser")
    # Then the empty month is named in a warning
    assert "2024-02" in soup.select_one("[data-testid=empty-months]").text
    # And the still-waiting bands, bottlenecks and team table show no count of 1 to 7
    bands = [td.text for td in soup.select("[data-testid=waiting-bands] td")]
    assert bands == ["*", "10", "10", "0", "0"]
    bottlenecks = soup.select_one("[data-testid=bottlenecks]").text
    assert "from 2 to 7" not in bottlenecks and "from 10 to 45" in bottlenecks
    assert "Seen within 4 weeks" in page.text and "*%" not in page.text


def test_rows_set_aside_cannot_be_worked_out_from_rows_read_and_kept():
    # Given 117 referral rows read and 100 kept: 1, 8 and 8 set aside by three rules
    data = analysis()
    data["validation"].update(referrals_read=117, referrals_kept=100)
    data["validation"]["rejected"] = [
        {"table": "referrals", "rule": rule, "count": n, "examples": [2]}
        for rule, n in (("missing_date", 1), ("bad_code", 8), ("duplicate", 8))
    ]
    board = dashboard(analysis=data, figures=VIEWER)
    # Then the next-smallest rule is hidden too, as 117 - 100 = 17 would give the 1 away
    assert [r["count"] for r in board["validation"]["rejected"]] == ["*", "*", 10]
    assert [r["examples"] for r in board["validation"]["rejected"]] == ["", "", ""]


def test_an_older_stored_analysis_still_renders_and_shows_no_exact_rate():
    # Given an analysis stored before the new fields existed
    data = older(analysis())
    board = dashboard(analysis=data, figures=VIEWER)
    # Then every rate and team median is *, and no bottleneck sentence has its exact figures
    summary = dict(board["summary"])
    assert summary["Did not attend rate"] == summary["Seen within 4 weeks"] == SUPPRESSED
    assert {t["dna_rate"] for t in board["teams"]} == {SUPPRESSED}
    assert {t["median_wait"] for t in board["teams"]} == {SUPPRESSED}
    assert {m["referrals_pct"] for m in board["mix"]} == {SUPPRESSED}
    assert [value for _, _, value in board["evidence"]] == [SUPPRESSED]
    details = " ".join(b["detail"] for b in board["bottlenecks"])
    assert "43" not in details and "96" not in details
    assert board["waiting_bands"] == []
    # And the analyst still sees the exact figures
    exact = dashboard(analysis=data, figures=ANALYST)
    assert dict(exact["summary"])["Did not attend rate"] == "10%"
