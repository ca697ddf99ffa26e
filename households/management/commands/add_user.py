"""`manage.py add_user USERNAME --role ROLE [--tdp CODE ...] [--password PASSWORD]`
(INTERFACES.md, "Accounts"): create or update an account with its role and TDP scope.

A thin shell over households.accounts.services.save_account. Without --password the
password is asked twice on the terminal; an existing account may keep its password (empty
answer, or no terminal at all)."""

import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from households.accounts.services import ROLE_CODES, AccountError, save_account
from households.models import Membership
from households.text import nfc_clean

ROLE_HELP = ", ".join(f"{choice.value} ({choice.label})" for choice in Membership.Role)


class Command(BaseCommand):
    help = "Tạo hoặc cập nhật tài khoản người dùng với vai trò và tổ dân phố phụ trách."

    def add_arguments(self, parser):
        parser.add_argument("username", help="tên đăng nhập")
        parser.add_argument("--role", required=True, help=f"vai trò: {ROLE_HELP}")
        parser.add_argument(
            "--tdp",
            nargs="+",
            action="extend",
            default=[],
            metavar="CODE",
            help="mã tổ dân phố (vai trò tdp_team, tdp_officer); nhiều mã: --tdp 8 9",
        )
        parser.add_argument("--password", help="mật khẩu; bỏ trống thì được hỏi hai lần")
        parser.add_argument("--full-name", default="", help="họ và tên người dùng")

    def handle(self, *args, **options):
        username = nfc_clean(options["username"])
        role = options["role"].strip()
        tdp_codes = [code for code in options["tdp"] if code.strip()]
        User = get_user_model()
        if not username:
            raise CommandError("Tên đăng nhập không được để trống.")
        try:
            User.username_validator(username)
        except ValidationError as exc:
            raise CommandError(
                f"Tên đăng nhập “{username}” không hợp lệ: "
                "chỉ dùng chữ, số và các ký tự @ . + - _."
            ) from exc
        if role not in ROLE_CODES:
            # Checked before asking for a password, so a typo costs nothing.
            raise CommandError(
                f"Vai trò “{role}” không hợp lệ. Chọn một trong: {', '.join(ROLE_CODES)}."
            )

        existing = User.objects.filter(username=username).first()
        password = options["password"]
        if password is None:
            password = self._ask_password(username, existing is not None)
        if password is not None:
            self._validate(password, existing or User(username=username))

        try:
            user = save_account(
                username,
                role,
                tdp_codes=tdp_codes,
                password=password,
                full_name=nfc_clean(options["full_name"]),
            )
        except AccountError as exc:
            raise CommandError(str(exc)) from exc

        membership = user.membership
        scope = ""
        codes = [t.code for t in membership.tdps.all()]
        if codes:
            scope = f", tổ dân phố: {', '.join(codes)}"
        verb = "Đã cập nhật" if existing else "Đã tạo"
        note = "" if password is not None else " Mật khẩu giữ nguyên."
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} tài khoản “{user.username}” — vai trò: "
                f"{membership.get_role_display()} ({membership.role}){scope}.{note}"
            )
        )

    def _ask_password(self, username: str, exists: bool) -> str | None:
        """Ask twice on the terminal. None keeps an existing account's password."""
        if not sys.stdin.isatty():
            if exists:
                return None
            raise CommandError(
                "Chưa có --password và không có bàn phím để nhập (đầu vào không phải "
                "terminal). Hãy chạy lại với --password MẬT_KHẨU."
            )
        hint = " (Enter để giữ mật khẩu cũ)" if exists else ""
        first = getpass.getpass(f"Mật khẩu cho “{username}”{hint}: ")
        if not first:
            if exists:
                return None
            raise CommandError("Mật khẩu không được để trống.")
        second = getpass.getpass("Nhập lại mật khẩu: ")
        if first != second:
            raise CommandError("Hai lần nhập mật khẩu không khớp nhau.")
        return first

    def _validate(self, password: str, user) -> None:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            reasons = [_password_reason(error) for error in exc.error_list]
            raise CommandError("Mật khẩu không đạt: " + " ".join(reasons)) from exc


# Django ships no Vietnamese for its password validators: say it ourselves, by error code.
PASSWORD_REASONS = {
    "password_too_short": "quá ngắn, cần ít nhất {min_length} ký tự.",
    "password_too_similar": "quá giống tên đăng nhập hoặc họ tên.",
    "password_too_common": "quá phổ biến, dễ đoán.",
    "password_entirely_numeric": "không được chỉ gồm chữ số.",
}


def _password_reason(error: ValidationError) -> str:
    template = PASSWORD_REASONS.get(error.code)
    if template is None:
        return " ".join(error.messages)
    return template.format(**(error.params or {}))
