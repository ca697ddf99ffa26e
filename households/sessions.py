"""Sessions that end after SESSION_IDLE_TIMEOUT minutes without a request (shared office
computers), without writing the session on every request."""

import time

# The session's expiry moves forward at most this often (seconds): a sliding idle timeout
# without a database write on every request.
SESSION_REFRESH_SECONDS = 60
LAST_SEEN_KEY = "dongtam_last_seen"


def stamp_session(session, now: float | None = None) -> None:
    session[LAST_SEEN_KEY] = int(time.time() if now is None else now)


def mark_login(sender, request, user, **kwargs):
    """user_logged_in receiver (households/apps.py): the log-in saves the session anyway."""
    if request is not None and hasattr(request, "session"):
        stamp_session(request.session)


class SessionIdleMiddleware:
    """A logged-in session ends SESSION_IDLE_TIMEOUT minutes (settings.SESSION_COOKIE_AGE)
    after the last request: a request more than a minute after the last refresh marks the
    session modified, so SessionMiddleware saves it with a new expiry and re-sends the
    cookie. Sessions left alone expire in the database and in the browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only sessions the request used anyway (no extra query) and that belong to a user.
        if (
            session is not None
            and session.accessed
            and not session.is_empty()
            and "_auth_user_id" in session
        ):
            now = time.time()
            last = session.get(LAST_SEEN_KEY)
            if not isinstance(last, int) or now - last >= SESSION_REFRESH_SECONDS:
                stamp_session(session, now)
        return response
