"""Campaign set-up in the browser (office, admin): campaigns, phases with reference date,
threshold and the four windows (dd/mm/yyyy, Vietnamese errors), and team accounts."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from households.models import Membership
from scoring.models import Campaign, Phase

ROLE_FIXTURES = {
    "admin": "admin_user",
    "office": "office_user",
    "chairman": "chairman_user",
    "staff": "staff_user",
    "tdp_team": "team_user",
    "tdp_officer": "officer_user",
}
EDITORS = {"admin", "office"}


def _page(response) -> str:
    return response.content.decode()


@pytest.fixture
def urls(campaign, phase1, team_user):
    return {
        "setup_home": (reverse("setup_home"), "get", None, 200),
        "setup_campaign_new": (reverse("setup_campaign_new"), "get", None, 200),
        "setup_campaign_edit": (
            reverse("setup_campaign_edit", args=[campaign.id]), "get", None, 200
        ),
        "setup_phase_new": (reverse("setup_phase_new", args=[campaign.id]), "get", None, 200),
        "setup_phase_edit": (reverse("setup_phase_edit", args=[phase1.id]), "get", None, 200),
        "setup_users": (reverse("setup_users"), "get", None, 200),
        "setup_user_new": (reverse("setup_user_new"), "get", None, 200),
        "setup_user_edit": (reverse("setup_user_edit", args=[team_user.id]), "get", None, 200),
        "setup_user_active": (reverse("setup_user_active", args=[team_user.id]), "post", {}, 302),
    }  # fmt: skip


NAMES = [
    "setup_home",
    "setup_campaign_new",
    "setup_campaign_edit",
    "setup_phase_new",
    "setup_phase_edit",
    "setup_users",
    "setup_user_new",
    "setup_user_edit",
    "setup_user_active",
]


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_goes_to_login(client, urls, name):
    url, method, data, _ = urls[name]
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", list(ROLE_FIXTURES))
@pytest.mark.parametrize("name", NAMES)
def test_roles(client, request, urls, name, role):
    url, method, data, ok = urls[name]
    client.force_login(request.getfixturevalue(ROLE_FIXTURES[role]))
    response = getattr(client, method)(url, data or {})
    assert response.status_code == (ok if role in EDITORS else 403)


@pytest.fixture
def office(client, office_user):
    client.force_login(office_user)
    return client


def test_setup_home_lists_phases_with_windows(office, campaign):
    page = _page(office.get(reverse("setup_home")))
    assert "Giai đoạn 1 — Sơ kết" in page
    assert "31/08/2022 – 04/09/2022" in page
    assert "85 %" in page


def test_create_campaign_and_duplicate_year(office, ward):
    response = office.post(
        reverse("setup_campaign_new"), {"year": "2023", "name": "  Phong trào  năm 2023 "}
    )
    assert response.status_code == 302
    c = Campaign.objects.get(year=2023)
    assert (c.ward, c.name) == (ward, "Phong trào năm 2023")
    response = office.post(reverse("setup_campaign_new"), {"year": "2023", "name": "Lặp"})
    assert response.status_code == 400
    assert "Phường đã có đợt thi đua năm 2023" in _page(response)
    response = office.post(reverse("setup_campaign_new"), {"year": "1999", "name": "Cũ"})
    assert "Năm phải trong khoảng 2000–2100" in _page(response)


def _phase_data(**over):
    data = {
        "number": "3",
        "kind": "final",
        "name": "Giai đoạn 3 — Tổng kết bổ sung",
        "reference_date": "30/11/2022",
        "award_threshold": "87,5",
        "step1_opens": "30/11/2022",
        "step1_closes": "04/12/2022",
        "step2_opens": "04/12/2022",
        "step2_closes": "07/12/2022",
        "step3_opens": "04/12/2022",
        "step3_closes": "08/12/2022",
        "step4_opens": "09/12/2022",
        "step4_closes": "",
    }
    data.update(over)
    return data


def test_create_phase_with_dd_mm_yyyy_dates(office, campaign):
    response = office.post(reverse("setup_phase_new", args=[campaign.id]), _phase_data())
    assert response.status_code == 302, _page(response)
    p = Phase.objects.get(campaign=campaign, number=3)
    assert p.reference_date == datetime.date(2022, 11, 30)
    assert p.award_threshold == Decimal("87.5")
    assert p.step3_closes == datetime.date(2022, 12, 8)
    assert p.step4_closes is None
    assert p.history.count() == 1


@pytest.mark.parametrize("typed", ["31.08.2022", "31-08-2022", "31082022", "2022-08-31"])
def test_phase_dates_accept_the_one_list_of_date_formats(office, campaign, typed):
    """Set-up accepts every format of DATE_INPUT_FORMATS, as a birth date does (issue 7)."""
    response = office.post(
        reverse("setup_phase_new", args=[campaign.id]),
        _phase_data(reference_date=typed, step1_opens=typed),
    )
    assert response.status_code == 302, _page(response)
    p = Phase.objects.get(campaign=campaign, number=3)
    assert p.reference_date == p.step1_opens == datetime.date(2022, 8, 31)


def test_step_deadline_typed_with_dots_is_accepted(office, phase1):
    response = office.post(
        reverse("setup_phase_edit", args=[phase1.id]),
        _phase_data(number="1", kind="preliminary", name=phase1.name, step3_closes="31.12.2022"),
    )
    assert response.status_code == 302, _page(response)
    phase1.refresh_from_db()
    assert phase1.step3_closes == datetime.date(2022, 12, 31)


def test_phase_window_order_is_checked_in_vietnamese(office, campaign):
    response = office.post(
        reverse("setup_phase_new", args=[campaign.id]),
        _phase_data(step2_opens="08/12/2022", step2_closes="05/12/2022"),
    )
    assert response.status_code == 400
    page = _page(response)
    assert (
        "Bước 2 (tổ CĐS chấm, tổng hợp): ngày kết thúc (05/12/2022) phải từ ngày bắt đầu "
        "(08/12/2022) trở đi." in page
    )
    assert not Phase.objects.filter(number=3).exists()


def test_phase_bad_date_threshold_and_duplicate_number(office, campaign):
    response = office.post(
        reverse("setup_phase_new", args=[campaign.id]),
        _phase_data(number="2", reference_date="31/11/2022", award_threshold="120"),
    )
    page = _page(response)
    assert "Đợt thi đua 2022 đã có giai đoạn 2." in page
    assert "“Ngày chốt số liệu” phải theo dạng dd/mm/yyyy" in page
    assert "Ngưỡng khen thưởng phải từ 0 đến 100 (%)." in page


def test_edit_phase_keeps_dates_in_vietnamese_format(office, phase1):
    page = _page(office.get(reverse("setup_phase_edit", args=[phase1.id])))
    assert 'value="31/08/2022"' in page
    assert 'value="85,00"' in page
    response = office.post(
        reverse("setup_phase_edit", args=[phase1.id]),
        _phase_data(number="1", kind="preliminary", name=phase1.name, step3_closes="09/12/2022"),
    )
    assert response.status_code == 302
    phase1.refresh_from_db()
    assert phase1.step3_closes == datetime.date(2022, 12, 9)


def test_create_team_account_with_tdps(office, tdp, other_tdp, client):
    response = office.post(
        reverse("setup_user_new"),
        {
            "username": "totruong12",
            "full_name": "Trần Thị Hoa",
            "role": "tdp_team",
            "tdps": [tdp.id, other_tdp.id],
            "password": "mat-khau-dai-du",
        },
    )
    assert response.status_code == 302, _page(response)
    user = get_user_model().objects.get(username="totruong12")
    m = user.membership
    assert m.role == Membership.Role.TDP_TEAM
    assert set(m.tdps.values_list("code", flat=True)) == {"8", "9"}
    assert (user.last_name, user.first_name) == ("Trần Thị", "Hoa")
    assert user.check_password("mat-khau-dai-du")
    page = _page(office.get(reverse("setup_users")))
    assert "totruong12" in page and "Tổ: 8, 9" in page
    assert "Trần Thị Hoa" in page


def test_team_role_needs_a_tdp_and_ward_role_none(office, tdp):
    response = office.post(
        reverse("setup_user_new"),
        {"username": "a1", "role": "tdp_team", "password": "mat-khau-dai-du"},
    )
    assert "Vai trò tổ dân phố cần chọn ít nhất một tổ dân phố." in _page(response)
    response = office.post(
        reverse("setup_user_new"),
        {"username": "a1", "role": "staff", "tdps": [tdp.id], "password": "mat-khau-dai-du"},
    )
    assert "Vai trò cấp phường không gắn với tổ dân phố" in _page(response)
    assert not get_user_model().objects.filter(username="a1").exists()


def test_change_tdps_without_changing_password(office, team_user, other_tdp):
    old_hash = team_user.password
    response = office.post(
        reverse("setup_user_edit", args=[team_user.id]),
        {"role": "tdp_team", "tdps": [other_tdp.id], "password": ""},
    )
    assert response.status_code == 302, _page(response)
    team_user.refresh_from_db()
    assert list(team_user.membership.tdps.values_list("code", flat=True)) == ["9"]
    assert team_user.password == old_hash
    assert team_user.username == "totruong8"


def test_deactivate_and_reactivate(office, team_user, office_user):
    url = reverse("setup_user_active", args=[team_user.id])
    office.post(url)
    team_user.refresh_from_db()
    assert not team_user.is_active
    office.post(url)
    team_user.refresh_from_db()
    assert team_user.is_active
    response = office.post(reverse("setup_user_active", args=[office_user.id]), follow=True)
    assert "Không thể tự khóa" in _page(response)


def test_office_cannot_create_or_lock_admins(office, admin_user):
    response = office.post(
        reverse("setup_user_new"),
        {"username": "qt2", "role": "admin", "password": "mat-khau-dai-du"},
    )
    assert response.status_code == 400
    assert not get_user_model().objects.filter(username="qt2").exists()
    office.post(reverse("setup_user_active", args=[admin_user.id]))
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_admin_can_create_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("setup_user_new"),
        {"username": "qt2", "role": "admin", "password": "mat-khau-dai-du"},
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="qt2").is_superuser


def test_duplicate_username_and_short_password(office, team_user):
    response = office.post(
        reverse("setup_user_new"),
        {"username": "totruong8", "role": "staff", "password": "ngan"},
    )
    page = _page(response)
    assert "Tên đăng nhập “totruong8” đã có người dùng." in page
    assert "password" in response.context["form"].errors
