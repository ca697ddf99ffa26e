"""Authentication backend: django-axes' throttling on every log-in that has a request."""

from axes.backends import AxesStandaloneBackend


class AxesBackend(AxesStandaloneBackend):
    """Axes' backend, except that a call without a request (Django's test client
    `Client.login`, scripts calling `authenticate()` directly) is passed on untouched to
    the next backend instead of raising. Every log-in over HTTP — the log-in page, the
    admin's — goes through a view that passes its request, so it stays throttled."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
