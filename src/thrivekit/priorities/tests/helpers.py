from thrivekit.priorities import selectors, services

ITEMS = [
    "common-language.macro",
    "needs-led.meso",
    "shared-decision-making.micro",
    "partnership-working.macro",
    "outcome-informed.meso",
    "accessibility.micro",
    "reducing-stigma.macro",
]


def open_session(site, tables=5):
    session = services.session_create(
        site=site,
        title="Prioritising workshop",
        allow_checklist_actions=False,
        table_names=[f"Table {n}" for n in range(1, tables + 1)],
        aims=["Access", "Waiting times", "Patient experience"],
    )
    return services.session_open(session=session)


def rank(session, table_number, items):
    table = selectors.session_tables(session=session)[table_number - 1]
    return services.table_ranking_save(table=table, items=items)


# Five tables whose Borda winner (E) is not the Schulze winner (G), with A and D tied.
A, B, C, D, E, F, G = ITEMS
DISPUTED_BALLOTS = [
    [G, E, F, D, C],
    [B, G, E, F, A],
    [G, B, E, F, D],
    [E, C, G, F, B],
    [C, F, E, A, B],
]
