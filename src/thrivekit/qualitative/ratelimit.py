"""A per-address limit on answers to thrivekit's own surveys, in fixed 10-minute windows.

Built on the workshops' rate-limit helper: the same client address (trusted proxies and all)
and the same shared cache. A class answering together on school wi-fi shares one address, so
the limit is generous; it is there to stop a script filling a survey with junk.
Wrong survey codes are counted with wrong workshop codes (thrivekit.workshops.ratelimit).
"""

from django.core.cache import cache

from thrivekit.workshops.ratelimit import WINDOW_SECONDS, client_address

SUBMISSIONS = 100  # per address per window


def _key(request) -> str:
    return f"tk-survey-answers:{client_address(request)}"


def submissions_blocked(request) -> bool:
    return cache.get(_key(request), 0) >= SUBMISSIONS


def submission_counted(request) -> None:
    key = _key(request)
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, WINDOW_SECONDS)
