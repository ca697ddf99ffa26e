"""The app's URLs plus views that fail on purpose (error pages, database loss)."""

from django.db import OperationalError
from django.urls import path

from dongtam.urls import urlpatterns as app_urlpatterns


def boom(request):
    raise RuntimeError("a bug")


def database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [
    path("__test__/boom/", boom),
    path("__test__/database-gone/", database_gone),
    *app_urlpatterns,
]
