"""The app's URLs plus views that fail on purpose (error pages, database loss)."""

from django.db import OperationalError, connection
from django.http import HttpResponse
from django.urls import path

from dongtam.urls import urlpatterns as app_urlpatterns


def boom(request):
    raise RuntimeError("a bug")


def database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


def database_ping(request):
    """Reads the database: the number of wards."""
    from households.models import Ward

    return HttpResponse(str(Ward.objects.count()))


# Set by a test: called in the middle of the request, between two queries.
MIDDLE_OF_REQUEST = []


def database_twice(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    for hook in MIDDLE_OF_REQUEST:
        hook()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 2")
    return HttpResponse("ok")


urlpatterns = [
    path("__test__/boom/", boom),
    path("__test__/database-gone/", database_gone),
    path("__test__/database-ping/", database_ping),
    path("__test__/database-twice/", database_twice),
    *app_urlpatterns,
]
