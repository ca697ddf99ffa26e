"""`manage.py add_user` (INTERFACES.md, "Accounts")."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from households.models import Membership, ResidentialGroup

User = get_user_model()
GOOD = "mat-khau-tot-2022"


def add_user(*args):
    out = io.StringIO()
    call_command("add_user", *args, stdout=out)
    return out.getvalue()


def codes(user):
    return sorted(user.membership.tdps.values_list("code", flat=True), key=int)


def test_creates_office_account_that_can_log_in(ward, client):
    out = add_user("thuy", "--role", "office", "--password", GOOD, "--full-name", "Lê Thị Thủy")
    assert "Đã tạo tài khoản “thuy”" in out
    assert "Thường trực thi đua khen thưởng" in out
    user = User.objects.get(username="thuy")
    assert user.membership.role == Membership.Role.OFFICE
    assert user.membership.ward == ward
    assert codes(user) == []
    assert (user.last_name, user.first_name) == ("Lê Thị", "Thủy")
    assert not user.is_staff
    response = client.post("/accounts/login/", {"username": "thuy", "password": GOOD})
    assert response.status_code == 302


def test_admin_gets_django_admin(ward):
    add_user("quantri2", "--role", "admin", "--password", GOOD)
    user = User.objects.get(username="quantri2")
    assert user.is_staff and user.is_superuser


def test_tdp_codes_in_any_spelling_and_repeated(ward):
    out = add_user(
        "to",
        "--role",
        "tdp_team",
        "--tdp",
        "08",
        "Tổ dân phố số 9",
        "--tdp",
        "Tổ 14",
        "--password",
        GOOD,
    )
    assert "tổ dân phố: 8, 9, 14" in out
    assert codes(User.objects.get(username="to")) == ["8", "9", "14"]


def test_update_changes_role_and_tdps_keeps_password(ward):
    add_user("minh", "--role", "tdp_officer", "--tdp", "8", "--password", GOOD)
    user = User.objects.get(username="minh")
    assert ResidentialGroup.objects.get(code="8").officer == user

    out = add_user("minh", "--role", "tdp_officer", "--tdp", "9")  # no terminal: keeps password
    assert "Đã cập nhật tài khoản “minh”" in out and "Mật khẩu giữ nguyên" in out
    user.refresh_from_db()
    assert codes(user) == ["9"]
    assert user.check_password(GOOD)
    # The TDP it no longer covers loses it as official in charge; the new one gains it.
    assert ResidentialGroup.objects.get(code="8").officer is None
    assert ResidentialGroup.objects.get(code="9").officer == user

    add_user("minh", "--role", "staff", "--password", "mat-khau-moi-2022")
    user.refresh_from_db()
    assert user.membership.role == Membership.Role.STAFF
    assert codes(user) == []
    assert user.check_password("mat-khau-moi-2022")
    assert ResidentialGroup.objects.filter(officer=user).count() == 0
    assert User.objects.filter(username="minh").count() == 1
    assert Membership.objects.filter(user=user).count() == 1


def test_unknown_role_is_refused_in_vietnamese(ward):
    with pytest.raises(CommandError, match="Vai trò “boss” không hợp lệ.*tdp_officer"):
        add_user("x", "--role", "boss", "--password", GOOD)
    assert not User.objects.filter(username="x").exists()


def test_unknown_tdp_is_refused(ward):
    with pytest.raises(CommandError, match="Không có tổ dân phố mã 13 trong phường Đồng Tâm"):
        add_user("x", "--role", "tdp_team", "--tdp", "8", "13", "--password", GOOD)
    assert not User.objects.filter(username="x").exists()  # all or nothing


def test_tdp_role_needs_tdp(ward):
    with pytest.raises(CommandError, match="cần ít nhất một --tdp"):
        add_user("x", "--role", "tdp_team", "--password", GOOD)
    assert not User.objects.filter(username="x").exists()


def test_ward_role_refuses_tdp(ward):
    with pytest.raises(CommandError, match="không gắn với tổ dân phố"):
        add_user("x", "--role", "chairman", "--tdp", "8", "--password", GOOD)


def test_short_password_is_refused(ward):
    with pytest.raises(CommandError, match="Mật khẩu không đạt: quá ngắn, cần ít nhất 10 ký tự"):
        add_user("x", "--role", "office", "--password", "abc")
    assert not User.objects.filter(username="x").exists()


def test_bad_username_is_refused(ward):
    with pytest.raises(CommandError, match="Tên đăng nhập “bad name” không hợp lệ"):
        add_user("bad name", "--role", "office", "--password", GOOD)


def test_new_account_without_password_and_without_terminal_fails_clearly(ward, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="Chưa có --password.*không phải terminal"):
        add_user("x", "--role", "office")
    assert not User.objects.filter(username="x").exists()


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture
def terminal(monkeypatch):
    """Simulates a terminal: returns the list that getpass answers are taken from."""
    answers = []
    prompts = []
    monkeypatch.setattr("sys.stdin", FakeTerminal(""))

    def fake_getpass(prompt=""):
        prompts.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    return answers, prompts


def test_asks_password_twice_on_terminal(ward, terminal):
    answers, prompts = terminal
    answers.extend([GOOD, GOOD])
    add_user("lan", "--role", "chairman")
    assert len(prompts) == 2 and "Nhập lại" in prompts[1]
    assert User.objects.get(username="lan").check_password(GOOD)


def test_mismatched_passwords_write_nothing(ward, terminal):
    answers, _ = terminal
    answers.extend([GOOD, GOOD + "x"])
    with pytest.raises(CommandError, match="không khớp"):
        add_user("lan", "--role", "chairman")
    assert not User.objects.filter(username="lan").exists()


def test_empty_answer_keeps_existing_password(ward, terminal):
    add_user("lan", "--role", "chairman", "--password", GOOD)
    answers, prompts = terminal
    answers.append("")
    add_user("lan", "--role", "office")
    assert "Enter để giữ mật khẩu cũ" in prompts[0]
    user = User.objects.get(username="lan")
    assert user.check_password(GOOD) and user.membership.role == "office"


def test_empty_answer_for_new_account_fails(ward, terminal):
    answers, _ = terminal
    answers.append("")
    with pytest.raises(CommandError, match="không được để trống"):
        add_user("lan", "--role", "chairman")


def test_requirements_script_lists_dependencies_and_extras():
    """What pyproject.toml lists (requirements.lock must pin it: tests/ops/test_lock.py)."""
    import subprocess
    import sys
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    script = root / "scripts" / "requirements_from_pyproject.py"
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    run = subprocess.run(
        [sys.executable, str(script), "dev"], capture_output=True, text=True, check=True
    )
    lines = run.stdout.splitlines()
    assert lines == project["dependencies"] + project["optional-dependencies"]["dev"]
    assert any(line.startswith("Django") for line in lines)
    bad = subprocess.run([sys.executable, str(script), "nope"], capture_output=True, text=True)
    assert bad.returncode != 0 and "no optional dependency group 'nope'" in bad.stderr
