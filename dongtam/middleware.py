"""Small middleware of the project: the Permissions-Policy header, and a clear Vietnamese
503 page when the database cannot be reached."""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

log = logging.getLogger("dongtam.database")


class PermissionsPolicyMiddleware:
    """Adds `Permissions-Policy` (settings.PERMISSIONS_POLICY) to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.PERMISSIONS_POLICY
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


def _connection_lost(exc: BaseException) -> bool:
    """The database went away (restarted, network cut, connection killed) rather than a
    query being wrong: psycopg's OperationalError/InterfaceError, wrapped by Django."""
    if isinstance(exc, InterfaceError | OperationalError):
        return True
    cause = exc.__cause__
    return isinstance(exc, DatabaseError) and cause is not None and _connection_lost(cause)


class DatabaseUnavailableMiddleware:
    """A request whose database connection was lost answers 503 with a Vietnamese page
    asking to try again (templates/503.html, rendered without the database). Django closes
    the broken connection at the end of the request, and CONN_HEALTH_CHECKS replaces a
    stale persistent one before the next: the app recovers without a restart."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not _connection_lost(exception):
            return None
        log.error("Database unavailable during %s %s: %s", request.method, request.path, exception)
        body = loader.get_template("503.html").render()
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "10"
        return response
