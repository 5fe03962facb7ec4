"""Rate limits for guessing workshop codes, per client address, in fixed 10-minute windows.

Guessing a code means many wrong ones, so after ``WRONG_CODES`` wrong codes an address gets
"too many attempts" for any code that does not open a workshop. A code that opens a workshop
is never refused: a whole room often shares one address (venue wi-fi, or every phone behind
the TLS proxy if the proxy is not trusted), and one person's guesses must not lock the others
out. Only wrong guesses count. The code of a workshop that has closed is not a wrong guess.

The client address is the connecting address, unless that is one of ``TRUSTED_PROXIES``:
then it is the right-most address in X-Forwarded-For that is not a trusted proxy (the one
the outermost trusted proxy saw; anything to its left the client could have written).

The counts live in Django's default cache; with several server processes the cache must be
shared (the database or Redis, see ``CACHE_URL``) for the limits to hold across them.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache

WRONG_CODES = 50
WINDOW_SECONDS = 600

_Address = ipaddress.IPv4Address | ipaddress.IPv6Address
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[_Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies)


def _ip(text: str) -> _Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [IPv6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # IPv4:port
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def _trusted(address: _Address | None, networks: tuple[_Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(request) -> str:
    """The address of the person's device, as far as the trusted proxies can tell."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    networks = _networks(tuple(getattr(settings, "THRIVEKIT_TRUSTED_PROXIES", ())))
    if not _trusted(_ip(remote), networks):
        # Not from a trusted proxy: X-Forwarded-For is whatever the client wrote.
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _ip(hop)
        if address is None:
            # A trusted proxy wrote something that is not an address: go no further left.
            return remote
        if not _trusted(address, networks):
            return str(address)
    return remote


def _count(key: str) -> None:
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, WINDOW_SECONDS)


def _open_code(code: str) -> bool:
    from thrivekit.workshops.selectors import open_workshop_by_code

    return bool(code) and open_workshop_by_code(code=code) is not None


def code_guessing_blocked(request, *, code: str | None = None) -> bool:
    """True once this address has sent too many wrong codes, unless ``code`` opens a workshop."""
    if cache.get(f"tk-wrong-code:{client_address(request)}", 0) < WRONG_CODES:
        return False
    return not (code is not None and _open_code(code))


def wrong_code(request) -> None:
    _count(f"tk-wrong-code:{client_address(request)}")
