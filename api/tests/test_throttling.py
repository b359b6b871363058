"""Anonymous API requests are counted per client address, and a client cannot choose its
address by writing an X-Forwarded-For header: not directly, nor behind the proxy."""

import ipaddress

import pytest
from django.test import RequestFactory

from api.throttling import AnonymousClientThrottle
from outbox.tests.cache import cache_unreachable
from tracker.security import client_address

pytestmark = pytest.mark.django_db

PROXY = "172.18.0.5"
CLIENT = "198.51.100.7"


@pytest.fixture(autouse=True)
def _two_a_day(monkeypatch):
    # A day, not a minute: the count starts again when a client's window ends (fixed windows),
    # which must not happen within a test.
    monkeypatch.setattr(AnonymousClientThrottle, "THROTTLE_RATES", {"anon": "2/day"})


def statuses(anonymous, requests: list[dict]) -> list[int]:
    return [anonymous.get("/api/states/", **request).status_code for request in requests]


def test_a_new_forwarded_address_each_time_does_not_reset_the_throttle(anonymous, record):
    spoofed = [{"REMOTE_ADDR": CLIENT, "HTTP_X_FORWARDED_FOR": f"203.0.113.{n}"} for n in range(4)]

    assert statuses(anonymous, spoofed) == [200, 200, 429, 429]


def test_behind_the_proxy_a_client_writing_addresses_before_the_proxys_entry_is_still_counted(
    anonymous, record, settings
):
    settings.BEHIND_PROXY = True
    spoofed = [{"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"203.0.113.{n}, {CLIENT}"} for n in range(4)]

    assert statuses(anonymous, spoofed) == [200, 200, 429, 429]
    # Another client behind the same proxy has its own budget.
    assert statuses(anonymous, [{"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.8"}]) == [200]


def test_with_trusted_proxies_a_client_reaching_the_site_directly_cannot_forward_for_itself(
    anonymous, record, settings
):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = [ipaddress.ip_network(PROXY)]
    direct = [{"REMOTE_ADDR": CLIENT, "HTTP_X_FORWARDED_FOR": f"203.0.113.{n}"} for n in range(4)]

    assert statuses(anonymous, direct) == [200, 200, 429, 429]
    through_proxy = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.8"}
    assert statuses(anonymous, [through_proxy] * 3) == [200, 200, 429]


def test_while_the_cache_cannot_be_reached_the_api_answers_and_says_so_in_the_log(anonymous, record, caplog):
    with cache_unreachable():
        answers = statuses(anonymous, [{"REMOTE_ADDR": CLIENT}] * 3)

    assert answers == [200, 200, 200]
    assert "Request not counted for api.anonymous, the cache cannot be reached" in caplog.text


@pytest.mark.parametrize(
    ("behind_proxy", "trusted", "remote", "forwarded_for", "expected"),
    [
        # Not behind a proxy: the header is the client's own writing.
        (False, [], CLIENT, "203.0.113.1", CLIENT),
        (False, [], CLIENT, None, CLIENT),
        # Behind the proxy: the entry it appended, the last one.
        (True, [], PROXY, "203.0.113.1, 198.51.100.7", CLIENT),
        (True, [], PROXY, " 198.51.100.7 ", CLIENT),
        (True, [], PROXY, "2001:db8::7", "2001:db8::7"),
        # A request that came with no address (made in code): one client for all such.
        (False, [], "", None, "0.0.0.0"),
        # No usable entry: the proxy's own address, one client for all such requests.
        (True, [], PROXY, None, PROXY),
        (True, [], PROXY, "", PROXY),
        (True, [], PROXY, "198.51.100.7, not an address", PROXY),
        # Trusted proxies named: the header counts only on a connection from one of them.
        (True, ["172.18.0.0/16"], PROXY, "203.0.113.1, 198.51.100.7", CLIENT),
        (True, ["172.18.0.0/16"], CLIENT, "203.0.113.1", CLIENT),
        (True, ["10.0.0.1", "::1"], "::1", "198.51.100.7", CLIENT),
    ],
)
def test_the_client_address(settings, behind_proxy, trusted, remote, forwarded_for, expected):
    settings.BEHIND_PROXY = behind_proxy
    settings.TRUSTED_PROXIES = [ipaddress.ip_network(network) for network in trusted]
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}

    request = RequestFactory().get("/api/states/", REMOTE_ADDR=remote, **headers)

    assert client_address(request) == expected
