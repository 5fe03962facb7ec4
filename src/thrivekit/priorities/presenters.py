"""What the prioritising pages show: the room's consensus and the change between rounds."""

import hashlib
from dataclasses import dataclass

from thrivekit import charts
from thrivekit.core.template_filters import number
from thrivekit.priorities import selectors
from thrivekit.priorities.models import WORKSHEET_FIELDS


@dataclass
class TableTop:
    """One table's own ranking, as its flip chart shows it to the room."""

    name: str
    titles: list[str]


@dataclass
class RoomRow:
    rank: int
    item: str
    title: str
    points: int
    tables: int
    first_places: int
    mean_position: str
    tied: bool
    round_one_rank: int | None = None


def room(*, session) -> dict:
    titles = {c.id: c.title for c in selectors.candidates(session=session)}
    result = selectors.room_result(session=session, round=session.round)
    tables = list(selectors.session_tables(session=session))
    by_table = {r.table_id: r for r in selectors.rankings(session=session, round=session.round)}
    # What the room view shows depends on these only: the page asks again only when they change.
    state = repr(
        (
            session.round,
            session.confirmed_at,
            [t.name for t in tables],
            sorted((str(r.id), r.updated_at.isoformat()) for r in by_table.values()),
        )
    )
    context = {
        "state": hashlib.sha256(state.encode()).hexdigest()[:16],
        "result": result,
        "rows": [],
        "voted": [t.name for t in tables if t.id in by_table],
        "waiting": [t.name for t in tables if t.id not in by_table],
        "titles": titles,
        # Side by side, in table order, as the tables' flip charts are read out to the room.
        "table_tops": [
            TableTop(t.name, [titles.get(i, i) for i in by_table[t.id].items])
            for t in tables
            if t.id in by_table
        ],
        "points_chart": None,
    }
    if result is None:
        return context
    earlier = selectors.room_result(session=session, round=1) if session.round == 2 else None
    tied = {item for group in result.ties for item in group}
    for item in result.items:
        row = RoomRow(
            rank=item.rank,
            item=item.item,
            title=titles.get(item.item, item.item),
            points=item.points,
            tables=item.tables,
            first_places=item.first_places,
            mean_position=number(item.mean_position, 1),
            tied=item.item in tied,
        )
        if earlier is not None:
            try:
                row.round_one_rank = earlier.item(item.item).rank
            except KeyError:
                row.round_one_rank = None
        context["rows"].append(row)
    context["checks"] = [
        {
            "method": method.capitalize(),
            "top": [titles.get(i, i) for i in check.top],
            "differs": check.differs,
            # Joint winners count: a check with another set of winners must say so.
            "winners": [titles.get(i, i) for i in check.winners],
            "other_winners": set(check.winners) != set(result.winners),
        }
        for method, check in result.checks.items()
    ]
    context["joint_winners"] = (
        [titles.get(i, i) for i in result.winners] if len(result.winners) > 1 else []
    )
    context["ties"] = [[titles.get(i, i) for i in group] for group in result.ties]
    context["agreement"] = result.agreement
    context["points_chart"] = points_chart(context["rows"])
    return context


def points_chart(rows: list[RoomRow]) -> dict:
    """The consensus points as bars, best first: the table below gives the same figures."""
    return charts.category_bars(
        [{"category": f"{row.rank}. {row.title}", "value": row.points} for row in rows],
        title="The room's consensus: Borda points",
        x_title="Points",
    )


def conflict(error) -> dict:
    """What a conflicting save shows: only the fields both sides changed, and the fields kept
    as the other person saved them."""
    labels = {name: label for name, label, _ in WORKSHEET_FIELDS}
    return {
        "rows": [(labels[n], error.yours[n], error.theirs[n]) for n in error.differing],
        "kept": [labels[n] for n in error.kept_theirs],
    }


def conflict_form_data(error) -> dict:
    """The form after a conflict: the merge, based on their version, so saving again keeps
    their text in every field this editor did not change."""
    return {**error.merged, "version": error.version}


def version_rows(fields: dict, before: dict | None) -> list[tuple[str, str, bool]]:
    """(label, text, changed since the version before) for each worksheet field."""
    return [
        (
            label,
            fields.get(name, ""),
            before is not None and before.get(name, "") != fields.get(name, ""),
        )
        for name, label, _ in WORKSHEET_FIELDS
    ]
