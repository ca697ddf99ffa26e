"""Campaign set-up in the browser for the standing office and administrators: campaigns,
phases with their reference date, threshold and step windows, and team accounts."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from households.access import WARD_EDITORS, has_role, membership_of, role_required
from households.accounts import AccountError, save_account
from households.models import Membership, ResidentialGroup
from scoring.models import Campaign, Phase
from scoring.setup.forms import WINDOW_LABELS, AccountForm, CampaignForm, PhaseForm

Role = Membership.Role


def _ward(user):
    return membership_of(user).ward


def _get_campaign_for_user(user, pk) -> Campaign:
    return get_object_or_404(Campaign, pk=pk, ward_id=membership_of(user).ward_id)


def _get_phase_for_user(user, pk) -> Phase:
    return get_object_or_404(
        Phase.objects.select_related("campaign"),
        pk=pk,
        campaign__ward_id=membership_of(user).ward_id,
    )


def _get_account_for_user(user, pk):
    """Accounts of the user's ward (or without a role yet); 404 for other wards'."""
    account = get_object_or_404(get_user_model().objects.select_related("membership"), pk=pk)
    m = _membership(account)
    if m is not None and m.ward_id != membership_of(user).ward_id:
        raise Http404("Không tìm thấy tài khoản.")
    return account


def _membership(account):
    try:
        return account.membership
    except Membership.DoesNotExist:
        return None


# --- campaigns and phases -----------------------------------------------------------------


@role_required(*WARD_EDITORS)
def setup_home(request):
    campaigns = (
        Campaign.objects.filter(ward_id=membership_of(request.user).ward_id)
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("number")))
        .order_by("-year")
    )
    return render(request, "scoring/setup/home.html", {"campaigns": campaigns})


@role_required(*WARD_EDITORS)
def setup_campaign_edit(request, pk=None):
    campaign = _get_campaign_for_user(request.user, pk) if pk else None
    form = CampaignForm(request.POST or None, instance=campaign, ward=_ward(request.user))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            campaign = form.save()
        messages.success(request, f"Đã lưu đợt thi đua năm {campaign.year}.")
        return redirect("setup_home")
    return render(
        request,
        "scoring/setup/campaign_form.html",
        {"form": form, "campaign": campaign},
        status=400 if form.is_bound else 200,
    )


@role_required(*WARD_EDITORS)
def setup_phase_edit(request, campaign_pk=None, pk=None):
    if pk:
        phase = _get_phase_for_user(request.user, pk)
        campaign = phase.campaign
    else:
        phase = None
        campaign = _get_campaign_for_user(request.user, campaign_pk)
    initial = {}
    if phase is None:
        next_number = campaign.phases.order_by("-number").values_list("number", flat=True)[:1]
        initial["number"] = (next_number[0] + 1) if next_number else 1
    form = PhaseForm(request.POST or None, instance=phase, campaign=campaign, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            phase = form.save()
        messages.success(request, f"Đã lưu {phase.name} của đợt thi đua năm {campaign.year}.")
        return redirect("setup_home")
    windows = [
        (label, form[f"step{step}_opens"], form[f"step{step}_closes"])
        for step, label in WINDOW_LABELS.items()
    ]
    return render(
        request,
        "scoring/setup/phase_form.html",
        {"form": form, "phase": phase, "campaign": campaign, "windows": windows},
        status=400 if form.is_bound else 200,
    )


# --- accounts -----------------------------------------------------------------------------


@role_required(*WARD_EDITORS)
def setup_users(request):
    ward_id = membership_of(request.user).ward_id
    User = get_user_model()
    accounts = (
        User.objects.filter(membership__ward_id=ward_id)
        .select_related("membership")
        .prefetch_related(
            Prefetch(
                "membership__tdps", queryset=ResidentialGroup.objects.order_by("sort_key", "code")
            )
        )
        .order_by("-is_active", "membership__role", "username")
    )
    without_role = User.objects.filter(membership__isnull=True).order_by("username")
    return render(
        request,
        "scoring/setup/users.html",
        {"accounts": accounts, "without_role": without_role},
    )


def _may_manage(request, account_role: str | None) -> bool:
    """Only administrators create or change administrator accounts."""
    return account_role != Role.ADMIN or has_role(request.user, Role.ADMIN)


@role_required(*WARD_EDITORS)
def setup_user_edit(request, pk=None):
    ward = _ward(request.user)
    account = _get_account_for_user(request.user, pk) if pk else None
    m = _membership(account) if account else None
    if account is not None and not _may_manage(request, m.role if m else None):
        messages.error(request, "Chỉ quản trị phường được sửa tài khoản quản trị.")
        return redirect("setup_users")
    initial = {}
    if account is not None:
        initial = {
            "username": account.username,
            "full_name": " ".join(p for p in (account.last_name, account.first_name) if p),
            "role": m.role if m else "",
            "tdps": list(m.tdps.all()) if m else [],
        }
    form = AccountForm(
        request.POST or None,
        ward=ward,
        user=account,
        initial=initial,
        allow_admin=has_role(request.user, Role.ADMIN),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = save_account(
                data["username"] if account is None else account.username,
                data["role"],
                tdp_codes=[t.code for t in data["tdps"]],
                password=data["password"] or None,
                ward=ward,
                full_name=data["full_name"],
            )
        except AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã lưu tài khoản “{saved.username}”.")
            return redirect("setup_users")
    return render(
        request,
        "scoring/setup/user_form.html",
        {"form": form, "account": account},
        status=400 if form.is_bound else 200,
    )


@require_POST
@role_required(*WARD_EDITORS)
def setup_user_active(request, pk):
    """Deactivate (or reactivate) an account: it can no longer log in; its history stays."""
    account = _get_account_for_user(request.user, pk)
    m = _membership(account)
    if account.pk == request.user.pk:
        messages.error(request, "Không thể tự khóa tài khoản đang đăng nhập.")
    elif not _may_manage(request, m.role if m else None):
        messages.error(request, "Chỉ quản trị phường được khóa tài khoản quản trị.")
    else:
        account.is_active = not account.is_active
        account.save(update_fields=["is_active"])
        state = "mở khóa" if account.is_active else "khóa"
        messages.success(request, f"Đã {state} tài khoản “{account.username}”.")
    return redirect("setup_users")
