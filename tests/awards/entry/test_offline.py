"""The installable app's pieces (issue 9, item 2): the worker at the site root with the
header that lets it control the site, the manifest, every asset local."""

from django.contrib.staticfiles import finders
from django.test import override_settings

from awards.entry import offline


def test_service_worker_served_from_the_root(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert 'var ENTRY_PREFIX = "/nhap-lieu/";' in body
    assert 'var LOGOUT_PATH = "/accounts/logout/";' in body
    assert "http://" not in body and "https://" not in body  # nothing from elsewhere


def test_worker_version_changes_with_the_build(client, db):
    first = client.get("/sw.js")["X-Entry-Worker"]
    with override_settings(ENTRY_SW_BUILD="next"):
        assert client.get("/sw.js")["X-Entry-Worker"] != first


def test_every_asset_of_the_worker_is_local():
    for path in offline.ASSETS:
        assert finders.find(path), path


def test_manifest(client, db):
    data = client.get("/manifest.webmanifest").json()
    assert data["start_url"] == "/nhap-lieu/" and data["display"] == "standalone"
    sizes = {i["sizes"] for i in data["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon


def test_entry_pages_name_the_user_cache_and_the_manifest(client, team_user, phase1, tdp):
    from django.urls import reverse

    client.force_login(team_user)
    html = client.get(reverse("entry_tdp_list", args=[phase1.pk, tdp.pk])).content.decode()
    assert f'<meta name="entry-user" content="u{team_user.pk}">' in html
    assert 'rel="manifest" href="/manifest.webmanifest"' in html
    assert "js/offline.js" in html and "data-precache" in html
