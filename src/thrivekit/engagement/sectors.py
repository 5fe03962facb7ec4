"""The stakeholder sectors the register, the log and workshops share (the sectors instrument).

Workshop participants choose from the built-in sectors, so the register uses the same list:
coverage compares like with like.
"""

import re
from functools import cache

from thrivekit import instruments
from thrivekit.instruments.models import normalise_name


def sectors_instrument():
    return instruments.builtin("sectors")


@cache
def sector_ids() -> frozenset[str]:
    return frozenset(s.id for s in sectors_instrument().sectors)


@cache
def sector_names() -> dict[str, str]:
    return {s.id: s.name for s in sectors_instrument().sectors}


def sector_name(sector_id: str) -> str:
    return sector_names().get(sector_id, sector_id)


def sector_choices() -> list[tuple[str, str]]:
    return list(sector_names().items())


@cache
def _by_text() -> dict[str, str]:
    """Normalised id, full name and name without its "(for example …)" part -> sector id."""
    found: dict[str, str] = {}
    short: dict[str, set[str]] = {}
    for sector in sectors_instrument().sectors:
        found[normalise_name(sector.id)] = sector.id
        found[normalise_name(sector.name)] = sector.id
        without = normalise_name(re.sub(r"\(.*?\)", "", sector.name))
        short.setdefault(without, set()).add(sector.id)
    for text, ids in short.items():
        if len(ids) == 1 and text not in found:
            found[text] = next(iter(ids))
    return found


def find_sector(text: str) -> str | None:
    """The sector whose id or name is `text`, ignoring case and punctuation; None if none is."""
    return _by_text().get(normalise_name(text or "")) or None
