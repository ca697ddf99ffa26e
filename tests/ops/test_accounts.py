"""Accounts and log-in (issue 8, item 4): throttling with django-axes and its Vietnamese
lock-out page, the four password validators in Vietnamese, and sessions that end after
SESSION_IDLE_TIMEOUT minutes without a request."""

import datetime
import time
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from households.accounts.services import AccountError, save_account
from households.sessions import LAST_SEEN_KEY
from scoring.demo import DEMO_ACCOUNTS, ensure_demo_accounts
from tests.support import PASSWORD


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login(client, username, password, ip="198.51.100.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


# --- throttling ---------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_with_a_vietnamese_page(client, office_user):
    for _ in range(4):
        response = login(client, "thuongtruc", "sai-mat-khau")
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    response = login(client, "thuongtruc", "sai-mat-khau")  # the 5th
    assert response.status_code == 429
    # Now even the right password is refused, from any address, for the cool-off.
    response = login(Client(), "thuongtruc", PASSWORD, ip="203.0.113.50")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Đăng nhập tạm thời bị khóa" in page
    assert "Đã nhập sai mật khẩu 5 lần" in page and "thử lại sau 15 phút" in page
    assert 'lang="vi"' in page and "Phường Đồng Tâm" in page  # the site's layout
    assert "_auth_user_id" not in client.session


def test_the_address_is_locked_too_whatever_the_account(client, office_user, staff_user):
    for n in range(5):
        login(client, f"khong-co-{n}", "sai-mat-khau", ip="198.51.100.9")
    assert login(client, "vanphong", PASSWORD, ip="198.51.100.9").status_code == 429
    assert login(Client(), "vanphong", PASSWORD, ip="198.51.100.10").status_code == 302


def test_a_success_resets_the_count(client, office_user):
    for _ in range(4):
        login(client, "thuongtruc", "sai-mat-khau")
    assert login(client, "thuongtruc", PASSWORD).status_code == 302
    other = Client()
    for _ in range(4):
        assert login(other, "thuongtruc", "sai-mat-khau").status_code == 200


def test_axes_reset_unlocks(client, office_user):
    for _ in range(5):
        login(client, "thuongtruc", "sai-mat-khau", ip="198.51.100.20")
    assert login(Client(), "thuongtruc", PASSWORD, ip="198.51.100.21").status_code == 429
    call_command("axes_reset_username", "thuongtruc", stdout=StringIO())
    call_command("axes_reset_ip", "198.51.100.20", stdout=StringIO())
    assert login(Client(), "thuongtruc", PASSWORD, ip="198.51.100.20").status_code == 302


def test_client_ip_behind_the_proxy(client, office_user, settings):
    """Behind TRUSTED_PROXY_COUNT proxies the locked address is the client's, not the
    proxy's (else one attacker would lock out the whole ward)."""
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            reverse("login"),
            {"username": f"x{_}", "password": "sai"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.30",
        )
    ok = Client().post(
        reverse("login"),
        {"username": "thuongtruc", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.31",
    )
    assert ok.status_code == 302


def test_admin_shows_attempts_and_lockouts(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/axes/accessattempt/").status_code == 200
    assert client.get("/admin/axes/accesslog/").status_code == 200


def test_client_login_and_authenticate_without_request_still_work(client, office_user):
    """The test suite's Client.login and scripts calling authenticate() without a request
    bypass the throttle's backend and reach ModelBackend."""
    assert client.login(username="thuongtruc", password=PASSWORD)
    assert authenticate(username="thuongtruc", password=PASSWORD) == office_user


# --- passwords ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("abc-de", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("password123", "Mật khẩu này quá phổ biến, dễ bị đoán ra."),
        ("4829301756", "Mật khẩu không được chỉ gồm chữ số."),
        ("thuongtruc1", "Mật khẩu quá giống tên đăng nhập, họ tên hoặc thư điện tử."),
    ],
)
def test_each_validator_speaks_vietnamese(office_user, password, message):
    with pytest.raises(ValidationError) as info:
        validate_password(password, office_user)
    assert message in info.value.messages


def test_12345678_is_refused_everywhere(ward, client, admin_user):
    with pytest.raises(CommandError, match="Mật khẩu không đạt"):
        call_command("add_user", "moi", "--role", "staff", "--password", "12345678")
    with pytest.raises(AccountError, match="Mật khẩu không đạt: Mật khẩu quá ngắn"):
        save_account("moi", "staff", password="12345678")
    client.force_login(admin_user)
    response = client.post(
        reverse("setup_user_new"), {"username": "moi", "role": "staff", "password": "12345678"}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["password"]
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in errors
    assert "Mật khẩu không được chỉ gồm chữ số." in errors
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="moi").exists()


def test_setup_form_checks_similarity_with_the_new_username(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("setup_user_new"),
        {"username": "nguyenthilan", "role": "staff", "password": "nguyenthilan1"},
    )
    assert response.status_code == 400
    assert "quá giống tên đăng nhập" in response.content.decode()


def test_test_and_demo_passwords(ward):
    """The suite's password passes; the demo's documented ones are exempt (seed_demo
    refuses to run with DEBUG off), and still log in."""
    save_account("kiemtra", "staff", password=PASSWORD)
    accounts = ensure_demo_accounts(ward)
    for account in DEMO_ACCOUNTS:
        assert accounts[account.username].check_password(account.password)


# --- idle sessions ------------------------------------------------------------------------


def _age_session(client, seconds):
    """Pretend the last refresh of the client's session was `seconds` ago."""
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()
    return session.session_key


def test_session_expires_after_idle_timeout(client, office_user, settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT * 60 == 30 * 60
    assert login(client, "thuongtruc", PASSWORD).status_code == 302
    key = client.session.session_key

    # A request over a minute after the last refresh moves the expiry forward (sliding).
    _age_session(client, 5 * 60)
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + datetime.timedelta(60))
    response = client.get(reverse("setup_users"))
    assert response.status_code == 200
    expiry = Session.objects.get(pk=key).expire_date
    assert abs((expiry - timezone.now()).total_seconds() - 30 * 60) < 60
    assert response.cookies["sessionid"]["max-age"] == 30 * 60

    # 30 minutes without a request: back to the log-in page.
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(reverse("setup_users"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_requests_within_a_minute_do_not_write_the_session(
    client, office_user, django_assert_num_queries
):
    client.force_login(office_user)  # stamps the session at log-in
    client.get(reverse("setup_users"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("setup_users"))
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert writes == []
    _age_session(client, 61)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("setup_users"))
    assert any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in queries)
