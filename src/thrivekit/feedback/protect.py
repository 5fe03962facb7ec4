"""Protect what people wrote as it comes in: mask personal data, flag risk of harm.

:func:`text_protect` masks names given after "my name is"/"I'm"/"I am", emails, phone numbers,
NHS numbers with a valid check digit, full postcodes and dates of birth, through
:func:`thrivekit.redaction.redact` (the project's one redactor), and names the kinds removed.

:func:`safeguarding_flags` finds words and phrases that suggest a risk of harm (suicide,
self-harm, abuse, neglect, exploitation, harm to others) so a site lead sees them before any
theming. The phrase list below is short and reviewed by reading, not learned: every pattern has
word boundaries, and a match is dropped only when a negation sits right before it ("never
self-harmed", "not suicidal") or it names a service rather than a person ("suicide prevention
training"). A flag is a prompt for a person to read the response, never a judgement, so the list
errs towards flagging: recall matters more than precision (see docs/benchmarks.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from thrivekit.redaction import redact

# thrivekit.redaction's kinds, in the words the feedback pages use.
_KINDS = {
    "name": "name",
    "email": "email",
    "phone": "phone",
    "nhs_number": "nhs number",
    "postcode": "postcode",
    "date_of_birth": "date of birth",
}


@dataclass(frozen=True)
class Protected:
    text: str  # redacted text
    removed: tuple[str, ...]  # kinds removed, in order of first appearance


@dataclass(frozen=True)
class SafeguardingFlag:
    category: str
    phrase: str  # as written in the original text
    start: int
    end: int  # offsets in the ORIGINAL text


def text_protect(text: str) -> Protected:
    """``text`` with personal data masked, and the kinds of data removed.

    >>> text_protect("I'm Jade, email jade@example.com").removed
    ('name', 'email')
    """
    result = redact(text)
    return Protected(text=result.text, removed=tuple(_KINDS.get(k, k) for k in result.found))


# --- Safeguarding phrases ---------------------------------------------------------------------
_SELF = r"(?:myself|herself|himself|themselves|themself|yourself|ourselves)"
_PEOPLE = (
    r"(?:mum|mom|dad|brother|sister|step-?dad|step-?mum|mate|mates|friend|friends|teacher|"
    r"partner|girlfriend|boyfriend|family|baby|son|daughter|nan|gran|kids?|boy|girl|lad|man|"
    r"woman|guy)"
)
_ANYONE = (
    r"(?:him|her|them|someone|somebody|everyone|everybody|people|anyone|anybody"
    rf"|my\s+{_PEOPLE}|that\s+{_PEOPLE}|this\s+{_PEOPLE})"
)
_A = r"['\u2019]"  # straight or curly apostrophe
_NT = rf"(?:n{_A}?t|not)"

PHRASES: dict[str, tuple[str, ...]] = {
    "suicide": (
        r"suicid\w*",
        rf"kill(?:ing|ed)?\s+{_SELF}",
        r"end(?:ing)?\s+(?:it\s+all|my\s+(?:own\s+)?life|things|everything)",
        r"take\s+my\s+(?:own\s+)?life",
        r"want(?:ed|s)?\s+to\s+die",
        r"wish(?:ed)?\s+(?:i|they|she|he)\s+(?:was|were)\s+dead",
        r"better\s+off\s+(?:dead|without\s+me)",
        rf"(?:do{_NT}|did{_NT})\s+want\s+to\s+(?:be\s+here|live|exist|be\s+alive|wake\s+up)",
        r"no\s+(?:reason|point)\s+(?:in\s+)?(?:to\s+)?(?:living|live|going\s+on)",
        r"overdos\w*",
        rf"hang(?:ing|ed)?\s+{_SELF}",
    ),
    "self-harm": (
        r"self[\s-]?harm\w*",
        r"self[\s-]?injur\w*",
        rf"(?:cut|cuts|cutting|burn|burns|burning|burnt|hurt|hurts|hurting|harm|harms|harming"
        rf"|scratch|scratches|scratching|punch|punches|punching|hit|hits|hitting|bite|bites"
        rf"|biting|starv\w+)\s+{_SELF}",
        r"(?:cuts|scars|marks)\s+on\s+(?:my|her|his|their)\s+(?:arms?|legs?|wrists?)",
        r"mak(?:e|es|ing)\s+(?:myself|herself|himself|themselves)\s+sick",
    ),
    "abuse": (
        r"abus(?:e|ed|es|ing|ive|er)",
        r"(?:hits|hit|hurts|beats|beat|kicks|kicked|slaps|slapped|punches|punched|chokes"
        r"|choked)\s+(?:me|us|my\s+mum|my\s+mom|my\s+brother|my\s+sister)",
        r"beat(?:s|en)?\s+(?:me\s+)?up",
        r"touch(?:es|ed|ing)?\s+me",
        r"sexual(?:ly)?\s+assault\w*",
        r"rap(?:e|ed|ing)",
        r"molest\w*",
        r"domestic\s+(?:violence|abuse)",
        r"(?:scared|afraid|frightened|terrified)\s+(?:to\s+go|of\s+going)\s+home",
        rf"(?:do{_NT}|not|never)\s+feel\s+safe\s+at\s+home",
        r"not\s+safe\s+at\s+home",
        r"groom(?:ed|ing)",
    ),
    "neglect": (
        r"neglect\w*",
        r"(?:no|never\s+any|not\s+any|not\s+enough)\s+food\s+(?:at|in\s+the)\s+(?:home|house)",
        r"nothing\s+to\s+eat",
        r"(?:go|goes|went|going)\s+to\s+bed\s+hungry",
        r"(?:left|leaves)\s+(?:me|us)\s+(?:home\s+)?alone\s+(?:for\s+days|all\s+night|overnight)",
        r"(?:nobody|no\s+one|no-one)\s+(?:looks|looked)\s+after\s+(?:me|us)",
        r"(?:nobody|no\s+one|no-one)\s+(?:feeds|fed)\s+(?:me|us)",
        r"sleeping\s+rough",
        r"no\s+heating\s+or\s+food",
    ),
    "exploitation": (
        r"exploit(?:ed|ing|ation)",
        r"county\s+lines",
        r"(?:made|make|makes|forced|force|forces|pressured|pressures)\s+(?:me|us|him|her|them)"
        r"\s+(?:to\s+)?(?:carry|sell|deliver|send|hold)",
        r"(?:sell|selling|carry|carrying|deliver|delivering)\s+drugs",
        r"send(?:ing)?\s+(?:nudes|nude\s+\w+|naked\s+\w+)",
        r"sextort\w*",
        r"blackmail\w*",
        r"traffick\w*",
        r"older\s+(?:man|men|boyfriend|guys?)\s+(?:gives?|gave|buys?|bought)",
    ),
    "harm to others": (
        rf"(?:kill|stab|shoot|hurt|attack|batter)\s+{_ANYONE}",
        r"(?:carr(?:y|ies|ying)|bring(?:s|ing)?|brought|got|have|has)\s+a\s+(?:knife|blade|gun)",
        r"make\s+(?:them|him|her)\s+pay",
        r"want(?:ed|s)?\s+to\s+(?:hurt|kill|stab)\b",
    ),
}

# A service, team or training about the topic, not a person at risk.
_ABOUT_A_SERVICE = re.compile(
    r"\s+(?:prevention|awareness|training|policy|policies|pathway|service|services|team|"
    r"course|strategy|lead|nurse|leaflet|support\s+group|helpline|line\s+number)\b",
    re.IGNORECASE,
)
# A negation straight before the phrase: "never self-harmed", "not been abused", "no neglect".
_NEGATED = re.compile(
    rf"\b(?:not|no|never|without|n{_A}t|isn{_A}t|wasn{_A}t|haven{_A}t|hasn{_A}t|hadn{_A}t"
    rf"|didn{_A}t|don{_A}t|doesn{_A}t|weren{_A}t|aren{_A}t)\s+"
    r"(?:(?:been|be|being|ever|any|a|an|feel|felt|feeling|thinking\s+of|thought\s+of)\s+){0,2}$",
    re.IGNORECASE,
)

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (category, re.compile(rf"(?<![\w-])(?:{'|'.join(phrases)})(?![\w])", re.IGNORECASE))
    for category, phrases in PHRASES.items()
)


def safeguarding_flags(text: str) -> list[SafeguardingFlag]:
    """Phrases in ``text`` suggesting a risk of harm, in order, with offsets in ``text``.

    >>> [f.category for f in safeguarding_flags("Sometimes I think about killing myself")]
    ['suicide']
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text, got {type(text).__name__}")
    flags: list[SafeguardingFlag] = []
    taken: list[tuple[int, int]] = []
    for category, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if _about_a_service(text, end) or _negated(text, start):
                continue
            if any(start < e and s < end for s, e in taken):
                continue  # one phrase, one flag: the first category listed wins
            taken.append((start, end))
            flags.append(SafeguardingFlag(category, match.group(), start, end))
    flags.sort(key=lambda flag: flag.start)
    return flags


def _about_a_service(text: str, end: int) -> bool:
    return bool(_ABOUT_A_SERVICE.match(text, end))


def _negated(text: str, start: int) -> bool:
    # Only the same clause counts: a comma or full stop ends what a negation reaches.
    before = re.split(r"[.;!?,\n]", text[max(0, start - 60) : start])[-1]
    return bool(_NEGATED.search(before))
