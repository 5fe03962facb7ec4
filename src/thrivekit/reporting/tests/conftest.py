"""A small report with every kind of block, as the assembler would build it."""

import pytest

from thrivekit.charts.specs import checklist_statuses
from thrivekit.reporting.document import (
    Bullets,
    Chart,
    Empty,
    Paragraph,
    Quote,
    Report,
    Section,
    Subheading,
    Table,
)

BAR_SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.20.1.json",
    "data": {
        "values": [
            {"service": "Getting advice", "referrals": 40},
            {"service": "Getting help", "referrals": 85},
            {"service": "Getting more help", "referrals": 25},
        ]
    },
    "mark": "bar",
    "encoding": {
        "x": {"field": "referrals", "type": "quantitative", "title": "Referrals"},
        "y": {"field": "service", "type": "nominal", "title": None},
    },
    "width": "container",
}


def sample_report() -> Report:
    checklist = checklist_statuses(
        [
            {"action": "a", "number": 10, "label": "Shared language", "status": s, "count": c}
            for s, c in (("in_place", 10), ("in_progress", 20), ("not_started", 15))
        ]
    )
    return Report(
        title="Phase 1 analysis report and implementation plan",
        site_name="Riverside <Place> & Co",
        prepared="2026-12-05",
        version_label="Draft",
        executive_summary="The site mapped its pathway.\n\nNext, the redesign.",
        sections=(
            Section(
                id="engagement",
                title="Engagement and coverage",
                step="engage",
                blocks=(
                    Paragraph("People from every part of the system took part."),
                    Bullets(("Schools", "GP practices", "Voluntary sector")),
                    Table(
                        caption="People who took part, by group",
                        columns=("Group", "People", "Share"),
                        rows=(
                            ("Young people", "<8", None),
                            ("Parents and carers", 15, "40%"),
                            ("=1+1", 20, "55%"),
                        ),
                        note="Counts of 1 to 7 are shown as <8; others rounded to the nearest 5.",
                    ),
                    Chart(
                        title="Referrals by THRIVE grouping",
                        spec=BAR_SPEC,
                        description="Bar chart: Getting help has the most referrals, 85.",
                    ),
                ),
            ),
            Section(
                id="assessment",
                title="THRIVE Assessment and checklist",
                step="assess",
                blocks=(
                    Subheading("Where the site stands"),
                    Chart(
                        title="Checklist status",
                        spec=checklist,
                        description="Stacked bar chart of the status of one checklist action.",
                    ),
                    Quote("We finally talk the same language.", "A practitioner, Riverside"),
                    Table(
                        caption="Checklist actions in place",
                        columns=("Action", "Status"),
                        rows=(("Shared language", "In progress"),),
                    ),
                ),
            ),
            Section(
                id="qualitative",
                title="What people told us",
                step="understand",
                blocks=(
                    Empty(
                        message="No qualitative feedback has been imported yet.",
                        fills_it="Step 2, Understanding your system: import a survey export.",
                    ),
                ),
            ),
        ),
    )


@pytest.fixture(scope="session")
def report() -> Report:
    return sample_report()
