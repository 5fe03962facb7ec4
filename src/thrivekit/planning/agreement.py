"""The record of the system's agreement: what each thing that can be signed off (the plan, the
outcome framework, each grouping's future offer) looks like now, as a short summary, a version
or last-updated label and a fingerprint of its content, so a sign-off can freeze what was agreed
and a later change shows as "changed since it was agreed".

Progress is not a change to what was agreed: an action's status and RAG are left out of the
plan's fingerprint; its title, grouping, owner, dates and dependencies are in it."""

import hashlib
import json
from dataclasses import dataclass

from thrivekit import pathways
from thrivekit.core.template_filters import uk_date
from thrivekit.planning import selectors
from thrivekit.planning.models import SignOff

PLAN, OUTCOMES, OFFER = SignOff.Subject.PLAN, SignOff.Subject.OUTCOMES, SignOff.Subject.OFFER


@dataclass(frozen=True)
class State:
    """A thing that can be signed off, as it is now."""

    key: str  # "plan", "outcomes" or "offer:<grouping>"
    subject: str
    grouping: str
    title: str
    version_label: str
    summary: str
    fingerprint: str
    exists: bool


def key_for(subject: str, grouping: str = "") -> str:
    return f"{subject}:{grouping}" if subject == OFFER else subject


def parse_key(key: str) -> tuple[str, str]:
    """'offer:getting-help' -> ('offer', 'getting-help'); ValueError when it names nothing."""
    subject, _, grouping = key.partition(":")
    if subject in (PLAN, OUTCOMES) and not grouping:
        return subject, ""
    if subject == OFFER and grouping in pathways.grouping_ids():
        return subject, grouping
    raise ValueError(f"nothing to sign off called {key!r}")


def _fingerprint(content) -> str:
    text = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _when(moment) -> str:
    return uk_date(moment) if moment else ""


def _shorten(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plan_state(*, site) -> State:
    actions = list(selectors.actions_for_site(site=site).order_by("created_at"))
    content = [
        {
            "id": str(a.pk),
            "title": a.title,
            "description": a.description,
            "grouping": a.grouping,
            "owner": str(a.owner) if a.owner else "",
            "start": a.start_date,
            "due": a.due_date,
            "depends_on": sorted(str(d.pk) for d in a.depends_on.all()),
        }
        for a in actions
    ]
    groupings = {a.grouping for a in actions}
    owners = {a.owner_id for a in actions if a.owner_id}
    starts = [a.start_date for a in actions if a.start_date]
    dues = [a.due_date for a in actions if a.due_date]
    summary = (
        f"{len(actions)} {'action' if len(actions) == 1 else 'actions'} across "
        f"{len(groupings)} of the {len(pathways.grouping_ids())} needs-based groupings, "
        f"with {len(owners)} {'owner' if len(owners) == 1 else 'owners'}"
    )
    if starts and dues:
        summary += f", from {uk_date(min(starts))} to {uk_date(max(dues))}"
    latest = max((a.updated_at for a in actions), default=None)
    return State(
        key=PLAN,
        subject=PLAN,
        grouping="",
        title="The implementation plan",
        version_label=f"Last updated {_when(latest)}" if latest else "",
        summary=summary + ".",
        fingerprint=_fingerprint(content),
        exists=bool(actions),
    )


def outcomes_state(*, site) -> State:
    outcomes = list(selectors.outcomes_for_site(site=site))
    content, indicators, moments = [], 0, []
    for outcome in outcomes:
        moments.append(outcome.updated_at)
        rows = []
        for i in outcome.indicators.all():
            moments.append(i.updated_at)
            rows.append(
                [i.name, i.definition, i.data_source, i.unit, i.baseline, i.target, i.owner,
                 i.review_date]
            )  # fmt: skip
        indicators += len(rows)
        content.append([outcome.title, outcome.description, outcome.agreed_by, rows])
    titles = "; ".join(o.title for o in outcomes)
    latest = max(moments, default=None)
    return State(
        key=OUTCOMES,
        subject=OUTCOMES,
        grouping="",
        title="The outcome framework",
        version_label=f"Last updated {_when(latest)}" if latest else "",
        summary=_shorten(
            f"{len(outcomes)} {'outcome' if len(outcomes) == 1 else 'outcomes'} and "
            f"{indicators} {'indicator' if indicators == 1 else 'indicators'}: {titles}."
        ),
        fingerprint=_fingerprint(content),
        exists=bool(outcomes),
    )


def offer_state(*, site, grouping: str) -> State:
    offer = selectors.offers_for_site(site=site).get(grouping)
    name = pathways.grouping_name(grouping)
    parts = []
    if offer is not None:
        for label, value in (("Services", offer.services), ("Entry points", offer.entry_points),
                             ("Who delivers", offer.who_delivers)):  # fmt: skip
            lines = [line.strip() for line in value.splitlines() if line.strip()]
            if lines:
                parts.append(f"{label}: {'; '.join(lines)}.")
    return State(
        key=key_for(OFFER, grouping),
        subject=OFFER,
        grouping=grouping,
        title=f"The future offer for {name}",
        version_label=(
            f"Version {offer.version}, last updated {_when(offer.updated_at)}" if offer else ""
        ),
        summary=_shorten(" ".join(parts) or "No services described."),
        fingerprint=_fingerprint(
            [offer.services, offer.entry_points, offer.who_delivers, offer.skill_mix, offer.notes]
            if offer
            else None
        ),
        exists=offer is not None,
    )


def state(*, site, subject: str, grouping: str = "") -> State:
    if subject == PLAN:
        return plan_state(site=site)
    if subject == OUTCOMES:
        return outcomes_state(site=site)
    return offer_state(site=site, grouping=grouping)


def states(*, site) -> list[State]:
    """Everything that can be signed off, in the order the pages show it."""
    return [plan_state(site=site), outcomes_state(site=site)] + [
        offer_state(site=site, grouping=g) for g in pathways.grouping_ids()
    ]


@dataclass(frozen=True)
class Standing:
    """Where a thing stands in the agreement record: its latest sign-off and whether it has
    changed since; the earlier sign-offs it superseded."""

    state: State
    latest: SignOff | None
    earlier: tuple[SignOff, ...]

    @property
    def changed(self) -> bool:
        return self.latest is not None and self.latest.fingerprint != self.state.fingerprint


def standings(*, site) -> dict[str, Standing]:
    """Each thing that can be signed off, by key, with its sign-offs newest first."""
    by_key: dict[str, list[SignOff]] = {}
    for signoff in selectors.signoffs_for_site(site=site):
        by_key.setdefault(key_for(signoff.subject, signoff.grouping), []).append(signoff)
    found = {}
    for current in states(site=site):
        signoffs = by_key.get(current.key, [])
        found[current.key] = Standing(
            state=current,
            latest=signoffs[0] if signoffs else None,
            earlier=tuple(signoffs[1:]),
        )
    return found


def standing_of(*, site, subject: str, grouping: str = "") -> Standing:
    """One thing's standing, for its own page."""
    current = state(site=site, subject=subject, grouping=grouping)
    signoffs = list(
        selectors.signoffs_for_site(site=site).filter(
            subject=subject, grouping=grouping if subject == OFFER else ""
        )
    )
    return Standing(state=current, latest=signoffs[0] if signoffs else None,
                    earlier=tuple(signoffs[1:]))  # fmt: skip
