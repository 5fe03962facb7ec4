"""Pseudonymisation at import: keyed hashes for identifiers, districts for postcodes."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable

import duckdb
import pyarrow as pa

from thrivekit.redaction.free_text import MASKS, NHS_NUMBER
from thrivekit.redaction.nhs_number import NHS_NUMBER_SHAPE

_NHS_SHAPE = re.compile(r"^\s*(\d{3})[ -]?(\d{3})[ -]?(\d{4})\s*$")
_BLOCK = 64  # SHA-256's block size, for HMAC
# The regular expression DuckDB uses to pick candidate NHS numbers before the checksum.
NHS_SHAPE_SQL = r"\s*\d{3}[ -]?\d{3}[ -]?\d{4}\s*"
POSTCODE_SQL = r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?[0-9][A-Z]{2}$"
# The text `pseudonym` hashes, worked out in SQL for plain ten-digit values (no spaces
# around them): the ten digits if the modulus 11 check passes, else the value itself.
# NULL for any other value, which is then left to `pseudonym`. The check works on the
# number, not on its characters, which is several times faster.
PLAIN_NHS_SQL = r"""
CREATE OR REPLACE TEMP MACRO tk_nhs_check(n) AS (11 - (10 * (n // 1000000000 % 10)
  + 9 * (n // 100000000 % 10) + 8 * (n // 10000000 % 10) + 7 * (n // 1000000 % 10)
  + 6 * (n // 100000 % 10) + 5 * (n // 10000 % 10) + 4 * (n // 1000 % 10)
  + 3 * (n // 100 % 10) + 2 * (n // 10 % 10)) % 11) % 11;
CREATE OR REPLACE TEMP MACRO tk_nhs_text_of_digits(d, s) AS CASE
  WHEN tk_nhs_check(CAST(d AS BIGINT)) = CAST(d AS BIGINT) % 10 THEN d ELSE s END;
CREATE OR REPLACE TEMP MACRO tk_plain_nhs_text(s) AS CASE
  WHEN length(s) = 10 AND regexp_full_match(s, '[0-9]{10}') THEN tk_nhs_text_of_digits(s, s)
  WHEN regexp_full_match(s, '[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}')
  THEN tk_nhs_text_of_digits(regexp_replace(s, '[ -]', '', 'g'), s) END;
"""


def nhs_number_digits(value: str) -> str | None:
    """The ten digits of `value` if it is a valid NHS number (modulus 11 check), else None."""
    match = _NHS_SHAPE.match(value)
    if not match:
        return None
    digits = "".join(match.groups())
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        return None
    return digits


def pseudonym(key: bytes, value: str) -> str:
    """HMAC-SHA256 of an identifier, hex. An NHS number is hashed as its ten digits."""
    digits = nhs_number_digits(value)
    text = digits if digits is not None else value.strip()
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """HMAC-SHA256's inner and outer padded keys (RFC 2104), for hashing in SQL."""
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


# `pseudonym` in DuckDB, on every core. SQL works out the text to hash for values it can
# decide exactly: printable ASCII with no space at either end, where Python's strip(), \s and
# \d agree with SQL's. Any other value goes to `pseudonym` itself (tk_pseudonym_udf). The
# padded keys are session variables, bound as parameters, so the key never appears in SQL
# text (and a variable is a constant to DuckDB, where a subquery would be a join per row).
PSEUDONYM_SQL = r"""
CREATE OR REPLACE TEMP MACRO tk_hmac(t) AS sha256(getvariable('tk_opad')
  || unhex(sha256(getvariable('tk_ipad') || encode(t))));
CREATE OR REPLACE TEMP MACRO tk_pseudonym_text(s) AS CASE
  WHEN regexp_full_match(s, '[!-~]([ -~]*[!-~])?') THEN coalesce(tk_plain_nhs_text(s), s) END;
CREATE OR REPLACE TEMP MACRO tk_pseudonym(s) AS CASE
  WHEN tk_pseudonym_text(s) IS NOT NULL THEN tk_hmac(tk_pseudonym_text(s))
  WHEN s IS NOT NULL THEN tk_pseudonym_udf(s) END;
"""


# NHS numbers inside text ("GP letter re NHS 943 476 5919"): every run of ten digits, grouped
# 3-3-4 by spaces or hyphens or not, not inside a longer run of digits, whose modulus 11
# check digit is valid (the rule of thrivekit.redaction.nhs_number). RE2 has no look-around:
# the digit (or start) before a run is matched outside the group, and a digit after it is
# taken into the group so that the eleven digits then fail the length test. That is exact
# while no space or hyphen stands between digits; where one does, a failed candidate could
# swallow the start of a number ("000 0000000000"), so the text is cut into runs of digits
# and single other characters, and a number is one, two or three runs joined by one
# separator that add up to 10, 3+7, 6+4 or 3+3+4 digits (runs are whole, so the ends hold).
NHS_MASK = MASKS[NHS_NUMBER]
_NHS_IN_TEXT = rf"(?:^|[^0-9])({NHS_NUMBER_SHAPE}[0-9]?)"
NHS_FOUND_SQL = rf"""
CREATE OR REPLACE TEMP MACRO tk_nhs_run_valid(d) AS length(d) = 10
  AND tk_nhs_check(CAST(d AS BIGINT)) = CAST(d AS BIGINT) % 10;
CREATE OR REPLACE TEMP MACRO tk_nhs_shapes(t) AS list_filter(list_transform(t, (x, i) -> CASE
  WHEN length(x) = 10 THEN x
  WHEN t[i + 1] NOT IN (' ', '-') THEN NULL
  WHEN length(x) = 3 AND length(t[i + 2]) = 7 THEN x || t[i + 1] || t[i + 2]
  WHEN length(x) = 6 AND length(t[i + 2]) = 4 THEN x || t[i + 1] || t[i + 2]
  WHEN length(x) = 3 AND length(t[i + 2]) = 3 AND t[i + 3] IN (' ', '-')
    AND length(t[i + 4]) = 4 THEN x || t[i + 1] || t[i + 2] || t[i + 3] || t[i + 4]
  END), c -> c IS NOT NULL);
CREATE OR REPLACE TEMP MACRO tk_nhs_found(s) AS list_filter(
  CASE WHEN regexp_matches(s, '[0-9][ -][0-9]')
    THEN tk_nhs_shapes(regexp_extract_all(s, '[0-9]+|[^0-9]'))
    ELSE regexp_extract_all(s, '{_NHS_IN_TEXT}', 1) END,
  c -> tk_nhs_run_valid(replace(replace(c, ' ', ''), '-', '')));
"""
NHS_IN_TEXT_SQL = rf"""
-- A whole value that is an NHS number keeps its keyed pseudonym (see tk_nhs); in longer
-- text each number is replaced by a mask, so the text stays readable.
CREATE OR REPLACE TEMP MACRO tk_nhs_masked(s) AS list_reduce(list_prepend(s, tk_nhs_found(s)),
  (text, found) -> replace(text, found, '{NHS_MASK}'));
CREATE OR REPLACE TEMP MACRO tk_nhs_label(s) AS CASE WHEN tk_nhs(s) IS DISTINCT FROM s
  THEN tk_nhs(s) ELSE tk_nhs_masked(s) END;
-- True if `s` holds an NHS number. Identifiers are many and mostly short, so their length
-- (in bytes, the cheapest) is looked at first: most never reach the regular expression.
CREATE OR REPLACE TEMP MACRO tk_nhs_in(s) AS CASE WHEN strlen(s) >= 10
  THEN len(tk_nhs_found(s)) > 0 ELSE false END;
-- An identifier holding an NHS number is replaced whole by its pseudonym: masking only the
-- number would make different identifiers equal. (A value that is one keeps tk_nhs's.)
CREATE OR REPLACE TEMP MACRO tk_nhs_id(s) AS CASE WHEN strlen(s) < 10 THEN s
  WHEN tk_nhs(s) IS DISTINCT FROM s THEN tk_nhs(s)
  WHEN len(tk_nhs_found(s)) > 0 THEN tk_pseudonym(s) ELSE s END;
"""


def install_pseudonyms(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """Define tk_pseudonym(s) (= `pseudonym(key, s)`) and tk_nhs_udf(s) (`s`, or its
    pseudonym if it is a valid NHS number) on a DuckDB connection."""
    pseudonymise = make_pseudonymiser(key)

    def nhs_or_value(value: str) -> str:
        return pseudonymise(value) if nhs_number_digits(value) else value

    for name, function in (("tk_pseudonym_udf", pseudonymise), ("tk_nhs_udf", nhs_or_value)):
        con.create_function(name, _each(function), ["VARCHAR"], "VARCHAR", type="arrow")
    ipad, opad = hmac_pads(bytes(key))
    for name, pad in (("tk_ipad", ipad), ("tk_opad", opad)):
        con.execute(f"SET VARIABLE {name} = ?::BLOB", [pad])
    con.execute(PLAIN_NHS_SQL)
    con.execute(PSEUDONYM_SQL)


def install_nhs_masks(con: duckdb.DuckDBPyConnection) -> None:
    """Define tk_nhs_found(s) (the NHS numbers inside `s`), tk_nhs_label(s) (`s` with each
    masked, or its pseudonym if it is one), tk_nhs_in(s) and tk_nhs_id(s). Needs tk_nhs
    (importing) and install_pseudonyms first."""
    con.execute(NHS_FOUND_SQL)
    con.execute(NHS_IN_TEXT_SQL)


def _each(function: Callable[[str], str]) -> Callable[[pa.Array], pa.Array]:
    def udf(values: pa.Array) -> pa.Array:
        return pa.array(
            [None if v is None else function(v) for v in values.to_pylist()], pa.string()
        )

    return udf


def make_pseudonymiser(key: bytes) -> Callable[[str], str]:
    """A memoised pseudonym function: people recur across rows, hashing once is enough."""
    if not isinstance(key, bytes | bytearray) or len(key) < 16:
        raise ValueError("The pseudonymisation key must be at least 16 bytes.")
    cache: dict[str, str] = {}

    def apply(value: str) -> str:
        found = cache.get(value)
        if found is None:
            found = cache[value] = pseudonym(bytes(key), value)
        return found

    return apply


def postcode_district(value: str) -> str | None:
    """'SW1A 1AA' -> 'SW1A'. Values that are already a district are kept; others give None."""
    text = re.sub(r"\s+", " ", value.strip().upper())
    full = re.match(POSTCODE_SQL, text)
    if full:
        return full.group(1)
    if re.match(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$", text):
        return text
    return None
