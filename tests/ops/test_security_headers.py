"""Security headers (issue 8, item 7): a Content-Security-Policy without inline script or
style, Referrer-Policy, nosniff, Permissions-Policy; and Vietnamese error pages."""

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
# Rendered by WeasyPrint into PDFs, never by a browser: their inline CSS stays.
PDF_TEMPLATES = ("awards/pdf/", "awards/reports/")


def browser_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        relative = path.relative_to(TEMPLATES).as_posix()
        if not relative.startswith(PDF_TEMPLATES):
            yield relative, path.read_text(encoding="utf-8")


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle=", re.I), "style= attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: address"),
]


def test_no_template_has_inline_script_or_style():
    found = []
    for name, text in browser_templates():
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{name}:{line}: {what}")
    assert not found, "\n".join(found)


def test_headers_on_every_page(client, ward):
    response = client.get(reverse("login"))
    csp = response.headers["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in csp.split(";") if part.strip()
    )
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = response.headers["Permissions-Policy"]
    assert "camera=(self)" in policy and "geolocation=()" in policy
    assert "microphone=()" in policy


# --- error pages, with DEBUG off -------------------------------------------------------------


@override_settings(DEBUG=False)
def test_missing_page_is_the_vietnamese_404_in_the_layout(client, team_user):
    client.force_login(team_user)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page
    assert "Đăng xuất" in page  # the site's layout, with the user's menu
    assert "Not Found" not in page


@override_settings(DEBUG=False)
def test_team_member_on_a_ward_page_sees_the_vietnamese_403(client, team_user):
    client.force_login(team_user)
    response = client.get(reverse("setup_users"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Không có quyền truy cập" in page
    assert "Đăng xuất" in page
    assert "Forbidden" not in page


@override_settings(DEBUG=False)
def test_permission_denied_reason_is_shown(client, ward, django_user_model):
    """PermissionDenied carries a Vietnamese reason (households/access.py etc.)."""
    client.force_login(django_user_model.objects.create_user("khach", password="x" * 12))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 403
    assert "Tài khoản chưa được gán vai trò trong phường" in response.content.decode()


@override_settings(DEBUG=False, ALLOWED_HOSTS=["cds.dongtam.example"])
def test_bad_host_is_the_vietnamese_400(client, ward):
    response = client.get("/accounts/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@override_settings(DEBUG=False, ROOT_URLCONF="tests.ops.urls")
def test_server_error_is_the_vietnamese_500_without_context(ward):
    client = Client(raise_request_exception=False)
    response = client.get("/__test__/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Máy chủ gặp lỗi" in page and "Server Error" not in page
    assert 'lang="vi"' in page


@override_settings(DEBUG=False, ROOT_URLCONF="tests.ops.urls")
def test_database_loss_is_a_vietnamese_503(ward):
    client = Client(raise_request_exception=False)
    response = client.get("/__test__/database-gone/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "10"
    assert "Cơ sở dữ liệu tạm thời không kết nối được, vui lòng thử lại" in (
        response.content.decode()
    )


@override_settings(DEBUG=False)
def test_csrf_failure_is_the_vietnamese_403(ward, office_user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "thuongtruc", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Không gửi được biểu mẫu" in page and "CSRF" in page
    assert "Forbidden" not in page


@pytest.mark.parametrize("name", ["400.html", "403_csrf.html", "500.html", "503.html"])
def test_context_free_error_pages_render_without_request_or_database(name, settings):
    """Django renders 400, 500 and the CSRF page without a request; the 503 is shown when
    the database is gone: none may touch the database or a context processor."""
    from django.template import loader

    with pytest.raises(RuntimeError, match="Database access not allowed"):
        # Sanity: this test has no database access at all.
        from django.contrib.auth.models import User

        User.objects.exists()
    html = loader.get_template(name).render()
    assert "Phường Đồng Tâm" in html
