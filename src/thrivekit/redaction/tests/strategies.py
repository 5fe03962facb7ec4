"""Hypothesis strategies for personal data planted in free text (synthetic values only)."""

from __future__ import annotations

import string

from hypothesis import strategies as st

# The independent reading of the modulus-11 rule: with the check digit weighted 1, the weighted
# sum of all ten digits is a multiple of 11. (A stem whose check would be 10 has no digit that
# makes this true, so "check digit 10 is invalid" falls out by itself.)
ORACLE_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2, 1)


def oracle_is_valid(digits: str) -> bool:
    return (
        len(digits) == 10
        and digits.isascii()
        and digits.isdigit()
        and sum(int(d) * w for d, w in zip(digits, ORACLE_WEIGHTS, strict=True)) % 11 == 0
    )


def _complete(stem: str) -> str | None:
    for check in string.digits:
        if oracle_is_valid(stem + check):
            return stem + check
    return None  # this stem would need a check digit of 10


def _grouped(digits: str, separator: str) -> str:
    return f"{digits[:3]}{separator}{digits[3:6]}{separator}{digits[6:]}"


# NHS numbers from the synthetic 9xxxxxxxxx range, as people write them.
synthetic_nhs_digits = (
    st.from_regex(r"9[0-9]{8}", fullmatch=True).map(_complete).filter(lambda n: n is not None)
)
synthetic_nhs_numbers = st.builds(_grouped, synthetic_nhs_digits, st.sampled_from(["", " ", "-"]))


def _phone(prefix: str, digits: str, layout: tuple[int, ...], separator: str) -> str:
    groups, at = [], 0
    for size in layout:
        groups.append(digits[at : at + size])
        at += size
    return prefix + separator.join(groups)


_mobile_digits = st.from_regex(r"07[0-9]{9}", fullmatch=True)
_landline_digits = st.from_regex(r"0(?:20[0-9]{8}|1[0-9]{9}|3[0-9]{9})", fullmatch=True)
uk_phone_numbers = st.one_of(
    st.builds(
        _phone,
        st.just(""),
        st.one_of(_mobile_digits, _landline_digits),
        st.sampled_from([(11,), (5, 6), (4, 3, 4), (3, 4, 4), (5, 3, 3)]),
        st.sampled_from([" ", "-"]),
    ),
    # +44 drops the leading 0 of the mobile number
    st.builds(
        lambda digits, sep: _phone("+44" + sep, digits[1:], (4, 6), sep),
        _mobile_digits,
        st.sampled_from(["", " "]),
    ),
    st.from_regex(r"\(020\) [0-9]{4} [0-9]{4}", fullmatch=True),
    st.from_regex(r"0800 [0-9]{3} [0-9]{4}", fullmatch=True),
)

# Full postcodes from a handful of real areas, in any case, with or without the space.
_areas = st.sampled_from(["B", "E", "M", "N", "NW", "SW", "EC", "LS", "CF", "BT"])
_outward = st.builds(  # "NW1", "B33", "SW1A": a letter only follows a one-digit district
    lambda area, district, letter: f"{area}{district}{letter if district < 10 else ''}",
    _areas,
    st.integers(min_value=1, max_value=99),
    st.sampled_from(["", "A", "W"]),
)
_inward = st.builds(
    lambda digit, letters: f"{digit}{letters}",
    st.integers(min_value=0, max_value=9).map(str),
    st.text(alphabet="ABDEFGHJLNPQRSTUWXYZ", min_size=2, max_size=2),
)
postcodes = st.builds(
    lambda outward, space, inward, case: case(f"{outward}{space}{inward}"),
    _outward,
    st.sampled_from([" ", ""]),
    _inward,
    st.sampled_from([str.upper, str.lower, str.title]),
) | st.sampled_from(["SW1A 1AA", "sw1a1aa", "EC1A 1BB", "W1A 0AX"])

emails = st.emails() | st.sampled_from(
    ["sam.o'neil@example.co.uk", "parent+thrive@example.org", "Zoë.Ng@example.com"]
)

first_names = st.sampled_from(
    ["Amara", "Oliver", "Siobhan", "Zoë", "Łukasz", "Anne-Marie", "O'Neill", "Priya", "Kwame"]
)
