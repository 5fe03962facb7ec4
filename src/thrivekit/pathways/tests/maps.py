"""Small hand-built maps and a hypothesis strategy for valid maps, shared by the tests."""

from __future__ import annotations

from hypothesis import strategies as st

from thrivekit.pathways import (
    ENTRY_POINT_KINDS,
    ROUTE_KINDS,
    EntryPoint,
    PathwayMap,
    Route,
    Service,
    grouping_ids,
)


def northbridge() -> PathwayMap:
    """A believable small system: two doors, five services, one door that leads nowhere useful."""
    return PathwayMap(
        services=(
            Service(
                "wellbeing",
                "Schools wellbeing programme",
                provider="Northbridge Council",
                sector="public-health",
                groupings=("thriving",),
                age_min=5,
                age_max=17,
            ),
            Service(
                "mhst",
                "Mental Health Support Team",
                provider="Northbridge NHS Trust",
                sector="cyp-mental-health",
                groupings=("getting-advice", "getting-help"),
                age_min=5,
                age_max=17,
                local_areas=("Riverside",),
                access="Through the school's mental health lead",
                capacity_wte=8.5,
                appointments_per_week=120,
                typical_wait_weeks=4,
            ),
            Service(
                "camhs",
                "Community CAMHS",
                provider="Northbridge NHS Trust",
                sector="cyp-mental-health",
                groupings=("getting-help", "getting-more-help"),
                age_min=0,
                age_max=17,
                typical_wait_weeks=18.5,
            ),
            Service(
                "crisis",
                "Crisis and home treatment",
                groupings=("getting-risk-support",),
                age_min=11,
                age_max=17,
            ),
            Service(
                "youth-hub",
                "Youth counselling hub",
                provider="Open Door Charity",
                sector="voluntary-sector",
                groupings=("getting-advice",),
                age_min=11,
                age_max=25,
                local_areas=("Eastmoor",),
                notes="Drop-in on Tuesdays",
            ),
        ),
        entry_points=(
            EntryPoint("gp", "GP practices", "gp"),
            EntryPoint("school", "Schools", "school"),
            EntryPoint("police", "Police", "police"),
        ),
        routes=(
            Route("gp", "camhs", "referral", volume_per_year=400),
            Route("school", "mhst", "referral"),
            Route("school", "wellbeing", "signpost"),
            Route("mhst", "camhs", "step-up", volume_per_year=60),
            Route("camhs", "mhst", "step-down"),
            Route("camhs", "crisis", "referral"),
            Route("police", "youth-hub", "signpost"),
            Route("youth-hub", "gp", "signpost"),
        ),
    )


_IDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=12)
# Text as people type it: letters, digits, punctuation and formula-like starts; no surrounding
# spaces (imports trim cells) and no leading apostrophe before a formula character.
_TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters=";"
    ),
    max_size=30,
).map(str.strip)
_NAME = st.one_of(
    _TEXT.filter(bool),
    st.sampled_from(["=1+1", "+44 20", "-Teen Talk", "@home", "Zoë's Place", "A&E <night>"]),
).filter(lambda s: not s.startswith("'"))
_NUMBER = st.one_of(
    st.none(),
    st.integers(0, 500),
    st.floats(0, 500, allow_nan=False).map(lambda x: round(x, 2)),
)


@st.composite
def pathway_maps(draw: st.DrawFn, *, max_services: int = 6) -> PathwayMap:
    ids = draw(st.lists(_IDS, min_size=1, max_size=max_services + 4, unique=True))
    split = draw(st.integers(0, len(ids)))
    services = []
    for service_id in ids[:split]:
        low = draw(st.one_of(st.none(), st.integers(0, 25)))
        high = draw(st.one_of(st.none(), st.integers(low or 0, 30)))
        services.append(
            Service(
                service_id,
                draw(_NAME),
                provider=draw(_TEXT.filter(lambda s: not s.startswith("'"))),
                groupings=tuple(
                    draw(st.lists(st.sampled_from(grouping_ids()), unique=True, max_size=3))
                ),
                age_min=low,
                age_max=high,
                local_areas=tuple(
                    draw(
                        st.lists(
                            st.sampled_from(["Riverside", "Eastmoor", "Northbridge Central"]),
                            unique=True,
                            max_size=2,
                        )
                    )
                ),
                capacity_wte=draw(_NUMBER),
                typical_wait_weeks=draw(_NUMBER),
                notes=draw(_TEXT.filter(lambda s: not s.startswith("'"))),
            )
        )
    entry_points = [
        EntryPoint(entry_id, draw(_NAME), draw(st.sampled_from(ENTRY_POINT_KINDS)))
        for entry_id in ids[split:]
    ]
    pairs = [(a, b) for a in ids for b in ids if a != b]
    routes = []
    if pairs:
        chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=12))
        for source, target in chosen:
            volume = draw(st.one_of(st.none(), st.integers(0, 5000)))
            routes.append(Route(source, target, draw(st.sampled_from(ROUTE_KINDS)), volume))
    return PathwayMap(services=services, entry_points=entry_points, routes=routes)
