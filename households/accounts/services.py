"""Creating accounts with a role and TDP scope (add_user, seed_demo, tests share this), and
the account lookups and lock of the set-up's account screens."""

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from households.access import has_role, membership_of, ward_id_of
from households.models import Membership, ResidentialGroup, Ward


class AccountError(ValueError):
    """A bad role or TDP, with a message fit to show the user (Vietnamese)."""


ROLE_CODES = [choice.value for choice in Membership.Role]


def normalise_tdp_code(raw) -> str:
    """`8`, `08`, `Tổ 8`, `Tổ dân phố số 8` → `8`; other text is kept as given (trimmed)."""
    from households.text import nfc_clean

    text = nfc_clean(raw)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, int):
        return str(raw)
    lowered = text.lower()
    for prefix in ("tổ dân phố số", "tổ dân phố", "tdp số", "tdp", "tổ số", "tổ"):
        if lowered.startswith(prefix):
            text = text[len(prefix) :].strip()
            break
    if text.isdigit():
        return str(int(text))
    return text


def resolve_tdps(ward: Ward, codes) -> list[ResidentialGroup]:
    wanted = [normalise_tdp_code(c) for c in codes]
    found = {t.code: t for t in ResidentialGroup.objects.filter(ward=ward, code__in=wanted)}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise AccountError(
            "Không có tổ dân phố mã " + ", ".join(missing) + f" trong phường {ward.name}."
        )
    return [found[c] for c in wanted]


@transaction.atomic
def save_account(
    username: str,
    role: str,
    *,
    tdp_codes=(),
    password: str | None = None,
    ward: Ward | None = None,
    full_name: str = "",
    validate_password: bool = True,
):
    """Create or update `username` with `role` (a Membership.Role value) and, for TDP
    roles, the TDPs given. Admins also get Django admin access.

    A new password must pass settings.AUTH_PASSWORD_VALIDATORS (checked against the
    account's username and name); only the demo data, whose passwords are public anyway,
    passes validate_password=False."""
    if role not in ROLE_CODES:
        raise AccountError(
            f"Vai trò “{role}” không hợp lệ. Chọn một trong: {', '.join(ROLE_CODES)}."
        )
    if role == Membership.Role.CITY:
        ward = None  # the city's office belongs to no ward
    else:
        ward = ward or Ward.objects.order_by("pk").first()
        if ward is None:
            raise AccountError("Chưa có phường nào: hãy chạy `manage.py loaddata dongtam` trước.")
    is_tdp_role = role in Membership.TDP_ROLES
    if is_tdp_role and not tdp_codes:
        raise AccountError("Vai trò tổ dân phố cần ít nhất một --tdp.")
    if not is_tdp_role and tdp_codes:
        raise AccountError(f"Vai trò “{role}” không gắn với tổ dân phố: bỏ --tdp.")
    tdps = resolve_tdps(ward, tdp_codes) if is_tdp_role else []

    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username)
    if full_name:
        first, _, last = full_name.rpartition(" ")
        user.first_name, user.last_name = last, first
    user.is_staff = role == Membership.Role.ADMIN
    user.is_superuser = role == Membership.Role.ADMIN
    if password is not None:
        if validate_password:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as exc:
                raise AccountError("Mật khẩu không đạt: " + " ".join(exc.messages)) from exc
        user.set_password(password)
    user.save()

    membership, _ = Membership.objects.update_or_create(
        user=user, defaults={"role": role, "ward": ward}
    )
    membership.tdps.set(tdps)
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.set([group])
    # TDPs this user no longer answers for (role or scope changed) lose them as officer.
    ResidentialGroup.objects.filter(officer=user).exclude(
        pk__in=[t.pk for t in tdps] if role == Membership.Role.TDP_OFFICER else []
    ).update(officer=None)
    if role == Membership.Role.TDP_OFFICER:
        for tdp in tdps:
            if tdp.officer_id is None:
                tdp.officer = user
                tdp.save(update_fields=["officer"])
    return user


# --- the set-up's account screens ----------------------------------------------------------


def get_account_for_user(user, pk):
    """An account of the user's ward; 404 for another ward's, for an account without a role
    (a superuser made with createsuperuser, an account a script left) and for the city's —
    none of those is the ward's to manage from its set-up pages."""
    account = get_object_or_404(get_user_model().objects.select_related("membership"), pk=pk)
    m = membership_of(account)
    if m is None or m.ward_id is None or m.ward_id != ward_id_of(user):
        raise Http404("Không tìm thấy tài khoản.")
    return account


def ward_accounts(ward_id: int):
    """The ward's accounts with their role and TDPs: active first, by role and username."""
    return (
        get_user_model()
        .objects.filter(membership__ward_id=ward_id)
        .select_related("membership")
        .prefetch_related(
            Prefetch(
                "membership__tdps", queryset=ResidentialGroup.objects.order_by("sort_key", "code")
            )
        )
        .order_by("-is_active", "membership__role", "username")
    )


def accounts_without_role():
    return get_user_model().objects.filter(membership__isnull=True).order_by("username")


def may_manage(user, account) -> bool:
    """Whether `user` may change `account` (None: create a new one) from the set-up pages:
    the office manages its ward's accounts below administrator; only an administrator
    manages administrators; nobody manages from here an account without a role in the ward
    or a superuser that is not the ward's administrator."""
    if account is None:
        return True
    m = membership_of(account)
    if m is None or m.ward_id is None or m.ward_id != ward_id_of(user):
        return False
    if m.role == Membership.Role.ADMIN or account.is_superuser:
        return has_role(user, Membership.Role.ADMIN) and m.role == Membership.Role.ADMIN
    return True


def toggle_active(user, account) -> bool:
    """Lock (or unlock) `account`: it can no longer log in; its history stays. Returns the
    new state; AccountError when `user` may not (their own account, an administrator's)."""
    if account.pk == user.pk:
        raise AccountError("Không thể tự khóa tài khoản đang đăng nhập.")
    if not may_manage(user, account):
        raise AccountError("Chỉ quản trị phường được khóa tài khoản quản trị.")
    account.is_active = not account.is_active
    account.save(update_fields=["is_active"])
    return account.is_active
