"""Who may see and change which TDP's data — the one place for role and scope checks, and the
`get_<object>_for_user()` lookups every view uses for the register's objects.

Ward-level roles (admin, office, chairman, staff) see every TDP of their ward; TDP roles see
only the TDPs bound to them. An object outside the user's scope answers 404, as if it did not
exist; a signed-in user without a role gets 403. Phases and campaigns are looked up beside
this in scoring.phases, the procedure's objects in awards.access; procedure-level limits (step
windows R12, dossier locks) are added on top by awards.procedure."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from households.models import Household, Membership, Resident, ResidentialGroup

Role = Membership.Role
WARD_ROLES = (Role.ADMIN, Role.OFFICE, Role.CHAIRMAN, Role.STAFF)
# Roles that may change register data and assessments of any TDP (not bound by windows, R12).
WARD_EDITORS = (Role.ADMIN, Role.OFFICE)
# Awards (plan III.2.3): the standing office compiles proposals and records decisions, the
# Chairman approves or rejects each line; ward staff read and print.
AWARD_READERS = WARD_ROLES
AWARD_COMPILERS = (Role.ADMIN, Role.OFFICE)
AWARD_DECIDERS = (Role.CHAIRMAN,)
DECISION_RECORDERS = (Role.ADMIN, Role.OFFICE, Role.CHAIRMAN)
# Printing (awards.printing.views): family certificates are printed by the office, staff and
# administrators and revoked only by the office and administrators; a decision's Giấy khen
# may also be printed by the Chairman who signs them.
CERTIFICATE_PRINTERS = (Role.ADMIN, Role.OFFICE, Role.STAFF)
CERTIFICATE_REVOKERS = (Role.ADMIN, Role.OFFICE)
MERIT_PRINTERS = (Role.ADMIN, Role.OFFICE, Role.STAFF, Role.CHAIRMAN)
# Roster workbook import (scoring.importing.views): the office and administrators for the whole
# ward, a TDP's community DT team for its own TDPs only.
ROSTER_IMPORTERS = (Role.ADMIN, Role.OFFICE, Role.TDP_TEAM)
# Print jobs are followed by whoever may start one.
JOB_READERS = tuple(dict.fromkeys(CERTIFICATE_PRINTERS + MERIT_PRINTERS))
# Step 4 (review) and campaign set-up: the office and administrators act, ward roles read.
REVIEWERS = WARD_EDITORS
REVIEW_READERS = WARD_ROLES
SETUP_EDITORS = WARD_EDITORS


def membership_of(user) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def role_of(user) -> str | None:
    m = membership_of(user)
    return m.role if m else None


def has_role(user, *roles) -> bool:
    return role_of(user) in roles


def visible_tdp_ids(user) -> set[int]:
    """TDP ids the user may read (one query, cached on the membership object)."""
    m = membership_of(user)
    if m is None:
        return set()
    if not hasattr(m, "_visible_tdp_ids"):
        if m.role in WARD_ROLES:
            ids = ResidentialGroup.objects.filter(ward_id=m.ward_id).values_list("id", flat=True)
        else:
            ids = m.tdps.values_list("id", flat=True)
        m._visible_tdp_ids = set(ids)
    return m._visible_tdp_ids


def visible_tdps(user):
    return ResidentialGroup.objects.filter(id__in=visible_tdp_ids(user)).in_code_order()


def can_view_tdp(user, tdp_id: int) -> bool:
    return tdp_id in visible_tdp_ids(user)


def can_edit_tdp(user, tdp_id: int) -> bool:
    """Scope only: ward editors anywhere in their ward; a TDP team member in its own TDPs.
    Officials in charge of a TDP read and help, they do not key in."""
    m = membership_of(user)
    if m is None:
        return False
    if m.role in WARD_EDITORS:
        return tdp_id in visible_tdp_ids(user)
    if m.role == Role.TDP_TEAM:
        return tdp_id in visible_tdp_ids(user)
    return False


def is_ward_editor(user) -> bool:
    """Administrators and the standing office: change any TDP of the ward, not bound by
    step windows (R12)."""
    return has_role(user, *WARD_EDITORS)


def can_see_full_cccd(user) -> bool:
    """The full CCCD number is shown to administrators and the office only; everyone else
    sees it masked (households.models.mask_cccd)."""
    return has_role(user, *WARD_EDITORS)


def editable_tdp_ids(user) -> set[int]:
    """TDP ids whose data the user may change (scope only; windows and dossier locks are
    awards.procedure's business)."""
    return {tdp_id for tdp_id in visible_tdp_ids(user) if can_edit_tdp(user, tdp_id)}


def ward_id_of(user) -> int:
    """The ward of a signed-in user; 403 for an account that has no role in any ward."""
    m = membership_of(user)
    if m is None:
        raise PermissionDenied("Tài khoản của bạn chưa được phân vai trò trong phường.")
    if m.ward_id is None:
        raise PermissionDenied("Tài khoản cấp thành phố xem các phường ở trang “Các phường”.")
    return m.ward_id


def get_tdp_for_user(user, tdp_id=None, *, code: str | None = None) -> ResidentialGroup:
    """A TDP of the user's scope by id or by code; 404 otherwise."""
    lookup = {"code": code} if code is not None else {"pk": tdp_id}
    tdp = (
        ResidentialGroup.objects.select_related("ward")
        .filter(ward_id=ward_id_of(user), **lookup)
        .first()
    )
    if tdp is None or not can_view_tdp(user, tdp.id):
        raise Http404("Không tìm thấy tổ dân phố này trong phạm vi của bạn.")
    return tdp


def get_household_for_user(user, household_id) -> Household:
    household = (
        Household.objects.select_related("tdp__ward", "head")
        .filter(pk=household_id, ward_id=ward_id_of(user))
        .first()
    )
    if household is None or not can_view_tdp(user, household.tdp_id):
        raise Http404("Không tìm thấy hộ gia đình này trong phạm vi của bạn.")
    return household


def get_resident_for_user(user, resident_id) -> Resident:
    resident = (
        Resident.objects.select_related("household__tdp__ward")
        .filter(pk=resident_id, household__ward_id=ward_id_of(user))
        .first()
    )
    if resident is None or not can_view_tdp(user, resident.household.tdp_id):
        raise Http404("Không tìm thấy nhân khẩu này trong phạm vi của bạn.")
    return resident


def require_tdp_visible(user, tdp_id: int) -> None:
    """Objects of a TDP the user may not see answer 404, as if they did not exist (a TDP team
    must not learn which household codes exist elsewhere)."""
    if not can_view_tdp(user, tdp_id):
        raise Http404("Không tìm thấy.")


def require_tdp_editor(user, tdp_id: int) -> None:
    """404 outside the user's TDPs; 403 for a role that may read the TDP but never change it
    (chairman, office staff, official in charge)."""
    require_tdp_visible(user, tdp_id)
    if not can_edit_tdp(user, tdp_id):
        raise PermissionDenied("Tài khoản của bạn chỉ được xem, không được sửa dữ liệu này.")


def role_required(*roles):
    """View decorator: anonymous → log-in page; signed in without one of `roles` → 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied("Tài khoản của bạn không có quyền thực hiện thao tác này.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# Every role that belongs to a ward (all but the city's office, which has no ward: its pages
# compare wards and set their targets, and it changes no ward's data).
ALL_ROLES = tuple(r for r in Role if r != Role.CITY)
CITY_ROLES = (Role.CITY,)

# What the navigation offers each role: the same role lists the views enforce, so a link is
# shown exactly when following it is allowed (templates test `can.<name>`, never a role name).
NAVIGATION = {
    "enter": ALL_ROLES,
    "import": ROSTER_IMPORTERS,
    "awards": AWARD_READERS,
    "documents": ALL_ROLES,
    "dashboard": ALL_ROLES,
    "review": REVIEW_READERS,
    "standings": ALL_ROLES,
    "setup": SETUP_EDITORS,
    "print": CERTIFICATE_PRINTERS,
    "print_jobs": JOB_READERS,
    "city": CITY_ROLES,
}


def abilities(user) -> dict[str, bool]:
    role = role_of(user)
    return {name: role is not None and role in roles for name, roles in NAVIGATION.items()}
