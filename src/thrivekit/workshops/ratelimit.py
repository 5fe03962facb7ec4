"""Rate limits for joining workshops, per client address, in fixed 10-minute windows.

* Wrong codes: guessing a code means many wrong ones, so after ``WRONG_CODES`` wrong codes an
  address gets "too many attempts" for any code it does not already know. A whole room often
  shares one address (venue wi-fi), so people already in a workshop keep answering, and the
  code of a workshop that has closed is not a wrong guess.
* Join attempts: every join form sent counts, right or wrong, so a script cannot fill a
  workshop with made-up participants. The limit is well above the largest room (300 people)
  behind one address.

The counts live in Django's cache; with several server processes the cache must be shared
(a file, database or Redis cache) for the limits to hold across them.
"""

from django.core.cache import cache

WRONG_CODES = 50
JOIN_ATTEMPTS = 600
WINDOW_SECONDS = 600


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _count(key: str) -> None:
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, WINDOW_SECONDS)


def code_guessing_blocked(request) -> bool:
    return cache.get(f"tk-wrong-code:{_address(request)}", 0) >= WRONG_CODES


def wrong_code(request) -> None:
    _count(f"tk-wrong-code:{_address(request)}")


def join_attempts_blocked(request) -> bool:
    return cache.get(f"tk-join:{_address(request)}", 0) >= JOIN_ATTEMPTS


def join_attempt(request) -> None:
    _count(f"tk-join:{_address(request)}")
