"""The database going away (issue 8, item 9): PostgreSQL restarted — simulated faithfully by
terminating the app's backend with pg_terminate_backend from another connection — gives the
Vietnamese 503 page for the request it hits, and the app recovers by itself on the next
request (CONN_HEALTH_CHECKS with persistent connections), without a restart.

Requests go through Django's real WSGI handler (not the test client, which switches off the
per-request connection housekeeping that this is about). PostgreSQL only."""

import io
import sys

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory, override_settings

from tests.ops import urls as test_urls

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL only (DATABASE_URL=postgres://…)"
    ),
    pytest.mark.django_db(transaction=True),
]


def get(path):
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    environ["wsgi.errors"] = io.StringIO()
    status = []
    body = WSGIHandler()(environ, lambda s, headers, exc_info=None: status.append(s))
    content = b"".join(body).decode()
    body.close()  # request_finished: Django's end-of-request connection housekeeping
    return int(status[0].split()[0]), content


def terminate(pid):
    """Kills backend `pid` from a separate connection, as a server restart would."""
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        autocommit=True,
    ) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]


def backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.fixture
def persistent_connections():
    """As on a server: connections kept for a minute, checked before reuse."""
    db = connection.settings_dict
    saved = db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"]
    connection.close()
    db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"] = 60, True
    yield
    connection.close()
    db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"] = saved
    test_urls.MIDDLE_OF_REQUEST.clear()


@override_settings(ROOT_URLCONF="tests.ops.urls", DEBUG=False)
def test_a_connection_killed_between_requests_is_replaced(persistent_connections, ward):
    assert get("/__test__/database-ping/") == (200, "1")
    pid = backend_pid()
    terminate(pid)
    assert get("/__test__/database-ping/") == (200, "1")  # no error at all
    assert backend_pid() != pid


@override_settings(ROOT_URLCONF="tests.ops.urls", DEBUG=False)
def test_a_connection_killed_mid_request_gives_503_then_recovers(persistent_connections):
    get("/__test__/database-ping/")
    test_urls.MIDDLE_OF_REQUEST.append(lambda: terminate(backend_pid()))
    status, page = get("/__test__/database-twice/")
    assert status == 503, page
    assert "Cơ sở dữ liệu tạm thời không kết nối được, vui lòng thử lại" in page
    test_urls.MIDDLE_OF_REQUEST.clear()
    assert get("/__test__/database-twice/") == (200, "ok")
    assert get("/__test__/database-ping/")[0] == 200


def test_settings_turn_health_checks_on():
    from django.conf import settings

    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert "dongtam.middleware.DatabaseUnavailableMiddleware" in settings.MIDDLEWARE
    assert sys.modules["dongtam.middleware"]
