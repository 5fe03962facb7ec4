"""Compare two instruments of the same kind, e.g. a site's own wording with the built-in one."""

from __future__ import annotations

from thrivekit.instruments.models import (
    AssessmentInstrument,
    ChecklistInstrument,
    GroupingsInstrument,
    Instrument,
    SectorsInstrument,
)


def same_structure(a: Instrument, b: Instrument) -> list[str]:
    """Differences in ids (items, actions, statuses, groupings, sectors) between a and b.

    Wording may differ freely; an empty list means answers recorded against one instrument
    can be read against the other.
    """
    if a.kind != b.kind:
        raise ValueError(f"cannot compare a {a.kind} instrument with a {b.kind} instrument")
    name_a, name_b = a.label, b.label
    if name_a == name_b:
        name_a, name_b = f"the first {a.label}", f"the second {b.label}"
    differences: list[str] = []

    def compare(what: str, ids_a: list[str], ids_b: list[str]) -> None:
        in_b = set(ids_b)
        in_a = set(ids_a)
        differences.extend(
            f"{what} {i!r} is in {name_a} but not in {name_b}" for i in ids_a if i not in in_b
        )
        differences.extend(
            f"{what} {i!r} is in {name_b} but not in {name_a}" for i in ids_b if i not in in_a
        )

    if isinstance(a, AssessmentInstrument) and isinstance(b, AssessmentInstrument):
        compare("item", [i.id for i in a.items()], [i.id for i in b.items()])
        compare("scale option", [a.scale.dont_know.id], [b.scale.dont_know.id])
        if a.scale.thrive_like_threshold != b.scale.thrive_like_threshold:
            differences.append(
                f"the THRIVE-like threshold is {a.scale.thrive_like_threshold} in {name_a} "
                f"but {b.scale.thrive_like_threshold} in {name_b}"
            )
    elif isinstance(a, ChecklistInstrument) and isinstance(b, ChecklistInstrument):
        compare("status", [s.id for s in a.statuses], [s.id for s in b.statuses])
        compare("action", [x.id for x in a.actions], [x.id for x in b.actions])
        numbers_b = {x.id: x.number for x in b.actions}
        for action in a.actions:
            other = numbers_b.get(action.id)
            if other is not None and other != action.number:
                differences.append(
                    f"action {action.id!r} is number {action.number} in {name_a} "
                    f"but number {other} in {name_b}"
                )
    elif isinstance(a, GroupingsInstrument) and isinstance(b, GroupingsInstrument):
        compare("grouping", [g.id for g in a.groupings], [g.id for g in b.groupings])
    elif isinstance(a, SectorsInstrument) and isinstance(b, SectorsInstrument):
        compare("sector", [s.id for s in a.sectors], [s.id for s in b.sectors])
        compare("key gap", [k.id for k in a.key_gaps], [k.id for k in b.key_gaps])
    return differences
