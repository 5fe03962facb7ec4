"""What the prioritising pages show: the room's consensus and the change between rounds."""

from dataclasses import dataclass

from thrivekit.core.template_filters import number
from thrivekit.priorities import selectors


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
    voted = {r.table_id for r in selectors.rankings(session=session, round=session.round)}
    context = {
        "result": result,
        "rows": [],
        "voted": [t.name for t in tables if t.id in voted],
        "waiting": [t.name for t in tables if t.id not in voted],
        "titles": titles,
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
    return context
