"""A small fixed-window rate limit on Django's cache, shared by every process that shares
the cache (settings.CACHES: a database table, so all app servers count together).

    from dongtam.ratelimit import hit
    if not hit(request, "verify", limit=30, window=60):
        return render(request, "429.html", status=429)

`hit` counts one request from the client's address under `key` and says whether it is
still within `limit` requests per `window` seconds. `client_ip` finds that address behind
settings.TRUSTED_PROXY_COUNT proxies (it is also django-axes' address for log-in throttling).
"""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import caches


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or — behind N trusted proxies, each appending the
    address it saw to X-Forwarded-For — the N-th address from the right of that header.
    Addresses a client wrote itself (further left) are never believed."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            candidate = forwarded[-count]
            if _is_ip(candidate):
                return candidate
    return remote


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _cache_key(key: str, ident: str, window: int, now: float) -> tuple[str, int]:
    bucket = int(now // window)
    digest = hashlib.sha256(f"{key}\0{ident}".encode()).hexdigest()[:32]
    # The key stays short and free of characters memcached would refuse, whatever the input.
    return f"ratelimit:{digest}:{window}:{bucket}", (bucket + 1) * window


def hit(
    request,
    key: str,
    limit: int,
    window: int,
    *,
    ident: str | None = None,
    cache_alias: str = "default",
    now: float | None = None,
) -> bool:
    """Count one request for (`key`, client address or `ident`) and return True while at most
    `limit` requests fell in the current `window`-second window, False once over it.

    A fixed window: at most 2 × limit in any `window` seconds across a boundary, which is
    plenty for slowing down guessing."""
    if limit < 1 or window < 1:
        raise ValueError("limit and window must be positive")
    now = time.time() if now is None else now
    who = ident if ident is not None else client_ip(request)
    cache_key, window_end = _cache_key(key, who, window, now)
    cache = caches[cache_alias]
    timeout = max(1, int(window_end - now) + 1)
    if cache.add(cache_key, 1, timeout):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout)
            count = 1
    return count <= limit


def remaining(
    request, key: str, limit: int, window: int, *, ident=None, cache_alias="default", now=None
) -> int:
    """How many requests the client has left in the current window (without counting one)."""
    now = time.time() if now is None else now
    who = ident if ident is not None else client_ip(request)
    cache_key, _ = _cache_key(key, who, window, now)
    return max(0, limit - int(caches[cache_alias].get(cache_key, 0)))
