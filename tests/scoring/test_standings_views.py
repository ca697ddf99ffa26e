"""The standings page and its workbook: who may see it, what it shows, constant queries."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from households.accounts.services import save_account
from households.models import ResidentialGroup, Ward
from scoring.models import Campaign, Phase
from scoring.snapshots import freeze
from tests.scoring.standings_data import ADULT, Member, build_households, ratio_tdp
from tests.support import PASSWORD

ROLE_USERS = (
    "admin_user",
    "office_user",
    "chairman_user",
    "staff_user",
    "team_user",
    "other_team_user",
    "officer_user",
)


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def rows_of(response):
    """{tdp code: the text of its table row}."""
    html = response.content.decode()
    out = {}
    for m in re.finditer(r'<tr data-tdp="([^"]+)"[^>]*>(.*?)</tr>', html, re.S):
        out[m.group(1)] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m.group(2))).strip()
    return out


@pytest.mark.parametrize("name", ["standings", "standings_xlsx"])
def test_anonymous_goes_to_login(client, phase1, name):
    response = client.get(reverse(name), {"phase": phase1.pk})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", ["standings", "standings_xlsx"])
def test_user_without_role_is_refused(client, phase1, django_user_model, name):
    django_user_model.objects.create_user("khach", password=PASSWORD)
    client.login(username="khach", password=PASSWORD)
    assert client.get(reverse(name), {"phase": phase1.pk}).status_code == 403


@pytest.mark.parametrize("who", ROLE_USERS)
def test_every_role_sees_ward_standings(client, request, phase1, tdp, other_tdp, who):
    user = request.getfixturevalue(who)
    ratio_tdp(tdp, phase1, 17, 20)
    ratio_tdp(other_tdp, phase1, 1, 2)
    client.force_login(user)
    response = client.get(reverse("standings"), {"phase": phase1.pk})
    assert response.status_code == 200
    rows = rows_of(response)
    assert len(rows) == 16
    assert list(rows)[:2] == ["8", "9"]
    assert "85,00 %" in rows["8"] and "Đề nghị khen thưởng" in rows["8"]
    assert "50,00 %" in rows["9"]  # every TDP's ratio, also for TDP 8's team
    # no personal data on the page
    assert "Trần Thị" not in response.content.decode()
    # xlsx for every role too
    xlsx = client.get(reverse("standings_xlsx"), {"phase": phase1.pk})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_page_content(client, office_user, phase1, ward, tdp, other_tdp):
    ratio_tdp(tdp, phase1, 9, 10)  # 90 %
    ratio_tdp(other_tdp, phase1, 18, 20)  # 90 %: tie
    t10 = ResidentialGroup.objects.get(ward=ward, code="10")
    build_households(t10, [[Member(ADULT)], [Member(ADULT)], [Member(ADULT)]], "U")  # 0/3
    client.force_login(office_user)
    response = client.get(reverse("standings"), {"phase": phase1.pk})
    text = text_of(response)
    rows = rows_of(response)
    assert (
        "31/08/2022" in text and "ngưỡng khen thưởng: 85 %" in text.lower()
    )  # ref. date, threshold
    for code in ("8", "9"):
        assert rows[code].startswith("1 ")
        assert "90,00 %" in rows[code] and "Tổ CĐS" in rows[code]
        assert "đồng hạng — trình Hội đồng xét" in rows[code]
    # rank, short name (phones), name, ratio, digital TDP, threshold, award, households,
    # eligible households, digital families, unscored adults
    assert " ".join(rows["10"].split()) == "2 Tổ 10 Tổ dân phố số 10 0,00 % — Chưa đạt 3 3 0 3"
    assert rows["1"].startswith("—")
    assert "table-responsive" in response.content.decode()
    totals = re.search(r'<tr id="ward-totals">(.*?)</tr>', response.content.decode(), re.S)
    totals_text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", totals.group(1))).split()
    # households 33, eligible 33, digital 27 → 81,81 % (truncated), 2 digital TDPs, 3 unscored
    assert " ".join(totals_text) == "Toàn phường 81,81 % 2 tổ 33 33 27 3"
    assert reverse("standings_xlsx") + f"?phase={phase1.pk}" in response.content.decode()


def test_phase_chooser_and_default(client, staff_user, phase1, phase2, tdp):
    ratio_tdp(tdp, phase1, 17, 20)
    client.force_login(staff_user)
    response = client.get(reverse("standings"))
    html = response.content.decode()
    # both phases offered, the latest reached one (phase 2, 90 %) chosen by default
    assert f'<option value="{phase1.pk}"' in html
    assert f'<option value="{phase2.pk}" selected' in html
    assert "Chưa có tổ dân phố đạt ngưỡng khen thưởng 90 %" in text_of(response)
    response = client.get(reverse("standings"), {"phase": phase1.pk})
    assert "Đề nghị khen thưởng: Tổ dân phố số 8" in text_of(response)


def test_phase_of_another_ward_or_bad_id_is_404(client, office_user, phase1):
    other = Ward.objects.create(code="yen-ninh", name="Yên Ninh")
    c = Campaign.objects.create(ward=other, year=2022, name="Khác")
    p = Phase.objects.get(pk=phase1.pk)
    p.pk = None
    p.campaign = c
    p.save()
    client.force_login(office_user)
    for value in (p.pk, "abc", 999999):
        assert client.get(reverse("standings"), {"phase": value}).status_code == 404
        assert client.get(reverse("standings_xlsx"), {"phase": value}).status_code == 404


def test_frozen_results_shown_with_live_switch(client, office_user, phase1, tdp):
    ratio_tdp(tdp, phase1, 17, 20)
    freeze(phase1, office_user)
    ratio_tdp(tdp, phase1, 0, 20, prefix="late-")  # 17/40 now
    client.force_login(office_user)
    frozen = client.get(reverse("standings"), {"phase": phase1.pk})
    assert "đã chốt" in text_of(frozen) and "85,00 %" in rows_of(frozen)["8"]
    live = client.get(reverse("standings"), {"phase": phase1.pk, "view": "live"})
    assert "42,50 %" in rows_of(live)["8"] and "số liệu hiện tại" in text_of(live)
    wb = load_workbook(
        io.BytesIO(client.get(reverse("standings_xlsx"), {"phase": phase1.pk}).content)
    )
    assert wb["Xếp hạng"]["K2"].value == 85
    wb = load_workbook(
        io.BytesIO(
            client.get(reverse("standings_xlsx"), {"phase": phase1.pk, "view": "live"}).content
        )
    )
    assert wb["Xếp hạng"]["K2"].value == 42.5


def test_xlsx_household_sheet_limited_to_own_tdps_for_tdp_roles(
    client, team_user, office_user, phase1, tdp, other_tdp
):
    ratio_tdp(tdp, phase1, 1, 2)
    ratio_tdp(other_tdp, phase1, 1, 1)
    client.force_login(team_user)
    response = client.get(reverse("standings_xlsx"), {"phase": phase1.pk})
    assert "bang-xep-hang-2022-giai-doan-1.xlsx" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Xếp hạng", "Hộ gia đình"]
    ranks = list(wb["Xếp hạng"].iter_rows(min_row=2, max_row=17, values_only=True))
    assert [r[1] for r in ranks[:2]] == ["9", "8"]  # all TDPs' ratios
    households = list(wb["Hộ gia đình"].iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in households} == {"8"} and len(households) == 2
    client.force_login(office_user)
    wb = load_workbook(
        io.BytesIO(client.get(reverse("standings_xlsx"), {"phase": phase1.pk}).content)
    )
    assert len(list(wb["Hộ gia đình"].iter_rows(min_row=2))) == 3


def test_nav_link_for_signed_in_roles(client, team_user, phase1):
    client.force_login(team_user)
    html = client.get(reverse("standings")).content.decode()
    assert f'class="nav-link active" href="{reverse("standings")}">Xếp hạng</a>' in html


def _spread(ward, phase1, n, prefix):
    """n more eligible households over ten TDPs, ratios from 0 to 90 %."""
    tdps = list(ResidentialGroup.objects.filter(ward=ward).in_code_order())
    for i, t in enumerate(tdps[:10]):
        k = n // 10
        ratio_tdp(t, phase1, k * i // 10, k, prefix=f"{prefix}{i}-")


def _count(client, name, phase):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(name), {"phase": phase.pk})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name, bound", [("standings", 10), ("standings_xlsx", 10)])
@pytest.mark.parametrize("who", ["office_user", "team_user"])
def test_page_constant_queries(client, request, ward, phase1, name, bound, who):
    """The same number of queries at 10 and at 1,000 households (session, user,
    membership, phases, snapshot, three for the standings; the workbook adds the user's
    TDPs; TDP roles their own TDP list)."""
    client.force_login(request.getfixturevalue(who))
    _spread(ward, phase1, 10, "A")
    at_10 = _count(client, name, phase1)
    _spread(ward, phase1, 990, "B")
    at_1000 = _count(client, name, phase1)
    assert at_10 == at_1000 <= bound


def test_ward_without_campaign(client, ward):
    other = Ward.objects.create(code="yen-ninh", name="Yên Ninh")
    user = save_account("yenninh", "office", password=PASSWORD, ward=other)
    client.force_login(user)
    response = client.get(reverse("standings"))
    assert response.status_code == 200
    assert "Chưa có đợt thi đua nào được thiết lập cho phường." in text_of(response)


def test_xlsx_without_a_phase_is_the_current_phases(client, office_user, phase1, phase2):
    """Like the page, the download opens on the current phase when none is asked for."""
    client.force_login(office_user)
    response = client.get(reverse("standings_xlsx"))
    assert response.status_code == 200
    assert "giai-doan-2" in response["Content-Disposition"]  # 2022's final review is current
