"""The entry screens as an installable web app that works without a connection (issue 9,
item 2): the service worker (awards/entry/service_worker.js) served from the site root at
/sw.js, so it may control the whole site (`Service-Worker-Allowed: /`), and the web app
manifest. Both are public (they hold nothing personal); every asset they name is local.

What the worker caches and when it forgets it is described in service_worker.js; the pages'
side — the queue of saves waiting in IndexedDB, sent by itself when the connection returns —
is static/js/offline.js. Saves go to the same views as online (awards.entry.views), so
windows, locks, scope and versions are checked as for any save."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

WORKER_SOURCE = Path(__file__).with_name("service_worker.js")

# Everything the entry pages load; the worker caches them on install.
ASSETS = (
    "favicon.svg",
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "css/app.css",
    "css/entry.css",
    "js/entry.js",
    "js/offline.js",
    "entry/icon.svg",
    "entry/icon-192.png",
    "entry/icon-512.png",
)

OFFLINE_HTML = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chưa có mạng — Chuyển đổi số</title></head>
<body><main><h1>Chưa có mạng</h1>
<p>Trang này chưa được lưu trong máy để dùng khi mất mạng. Các trang của tổ dân phố đã mở
khi còn mạng vẫn mở được; các phiếu đã lưu trong máy sẽ tự gửi khi có mạng lại.</p>
<p><a href="/nhap-lieu/">‹ Nhập liệu</a></p></main></body></html>"""


def user_key(user) -> str:
    """The key of a user's cache in the browser (rendered in the entry pages' head)."""
    return f"u{user.pk}"


def asset_urls() -> list[str]:
    return [static(path) for path in ASSETS]


@lru_cache(maxsize=4)
def _worker(build: str) -> tuple[str, str]:
    """(the worker's source with its constants, its version). The version changes with the
    worker's code, the asset URLs (hashed by the static files storage) and
    settings.ENTRY_SW_BUILD, so a deploy updates the installed workers."""
    assets = asset_urls()
    source = WORKER_SOURCE.read_text(encoding="utf-8")
    digest = hashlib.sha256((source + json.dumps(assets) + build).encode()).hexdigest()[:12]
    header = "\n".join(
        [
            f"var VERSION = {json.dumps(digest)};",
            f"var ASSETS = {json.dumps(assets)};",
            f"var ENTRY_PREFIX = {json.dumps(reverse('entry_home'))};",
            f"var LOGOUT_PATH = {json.dumps(reverse('logout'))};",
            f"var OFFLINE_HTML = {json.dumps(OFFLINE_HTML)};",
        ]
    )
    return f"{header}\n{source}", digest


@require_safe
def service_worker(request):
    source, version = _worker(str(getattr(settings, "ENTRY_SW_BUILD", "")))
    response = HttpResponse(source, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    response["X-Entry-Worker"] = version
    return response


@require_safe
def manifest(request):
    data = {
        "name": "Chuyển đổi số — nhập phiếu (phường Đồng Tâm)",
        "short_name": "Nhập phiếu CĐS",
        "lang": "vi",
        "start_url": reverse("entry_home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0d6efd",
        "icons": [
            {"src": static("entry/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("entry/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("entry/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json; charset=utf-8"
    return response
