"""The Phase 1 home and step pages: status, what has been captured and the next action."""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, resolve, reverse

from thrivekit.phase1.pieces import Piece, pieces_for
from thrivekit.phase1.steps import STEPS, Step

NOT_STARTED = ("Not started", "grey")
IN_PROGRESS = ("In progress", "blue")


@dataclass
class StepCard:
    step: Step
    href: str
    status: str
    status_colour: str
    captured: list[str] = field(default_factory=list)
    next_action: str = ""
    next_href: str = ""


def count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _next(card: StepCard, *, start: tuple[str, str] | None, see: tuple[str, str]) -> None:
    """The suggested action: start the step's first piece of work, or see what there is."""
    card.next_action, card.next_href = start or see


def phase1_home(*, site, site_ctx, counts: dict) -> list[StepCard]:
    """Build the cards from what the site has captured so far (counts from selectors)."""

    def url(name: str) -> str:
        return reverse(name, kwargs={"site_slug": site.slug})

    def runs(*roles: str) -> bool:
        return site_ctx.has_role(*roles)

    cards = []
    for step in STEPS:
        href = reverse("phase1:step", kwargs={"site_slug": site.slug, "step": step.slug})
        card = StepCard(step=step, href=href, status=NOT_STARTED[0], status_colour=NOT_STARTED[1])
        started = False
        if step.slug == "engagement":
            members, people = counts["members"], counts["stakeholders"]
            card.captured = [
                count(members, "person", "people") + " in the site team",
                count(counts["local_areas"], "local area", "local areas"),
                count(people, "person", "people") + " in the stakeholder register",
            ]
            if people:
                card.captured.append(
                    count(counts["register_gaps"], "key sector gap", "key sector gaps")
                    + " in the register"
                )
            started = members > 1 or people
            _next(
                card,
                start=("Invite your transformation group", url("sites:member_invite"))
                if site_ctx.is_lead and members <= 1
                else None,
                see=("See the group, the register and sector coverage", url("engagement:overview")),
            )
        elif step.slug == "understanding-your-system":
            extracts, services = counts["extracts"], counts["map_services"]
            card.captured = [
                "A pathway map of " + count(services, "service", "services"),
                count(extracts, "activity extract", "activity extracts"),
                count(counts["responses"], "feedback response", "feedback responses")
                + f" and {count(counts['themes'], 'approved theme', 'approved themes')}",
            ]
            started = extracts or services or counts["responses"]
            _next(
                card,
                start=("Upload an activity extract", url("extracts:upload"))
                if runs("site_lead", "analyst") and not extracts
                else None,
                see=("See the activity data", url("extracts:list")),
            )
        elif step.slug == "thrive-assessment":
            workshops, snapshots = counts["workshops"], counts["snapshots"]
            card.captured = [
                count(workshops, "workshop", "workshops"),
                "A baseline assessment" if snapshots else "No baseline assessment yet",
            ]
            if snapshots > 1:
                card.captured.append(f"{snapshots - 1} later assessment(s) to compare")
            started = workshops
            _next(
                card,
                start=("Set up an assessment workshop", url("workshops:new"))
                if runs("site_lead", "facilitator") and not workshops
                else None,
                see=("See the workshops and their results", url("workshops:list")),
            )
        elif step.slug == "prioritising":
            sessions = counts["prioritising"]
            card.captured = [
                count(sessions, "prioritising workshop", "prioritising workshops"),
                count(counts["priorities"], "confirmed priority", "confirmed priorities"),
            ]
            started = sessions
            _next(
                card,
                start=("Set up a prioritising workshop", url("priorities:new"))
                if runs("site_lead", "facilitator") and not sessions
                else None,
                see=("See the priorities and gap analyses", url("priorities:list")),
            )
        elif step.slug == "redesign":
            scenarios, actions = counts["scenarios"], counts["actions"]
            card.captured = [
                count(actions, "action", "actions") + " in the implementation plan",
                count(counts["outcomes"], "outcome", "outcomes") + " in the outcome framework",
                count(scenarios, "demand and capacity scenario", "demand and capacity scenarios"),
            ]
            started = scenarios or actions or counts["outcomes"]
            _next(
                card,
                start=("Draft actions from a gap analysis", url("planning:from_gap_analysis"))
                if runs("site_lead", "facilitator", "analyst", "contributor")
                and counts["priorities"]
                and not actions
                else None,
                see=("See the implementation plan", url("planning:plan")),
            )
        card.captured += [
            f"{piece.title}: not available yet"
            for piece in pieces_for(step.slug)
            if _href(piece.url_name, site) is None
        ]
        if started:
            card.status, card.status_colour = IN_PROGRESS
        cards.append(card)
    return cards


NOT_AVAILABLE = ("Not available yet", "grey")


@dataclass
class Link:
    text: str
    href: str


@dataclass
class PieceCard:
    title: str
    what: str
    status: str = ""
    status_colour: str = ""
    captured: str = ""  # "25 services"
    detail: str = ""
    see: Link | None = None
    next: Link | None = None
    available: bool = True
    started: bool | None = None  # None: nothing to count (e.g. the instruments' wording)


@dataclass
class StepHub:
    step: Step
    pieces: list[PieceCard]
    next: Link | None  # the one action suggested for this person on this step


def _href(url_name: str, site) -> str | None:
    """The page's address at this site, or None while its app has no such page."""
    try:
        return reverse(url_name, kwargs={"site_slug": site.slug})
    except NoReverseMatch:
        return None


def _opens(href: str, site_ctx) -> bool:
    """Whether this person's role may open the page (its view's `site_view(roles=...)`)."""
    roles = getattr(resolve(href).func, "site_roles", None)
    return roles is None or site_ctx.role in roles


def piece_card(piece: Piece, *, site, site_ctx) -> PieceCard:
    href = _href(piece.url_name, site)
    if href is None:
        status, colour = NOT_AVAILABLE
        return PieceCard(piece.title, piece.what, status, colour, available=False)
    card = PieceCard(piece.title, piece.what)
    if _opens(href, site_ctx):
        card.see = Link(piece.see, href)
    found = piece.count(site=site) if piece.count else None
    if found is not None:
        card.captured = count(found, *piece.noun)
        card.started = found > 0
        card.status, card.status_colour = IN_PROGRESS if found else NOT_STARTED
    if piece.detail:
        card.detail = piece.detail(site=site)
    for action in piece.actions:
        if action.only_when_empty and card.started:
            continue
        action_href = _href(action.url_name, site)
        if action_href and _opens(action_href, site_ctx):
            card.next = Link(action.text, action_href)
            break
    return card


def step_hub(*, step: Step, site, site_ctx) -> StepHub:
    """The step's pieces, and one next action: begin what is not started, else carry on."""
    cards = [piece_card(piece, site=site, site_ctx=site_ctx) for piece in pieces_for(step.slug)]
    offered = [card for card in cards if card.next]
    first = next((c for c in offered if c.started is False), None) or next(iter(offered), None)
    if first is not None:
        suggested = first.next
    else:
        suggested = next((card.see for card in cards if card.see), None)
    return StepHub(step=step, pieces=cards, next=suggested)
