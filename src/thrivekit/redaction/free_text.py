"""Mask obvious personal data in free text as it is entered (design.md, "Privacy and safety").

Comments from staff, young people and parents are shown to other participants only after a
facilitator has reviewed them; this is the automatic first line: it masks what is *obviously*
personal (emails, UK phone numbers, NHS numbers, full postcodes, a name given after "my name is",
a date said to be a date of birth) and reports what it found so the facilitator can look closer.
It is deliberately conservative about names: masking "I am Worried" would change what someone
said.

How it works: every detector looks at the original text and proposes spans. Spans are accepted
in order of priority (email, NHS number, phone number, date of birth, postcode, name), and a
span that overlaps one already accepted is dropped, so a digit run is never half an email and
half a phone number.
The masks contain no digits, no ``@`` and start with ``[``, so masked text never matches again:
redacting twice changes nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from thrivekit.redaction.nhs_number import NHS_NUMBER_IN_TEXT, is_valid_nhs_number

EMAIL = "email"
PHONE = "phone"
NHS_NUMBER = "nhs_number"
POSTCODE = "postcode"
NAME = "name"
DATE_OF_BIRTH = "date_of_birth"

MASKS = {
    EMAIL: "[email removed]",
    PHONE: "[phone number removed]",
    NHS_NUMBER: "[NHS number removed]",
    POSTCODE: "[postcode removed]",
    NAME: "[name removed]",
    DATE_OF_BIRTH: "[date of birth removed]",
}


@dataclass(frozen=True)
class Redaction:
    """The masked text and the kinds of personal data found, in order of first appearance."""

    text: str
    found: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.found)


# --- Emails -----------------------------------------------------------------------------------
# The local part uses the characters RFC 5322 allows unquoted; it may only start where a word
# starts (the look-behind), which also keeps the search linear on long text without an "@".
_LOCAL = r"[\w.!#$%&'*+/=?^`{|}~-]"
_EMAIL = re.compile(
    rf"(?<!{_LOCAL}){_LOCAL}+@"
    r"[^\W_][\w-]*"  # first domain label
    r"(?:\.[\w-]+)*"  # more labels
    r"\.[^\W\d_][\w-]*"  # the top-level domain starts with a letter: "3@4.5" is not an email
)

# --- UK phone numbers -------------------------------------------------------------------------
# A national number is 0 + 9 or 10 digits (01/02/03/07 numbers, 0800/0808 freephone). People
# group the digits in many ways ("07700 900123", "0161-496-0000", "(020) 7946 0958"), so any
# single space or hyphen is allowed between digits, except straight after the leading 0.
_MORE = r"(?:[ -]?[0-9])"
_NSN = rf"(?:[1237]{_MORE}{{8,9}}|80[08]{_MORE}{{6,7}})"  # the digits after the trunk 0


def _bracketed_area_codes() -> str:
    # "(020) 7946 0958", "(0161) 496 0000", "(01632) 960123": the digits inside the brackets
    # and after them add up to the same 9 or 10 digits as above.
    options = []
    for area in (5, 4, 3, 2):
        rest_low, rest_high = 9 - area, 10 - area
        options.append(
            rf"\(0(?=[1237]|80[08])[0-9]{{{area}}}\)[ -]?"
            rf"[0-9]{_MORE}{{{rest_low - 1},{rest_high - 1}}}"
        )
    return "|".join(options)


_PHONE = re.compile(
    r"(?<![0-9])(?:"
    rf"(?:\+|00)[ ]?44[ -]?(?:\(0\)[ -]?|0[ -]?)?{_NSN}"  # +44 7700 900123, +44 (0)20 ...
    rf"|{_bracketed_area_codes()}"
    rf"|0{_NSN}"
    r")(?![0-9])"
)

# --- Postcodes --------------------------------------------------------------------------------
# Only real postcode areas, so "Y10 2ND" (a school year) is not a postcode. An outward code on
# its own ("NW1") is a district, which is not personal enough to mask.
_POSTCODE_AREAS = (
    "AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN "
    "DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA "
    "LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG "
    "SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"
).split()
_AREAS = "|".join(sorted(_POSTCODE_AREAS, key=len, reverse=True))
_POSTCODE = re.compile(
    r"(?<![A-Z0-9])(?:"
    rf"(?:{_AREAS})[0-9][0-9A-Z]?[ \u00a0]{{0,2}}[0-9][ABD-HJLNP-UW-Z]{{2}}"
    r"|GIR[ \u00a0]{0,2}0AA"
    r")(?![A-Z0-9])",
    re.IGNORECASE | re.ASCII,  # without ASCII, "\u212a" (Kelvin sign) would match "k"
)

# --- Dates of birth ---------------------------------------------------------------------------
# A date is only personal when it is said to be a birth date ("DOB 03/04/2011", "born on 3rd
# April 2011"): a meeting date is not. Only the date is masked, so the sentence still reads.
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:[0-3]?[0-9])(?:st|nd|rd|th)?"
_DATE = (
    r"(?:[0-3]?[0-9][/.-][01]?[0-9][/.-](?:[0-9]{4}|[0-9]{2})(?![0-9])"
    rf"|{_DAY}(?:\s+of)?\s+{_MONTHS}\.?,?\s+[0-9]{{4}}"
    rf"|{_MONTHS}\.?\s+{_DAY},?\s+[0-9]{{4}}"
    r"|[0-9]{4}-[01][0-9]-[0-3][0-9])"
)
_DATE_OF_BIRTH = re.compile(
    r"(?<![\w])(?i:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|birthday|born(?:\s+on)?)"
    r"(?:\s+(?i:is|was|of))?\s*[:=\u2013-]?\s*"
    rf"(?P<date>(?i:{_DATE}))"
)

# --- Names ------------------------------------------------------------------------------------
# Strong cues almost always introduce a name; weak ones ("I'm Worried", "this is Thursday") often
# do not, so both need a capitalised word that is not on the stop list, and weak cues also rule
# out all-capitals words ("this is CAMHS").
_APOSTROPHE = "['\u2019]"
_STRONG_CUES = (
    r"my\s+name\s+is",
    rf"my\s+name{_APOSTROPHE}s",
    rf"i{_APOSTROPHE}?m\s+called",
    r"i\s+am\s+called",
    r"call\s+me",
    rf"my\s+(?:son|daughter|child)(?:\s+is\s+called|{_APOSTROPHE}s\s+name\s+is)",
)
_WEAK_CUES = (rf"i{_APOSTROPHE}m", r"i\s+am", r"this\s+is")
_WORD = rf"[^\W\d_]+(?:(?:{_APOSTROPHE}|-)[^\W\d_]+)*"
_NAME_CUE = re.compile(
    r"(?<![\w'\u2019])(?i:"
    rf"(?P<strong>{'|'.join(_STRONG_CUES)})|(?P<weak>{'|'.join(_WEAK_CUES)})"
    r")(?:\s*[:,\u2013-]\s*|\s+)"
    # Only the cue is consumed: the words after it may themselves start another cue.
    rf"(?=(?P<first>{_WORD})(?:(?P<dot>\.)?[ \t]+(?P<second>{_WORD}))?)"
)
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr"})
# Capitalised words that follow the cues without being names: feelings, roles, days, months,
# beliefs and identities people state about themselves, THRIVE's own words ("I'm Thriving",
# "this is Getting Advice") and little words.
_NOT_NAMES = frozenset(
    """
    a an the and but or nor not no yes so just really very quite too also here there now
    still always never sometimes often only actually currently being going getting trying
    feeling looking having doing sure sorry glad fine ok okay well unwell ill sick better worse
    in on at with from to for of by about after before into over under back home out up down
    my your his her their our its it this that these those what when where who why how which
    all any some one two three please thanks thank hello hi hey dear new old today tomorrow
    yesterday tonight later soon asap anytime again maybe
    worried anxious scared afraid frightened angry upset sad happy tired exhausted stressed
    depressed lonely confused frustrated struggling concerned grateful hopeful nervous
    overwhelmed desperate stuck lost worn fed done honest interested pleased proud relieved
    good great alright bad awful terrible lucky crazy mad coping safe unsafe ready
    thriving advice help support risk
    autistic disabled deaf blind pregnant gay lesbian bisexual bi trans transgender nonbinary
    non-binary queer straight neurodivergent dyslexic adhd
    mum mom dad mother father parent carer guardian teacher nurse doctor worker student pupil
    child son daughter friend brother sister grandparent grandma grandmother grandad grandpa
    granddad grandfather nan nana gran aunt auntie uncle cousin staff manager volunteer lead
    head deputy senco counsellor therapist psychologist psychiatrist gp
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december
    english british welsh scottish irish muslim christian jewish hindu sikh catholic buddhist
    atheist black white asian mixed
    nhs camhs school college university
    """.split()
)


def _is_name_word(word: str | None, *, strong: bool) -> bool:
    if not word or len(word) < 2 or not word[0].isupper():
        return False
    if word.isupper() and not strong:
        return False
    bare = re.sub(r"['\u2019]s$", "", word.casefold())  # "Thursday's" is still Thursday
    return bare not in _NOT_NAMES and bare not in _TITLES


def _is_title(word: str | None) -> bool:
    return bool(word) and word[0].isupper() and word.casefold().rstrip(".") in _TITLES


# --- Detectors --------------------------------------------------------------------------------
Span = tuple[int, int]


def _emails(text: str) -> Iterator[Span]:
    for match in _EMAIL.finditer(text):
        yield match.span()


def _nhs_numbers(text: str) -> Iterator[Span]:
    for match in NHS_NUMBER_IN_TEXT.finditer(text):
        # A 10-digit number with a wrong check digit is not an NHS number; the phone rule
        # still gets to look at it.
        if is_valid_nhs_number(match.group()):
            yield match.span()


def _phone_numbers(text: str) -> Iterator[Span]:
    for match in _PHONE.finditer(text):
        yield match.span()


def _postcodes(text: str) -> Iterator[Span]:
    for match in _POSTCODE.finditer(text):
        yield match.span()


def _dates_of_birth(text: str) -> Iterator[Span]:
    for match in _DATE_OF_BIRTH.finditer(text):
        yield match.span("date")


def _names(text: str) -> Iterator[Span]:
    for match in _NAME_CUE.finditer(text):
        strong = match.group("strong") is not None
        first, second = match.group("first"), match.group("second")
        if match.group("dot") and not _is_title(first):
            second = None  # "my name is Sam. Then ..." - a new sentence, not a surname
        if _is_title(first) and _is_name_word(second, strong=True):
            yield match.start("first"), match.end("second")  # "Mrs Okafor"
        elif _is_name_word(first, strong=strong):
            if _is_name_word(second, strong=strong):
                yield match.start("first"), match.end("second")  # up to two words
            else:
                yield match.span("first")


# In priority order: where spans overlap, the earlier detector wins.
_DETECTORS: tuple[tuple[str, Callable[[str], Iterator[Span]]], ...] = (
    (EMAIL, _emails),
    (NHS_NUMBER, _nhs_numbers),
    (PHONE, _phone_numbers),
    (DATE_OF_BIRTH, _dates_of_birth),
    (POSTCODE, _postcodes),
    (NAME, _names),
)


def redact(text: str) -> Redaction:
    """Mask emails, UK phone numbers, valid NHS numbers, full postcodes, stated names and
    dates of birth.

    >>> redact("Ring me on 07700 900123, my name is Sam").text
    'Ring me on [phone number removed], my name is [name removed]'
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text, got {type(text).__name__}")
    masks: list[tuple[int, int, str]] = []  # (start, end, kind) of the masks in `text`
    # A mask can free a neighbour that was held back only by what the mask replaced ("B00AA"
    # followed by digits is not a postcode; followed by a mask it is), so passes repeat until
    # nothing new is found. Each pass masks at least one character that is not yet a mask, so
    # this ends, and redacting the result again finds nothing.
    while True:
        spans = _accept(text, masks)
        if len(spans) == len(masks):
            break
        text, masks = _apply(text, spans)
    found = dict.fromkeys(kind for _, _, kind in masks)  # an ordered set
    return Redaction(text=text, found=tuple(found))


def _accept(text: str, masks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The masks so far plus every detected span that overlaps nothing accepted before it."""
    accepted = list(masks)  # sorted, non-overlapping
    starts = [start for start, _, _ in accepted]
    for kind, detect in _DETECTORS:
        for start, end in detect(text):
            at = bisect.bisect_left(starts, start)
            if at > 0 and accepted[at - 1][1] > start:
                continue  # overlaps the span before it
            if at < len(accepted) and accepted[at][0] < end:
                continue  # overlaps the span after it
            starts.insert(at, start)
            accepted.insert(at, (start, end, kind))
    return accepted


def _apply(text: str, spans: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """Replace each span with its mask; return the new text and where the masks now are."""
    pieces: list[str] = []
    masks: list[tuple[int, int, str]] = []
    position = length = 0
    for start, end, kind in spans:
        kept = text[position:start]
        pieces.append(kept)
        length += len(kept)
        mask = MASKS[kind]
        pieces.append(mask)
        masks.append((length, length + len(mask), kind))
        length += len(mask)
        position = end
    pieces.append(text[position:])
    return "".join(pieces), masks
