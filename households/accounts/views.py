"""The set-up's account screens (office, administrators): the ward's accounts, a new or
changed account (role, TDPs, password), locking and unlocking. Only administrators touch
administrator accounts."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from households.access import SETUP_EDITORS, has_role, membership_of, role_required, ward_id_of
from households.accounts.forms import AccountForm
from households.accounts.services import (
    AccountError,
    accounts_without_role,
    get_account_for_user,
    may_manage,
    toggle_active,
    ward_accounts,
)
from households.models import Membership


@role_required(*SETUP_EDITORS)
def setup_users(request):
    return render(
        request,
        "households/accounts/users.html",
        {
            "accounts": ward_accounts(ward_id_of(request.user)),
            "without_role": accounts_without_role(),
        },
    )


@role_required(*SETUP_EDITORS)
def setup_user_edit(request, pk=None):
    account = get_account_for_user(request.user, pk) if pk else None
    if not may_manage(request.user, account):
        messages.error(request, "Chỉ quản trị phường được sửa tài khoản quản trị.")
        return redirect("setup_users")
    form = AccountForm(
        request.POST or None,
        ward=membership_of(request.user).ward,
        user=account,
        allow_admin=has_role(request.user, Membership.Role.ADMIN),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save()
        except AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã lưu tài khoản “{saved.username}”.")
            return redirect("setup_users")
    return render(
        request,
        "households/accounts/user_form.html",
        {"form": form, "account": account},
        status=400 if form.is_bound else 200,
    )


@require_POST
@role_required(*SETUP_EDITORS)
def setup_user_active(request, pk):
    """Lock (or unlock) an account: it can no longer log in; its history stays."""
    account = get_account_for_user(request.user, pk)
    try:
        active = toggle_active(request.user, account)
    except AccountError as exc:
        messages.error(request, str(exc))
    else:
        state = "mở khóa" if active else "khóa"
        messages.success(request, f"Đã {state} tài khoản “{account.username}”.")
    return redirect("setup_users")
