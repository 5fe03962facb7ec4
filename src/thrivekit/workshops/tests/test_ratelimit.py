"""Join-code rate limits: per person's address behind a trusted proxy, never against a real code."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from thrivekit.workshops import ratelimit
from thrivekit.workshops.models import Participant
from thrivekit.workshops.ratelimit import WRONG_CODES, client_address
from thrivekit.workshops.tests.helpers import join, open_workshop

PROXY = "10.0.0.5"
ENTER = reverse("participate:enter")


def phone(address: str, *, via_proxy: bool = True) -> Client:
    """A phone at `address`, reaching the server through the TLS proxy (or directly)."""
    if via_proxy:
        return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)
    return Client(REMOTE_ADDR=address)


def guess_until_blocked(client: Client) -> None:
    for _ in range(WRONG_CODES):
        assert client.post(ENTER, {"code": "AAAAAA"}).status_code == 200
    assert client.post(ENTER, {"code": "AAAAAA"}).status_code == 429


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    settings.THRIVEKIT_TRUSTED_PROXIES = []
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_rightmost_untrusted_address_is_the_client(settings):
    settings.THRIVEKIT_TRUSTED_PROXIES = ["10.0.0.0/24", "192.0.2.7"]
    # The client wrote a made-up address first; the proxies appended what they saw
    request = request_from("10.0.0.5", "1.2.3.4, 198.51.100.20, 192.0.2.7")
    assert client_address(request) == "198.51.100.20"


def test_a_request_not_from_a_trusted_proxy_cannot_choose_its_address(settings):
    settings.THRIVEKIT_TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_garbage_from_a_trusted_proxy_falls_back_to_the_proxy(settings):
    settings.THRIVEKIT_TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_address(request_from("10.0.0.5", "not-an-address")) == "10.0.0.5"
    assert client_address(request_from("10.0.0.5")) == "10.0.0.5"


@pytest.mark.django_db
def test_one_guesser_behind_the_proxy_does_not_block_other_phones(site, areas, settings):
    settings.THRIVEKIT_TRUSTED_PROXIES = [PROXY]
    # Given every phone reaches the server through the TLS proxy, and one person guesses codes
    workshop = open_workshop(site)
    guess_until_blocked(phone("198.51.100.66"))
    # When someone else behind the same proxy types a wrong code, they are not told to wait
    other = phone("198.51.100.7")
    assert other.post(ENTER, {"code": "BBBBBB"}).status_code == 200
    # And they join the workshop
    join(workshop, area=areas[0], client=other)


@pytest.mark.django_db
def test_a_valid_code_always_gets_in_even_from_a_blocked_address(site, areas):
    # Given an address that has guessed too many codes
    guesser = phone("198.51.100.66", via_proxy=False)
    guess_until_blocked(guesser)
    workshop = open_workshop(site)
    # When someone at that address types the real code (in lower case, with a space)
    code = workshop.join_code
    entered = guesser.post(ENTER, {"code": f"{code[:3].lower()} {code[3:].lower()}"})
    # Then they are sent to join, and they get in
    assert entered.status_code == 302
    assert entered.url == reverse("participate:join", kwargs={"code": code})
    assert guesser.get(entered.url).status_code == 200
    join(workshop, area=areas[0], client=guesser)
    assert Participant.objects.filter(workshop=workshop).count() == 1
    # But wrong guesses from there are still refused
    assert guesser.post(ENTER, {"code": "CCCCCC"}).status_code == 429
    assert guesser.get(reverse("participate:join", kwargs={"code": "DDDDDD"})).status_code == 429


@pytest.mark.django_db
def test_a_full_room_at_one_address_can_always_join(site, areas, monkeypatch):
    # Given a room of phones sharing one address (venue wi-fi), and however small a limit on
    # join forms per address there might be (there was one: it let a script lock a room out)
    monkeypatch.setattr(ratelimit, "JOIN_ATTEMPTS", 3, raising=False)
    workshop = open_workshop(site)
    # When more of them join than that
    for _ in range(10):
        join(workshop, area=areas[0], client=phone("198.51.100.1", via_proxy=False))
    # Then every one of them is in
    assert Participant.objects.filter(workshop=workshop).count() == 10
