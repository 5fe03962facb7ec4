"""Slow down guessing of workshop codes: wrong codes per client address, in a fixed window.

Only failures count. A whole room often shares one address (venue wi-fi), so limiting every
join would lock out a large workshop; guessing codes, though, means many wrong ones.
"""

from django.core.cache import cache

WRONG_CODES = 50
WINDOW_SECONDS = 600


def _key(request) -> str:
    return f"tk-wrong-code:{request.META.get('REMOTE_ADDR', 'unknown')}"


def code_guessing_blocked(request) -> bool:
    return cache.get(_key(request), 0) >= WRONG_CODES


def wrong_code(request) -> None:
    key = _key(request)
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, WINDOW_SECONDS)
