"""dongtam/ratelimit.py: a per-address fixed-window limit on the shared (database) cache,
for the public verification page and other anonymous endpoints."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from dongtam.ratelimit import client_ip, hit, remaining

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def request(ip="198.51.100.1", forwarded=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/xac-minh/", **extra)


def test_limit_then_refuse_then_next_window():
    now = 1_000_000.0
    results = [hit(request(), "verify", limit=3, window=60, now=now + i) for i in range(5)]
    assert results == [True, True, True, False, False]
    assert remaining(request(), "verify", 3, 60, now=now + 5) == 0
    assert hit(request(), "verify", 3, 60, now=now + 60)  # a new window
    assert remaining(request(), "verify", 3, 60, now=now + 61) == 2


def test_addresses_and_keys_count_apart():
    now = 2_000_000.0
    for _ in range(2):
        hit(request("198.51.100.1"), "verify", 2, 60, now=now)
    assert not hit(request("198.51.100.1"), "verify", 2, 60, now=now)
    assert hit(request("198.51.100.2"), "verify", 2, 60, now=now)
    assert hit(request("198.51.100.1"), "export", 2, 60, now=now)
    assert hit(request("198.51.100.1"), "verify", 2, 60, ident="someone-else", now=now)


def test_the_database_cache_is_shared_across_processes(settings):
    """Several gunicorn workers and servers count together: the cache is a table."""
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")


def test_any_key_and_address_text_is_safe():
    weird = request(ip="::1")
    assert hit(weird, "ma=//evil.example\n:%00 ' \" " * 20, 1, 60)


def test_bad_limits_are_refused():
    with pytest.raises(ValueError):
        hit(request(), "verify", 0, 60)


def test_client_ip_without_and_behind_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("10.0.0.2", "203.0.113.5")) == "10.0.0.2"  # header ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("10.0.0.2", "203.0.113.5")) == "203.0.113.5"
    # A client's own X-Forwarded-For entries (left of the proxy's) are not believed.
    assert client_ip(request("10.0.0.2", "1.2.3.4, 203.0.113.5")) == "203.0.113.5"
    assert client_ip(request("10.0.0.2", "not-an-address")) == "10.0.0.2"
    assert client_ip(request("10.0.0.2")) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("10.0.0.3", "1.2.3.4, 203.0.113.5, 10.0.0.2")) == "203.0.113.5"
