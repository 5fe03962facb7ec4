"""What the engagement pages show: sector coverage with its warnings, and the group."""

from collections import Counter
from dataclasses import dataclass

from thrivekit.engagement import selectors
from thrivekit.engagement.coverage import Coverage, coverage, coverage_table
from thrivekit.engagement.models import Stakeholder
from thrivekit.engagement.sectors import sector_name, sectors_instrument


@dataclass(frozen=True)
class CoverageWarning:
    where: str
    text: str


def group_warnings(group: list[Stakeholder]) -> list[str]:
    """What the transformation group still lacks: a chair, a lead, champions."""
    roles = Counter(member.group_role for member in group)
    warnings = []
    if not roles[Stakeholder.GroupRole.CHAIR]:
        warnings.append("The transformation group has no chair yet: it needs a senior chair.")
    if not roles[Stakeholder.GroupRole.IMPLEMENTATION_LEAD]:
        warnings.append("No implementation lead has been named yet.")
    if not roles[Stakeholder.GroupRole.CHAMPION]:
        warnings.append("No i-THRIVE champions have been named yet.")
    return warnings


def coverages(*, site) -> list[Coverage]:
    """The group, the register and each workshop that people have joined, in that order."""
    instrument = sectors_instrument()
    group = selectors.transformation_group(site=site)
    register = selectors.stakeholders_for_site(site=site)
    found = [
        coverage(
            title="Transformation group",
            sector_ids=group.values_list("sector", flat=True),
            instrument=instrument,
        ),
        coverage(
            title="Stakeholder register",
            sector_ids=register.values_list("sector", flat=True),
            instrument=instrument,
        ),
    ]
    for workshop, sectors in selectors.workshop_sectors(site=site):
        found.append(coverage(title=workshop.title, sector_ids=sectors, instrument=instrument))
    return found


def coverage_warnings(found: list[Coverage]) -> list[CoverageWarning]:
    warnings = []
    for each in found:
        if each.people == 0:
            warnings.append(CoverageWarning(each.title, "No one yet."))
            continue
        warnings += [CoverageWarning(each.title, gap.warning) for gap in each.gaps]
    return warnings


def overview(*, site) -> dict:
    group = list(selectors.transformation_group(site=site))
    found = coverages(site=site)
    statuses = Counter(selectors.stakeholders_for_site(site=site).values_list("status", flat=True))
    return {
        "group": group,
        "group_warnings": group_warnings(group),
        "coverage": coverage_table(found, instrument=sectors_instrument()),
        "warnings": coverage_warnings(found),
        "statuses": [
            (value, label, statuses.get(value, 0)) for value, label in Stakeholder.Status.choices
        ],
        "register_size": sum(statuses.values()),
        "recent_log": list(selectors.log_entries_for_site(site=site)[:5]),
        "sector_name": sector_name,
    }


def step_summary(*, site) -> dict[str, int]:
    """Figures for the Phase 1 home's Engagement card."""
    register = coverage(
        title="Stakeholder register",
        sector_ids=selectors.stakeholders_for_site(site=site).values_list("sector", flat=True),
        instrument=sectors_instrument(),
    )
    return {
        "stakeholders": register.people,
        "group": selectors.transformation_group(site=site).count(),
        "register_gaps": len(register.gaps),
    }
