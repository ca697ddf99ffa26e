"""Dashboards: figures straight from scoring.standings (R4–R6), step progress, per-criterion
adoption (the criterion holding most families back comes first), constant query counts as
the ward grows, and each table exported to xlsx and read back."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awards.dashboard.services import tdp_dashboard, ward_dashboard
from households.models import Household, Resident
from scoring.models import Assessment
from scoring.standings import compute_standings, criterion_adoption
from tests.awards.review_helpers import submitted
from tests.support import ADULT, ALL_MET, CHILD, EIGHT_MET, make_household

NO_TC5 = tuple(i != 4 for i in range(10))  # everything but TC5


@pytest.fixture
def ward_data(phase1, tdp, other_tdp):
    # TDP 8: 2 of 3 eligible households digital (66.66 %); TDP 9: 1 of 2 (50 %).
    # TC5 is missed by three scored adults, TC9 and TC10 by one each.
    make_household(tdp, "801", [(ADULT, ALL_MET), (CHILD, None)], phase1)
    make_household(tdp, "802", [(ADULT, NO_TC5)], phase1)
    make_household(tdp, "803", [(ADULT, NO_TC5), (ADULT, EIGHT_MET)], phase1)
    make_household(tdp, "804", [(CHILD, None)], phase1)  # not applicable (R3)
    make_household(other_tdp, "901", [(ADULT, ALL_MET), (ADULT, None)], phase1)
    make_household(other_tdp, "902", [(ADULT, NO_TC5)], phase1)
    return phase1


def _xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    ws = load_workbook(io.BytesIO(response.content)).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_ward_dashboard_numbers_match_standings(client, office_user, ward_data):
    client.force_login(office_user)
    response = client.get(reverse("dashboard") + f"?phase={ward_data.id}")
    page = response.content.decode()
    standings = compute_standings(ward_data)
    dash = response.context["dash"]
    assert [s.as_json() for s in dash.standings.tdps] == [s.as_json() for s in standings.tdps]
    # R4–R6: TDP 8 leads with 66.66 % (truncated), TDP 9 second with 50 %; under the 85 %
    # threshold nobody is proposed.
    first, second = standings.tdps[:2]
    assert (first.code, first.ratio_percent, first.rank, first.award) == ("8", "66.66", 1, False)
    assert (second.code, second.ratio_percent, second.rank) == ("9", "50.00", 2)
    assert "66,66 %" in page
    assert "50,00 %" in page
    assert "Chưa có tổ dân phố nào đạt ngưỡng khen thưởng 85 %" in page
    totals = standings.ward_totals
    assert f"{totals['digital_households']}/{totals['eligible_households']} hộ thuộc diện" in page


def test_adoption_puts_the_weakest_criterion_first(office_user, client, ward_data):
    adoption = criterion_adoption(ward_data)
    dash = ward_dashboard(ward_data)
    first = dash.adoption[0]
    missing = {n: adoption["scored"] - adoption[f"tc{n}"] for n in range(1, 11)}
    assert first.number == max(missing, key=lambda n: (missing[n], -n))
    assert first.number == 5
    assert first.not_met == missing[5]
    client.force_login(office_user)
    page = client.get(reverse("dashboard") + f"?phase={ward_data.id}").content.decode()
    assert "Cần tập trung vận động: TC5" in page


def test_step_progress(ward_data, tdp, other_tdp):
    submitted(ward_data, tdp, late=True)
    dash = ward_dashboard(ward_data)
    step1, step2, step3, step4 = dash.steps
    adoption = criterion_adoption(ward_data)
    assert (step1.done, step1.total) == (adoption["scored"], adoption["eligible"])
    assert step1.total - step1.done == 1  # one adult in 901 is unscored
    assert (step2.done, step3.done, step3.total, step4.done) == (0, 1, 16, 0)
    assert "1 hồ sơ nộp muộn" in step3.note
    # Stage-2 assessments of this phase count as step 2 progress.
    Assessment.objects.filter(resident__household__code="801").update(stage=2)
    assert ward_dashboard(ward_data).steps[1].done == 1


def test_step_status_days_left(ward_data):
    dash = ward_dashboard(ward_data)
    step1 = dash.steps[0]
    step1.today = datetime.date(2022, 9, 2)
    assert step1.status == "Đang mở — còn 2 ngày"
    step1.today = datetime.date(2022, 9, 4)
    assert step1.status == "Đang mở — hôm nay là hạn cuối"
    step1.today = datetime.date(2022, 9, 5)
    assert step1.status == "Đã đóng ngày 04/09/2022"
    step1.today = datetime.date(2022, 8, 29)
    assert step1.status == "Chưa mở — còn 2 ngày nữa"
    step1.today, step1.reopened_until = datetime.date(2022, 9, 5), datetime.date(2022, 9, 6)
    assert step1.status == "Đang mở — còn 1 ngày"


def test_tdp_dashboard(client, team_user, ward_data, tdp):
    client.force_login(team_user)
    response = client.get(reverse("dashboard_tdp", args=[tdp.id]) + f"?phase={ward_data.id}")
    page = response.content.decode()
    standing = next(s for s in compute_standings(ward_data).tdps if s.tdp.id == tdp.id)
    assert "66,66 %" in page
    assert f"{standing.rank}<span" in page
    assert "Không thuộc diện" in page  # household 804
    dash = response.context["dash"]
    assert [h["code"] for h in dash.households] == ["801", "802", "803", "804"]
    assert dash.adoption_totals == criterion_adoption(ward_data, tdp_ids=[tdp.id])


# --- query counts -----------------------------------------------------------------------------


def _grow(phase, tdps, n):
    """n households spread over the TDPs, two adults each, one scored."""
    households = Household.objects.bulk_create(
        [Household(tdp=tdps[i % len(tdps)], ward_id=tdps[0].ward_id, code=f"G{i:04d}")
         for i in range(n)]
    )  # fmt: skip
    residents = Resident.objects.bulk_create(
        [Resident(household=h, full_name=f"Người {h.code}-{k}", birth_date=ADULT)
         for h in households for k in range(2)]
    )  # fmt: skip
    Assessment.objects.bulk_create(
        [Assessment(resident=r, phase=phase, stage=1, **dict.fromkeys(("tc1", "tc2", "tc9"), True))
         for r in residents[::2]]
    )  # fmt: skip


def _count(client, url):
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "view", ["dashboard", "dashboard_tdp", "review_list", "export_standings", "export_households"]
)
def test_query_count_constant_10_and_300_households(client, office_user, phase1, ward, view):
    from households.models import ResidentialGroup

    tdps = list(ResidentialGroup.objects.filter(ward=ward))
    tdp8 = next(t for t in tdps if t.code == "8")
    urls = {
        "dashboard": reverse("dashboard") + f"?phase={phase1.id}",
        "dashboard_tdp": reverse("dashboard_tdp", args=[tdp8.id]) + f"?phase={phase1.id}",
        "review_list": reverse("review_list") + f"?phase={phase1.id}",
        "export_standings": reverse("dashboard_export", args=["standings"])
        + f"?phase={phase1.id}",
        "export_households": reverse("dashboard_export", args=["households"])
        + f"?phase={phase1.id}&tdp={tdp8.id}",
    }
    client.force_login(office_user)
    _grow(phase1, tdps, 10)
    small = _count(client, urls[view])
    Household.objects.filter(code__startswith="G").count()
    _grow_more = 290
    households = Household.objects.bulk_create(
        [Household(tdp=tdps[i % len(tdps)], ward_id=ward.id, code=f"H{i:04d}")
         for i in range(_grow_more)]
    )  # fmt: skip
    Resident.objects.bulk_create(
        [Resident(household=h, full_name=f"Người {h.code}", birth_date=ADULT) for h in households]
    )
    assert Household.objects.count() == 300
    large = _count(client, urls[view])
    assert large == small, f"{view}: {small} queries at 10 households, {large} at 300"


# --- xlsx exports -------------------------------------------------------------------------------


def test_export_standings_reads_back(client, office_user, team_user, ward_data, tdp):
    """The ward's standings workbook is the one of `manage.py standings --format xlsx`."""
    client.force_login(office_user)
    url = reverse("dashboard_export", args=["standings"]) + f"?phase={ward_data.id}"
    rows = _xlsx(client.get(url))
    header, body = rows[0], rows[1:17]
    assert header[:3] == ["Xếp hạng", "Mã tổ", "Tổ dân phố"]
    standings = compute_standings(ward_data)
    for row, s in zip(body, standings.tdps, strict=True):
        assert row[1] == s.code
        assert row[9] == s.digital_households
        assert row[10] == (float(s.ratio_percent) if s.ratio_percent else None)
    assert rows[17][9] == sum(s.digital_households for s in standings.tdps)  # ward totals
    # A TDP's own dashboard exports its own row only.
    client.force_login(team_user)
    rows = _xlsx(client.get(url + f"&tdp={tdp.id}"))
    assert rows[1][1] == "8"
    assert rows[2][1] in ("", None)  # then the totals row: no other TDP
    assert rows[1][10] == 66.66


def test_export_adoption_and_progress(client, office_user, ward_data):
    client.force_login(office_user)
    base = f"?phase={ward_data.id}"
    rows = _xlsx(client.get(reverse("dashboard_export", args=["adoption"]) + base))
    assert rows[0] == ["Tiêu chí", "Nội dung", "Đạt", "Chưa đạt", "Đã chấm", "Tỷ lệ đạt (%)"]
    assert rows[1][0] == "TC5"
    adoption = criterion_adoption(ward_data)
    assert rows[1][2] == adoption["tc5"]
    rows = _xlsx(client.get(reverse("dashboard_export", args=["progress"]) + base))
    assert len(rows) == 5
    assert rows[1][1] == datetime.datetime(2022, 8, 31)
    assert rows[1][2] == datetime.datetime(2022, 9, 4)


def test_export_households_for_a_tdp(client, team_user, ward_data, tdp):
    client.force_login(team_user)
    url = reverse("dashboard_export", args=["households"]) + f"?phase={ward_data.id}&tdp={tdp.id}"
    rows = _xlsx(client.get(url))
    assert [r[0] for r in rows[1:]] == ["801", "802", "803", "804"]
    assert rows[1][6] == "Có"
    assert rows[4][6] == "Không thuộc diện"
    # A TDP role cannot export the whole ward.
    ward_url = reverse("dashboard_export", args=["standings"]) + f"?phase={ward_data.id}"
    assert client.get(ward_url).status_code == 403


def test_unknown_table_is_404(client, office_user, phase1):
    client.force_login(office_user)
    assert client.get(reverse("dashboard_export", args=["secret"])).status_code == 404


def test_charts_use_no_cdn(client, office_user, ward_data):
    client.force_login(office_user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "https://" not in page and "http://" not in page.replace("http://testserver", "")
    assert 'class="chart-bar' in page
    # Unlocalised width for static/js/app.js (no inline style under the CSP; TDP 9: 1 of 2).
    assert 'data-width="50.0"' in page


def test_tdp_dashboard_for_data_free_tdp(tdp, phase1):
    dash = tdp_dashboard(phase1, tdp)
    assert dash.tdp_standing.ratio is None
    assert dash.focus is None


# --- window status and marks (from awards.procedure and scoring.rules) -----------------------


def test_step_window_status_and_colour_flags(ward_data):
    """The status (awards.procedure.WindowStatus) and the "last days" flag behind the badge
    colour; the text is no longer parsed for it."""
    step1 = ward_dashboard(ward_data).steps[0]
    cases = [
        (datetime.date(2022, 8, 29), "not_yet_open", False),
        (datetime.date(2022, 8, 31), "open", False),  # 4 days left
        (datetime.date(2022, 9, 2), "open", True),  # 2 days left
        (datetime.date(2022, 9, 4), "open", True),  # the last day
        (datetime.date(2022, 9, 5), "closed", False),
    ]
    for today, status, closing in cases:
        step1.today = today
        assert (step1.window_status, step1.closing_soon) == (status, closing), today
    # A current reopening extends the step: open, counted to the reopening's last day.
    step1.today, step1.reopened_until = datetime.date(2022, 9, 5), datetime.date(2022, 9, 9)
    assert (step1.window_status, step1.closing_soon) == ("open", False)
    assert step1.status == "Đang mở — còn 4 ngày"


def test_step_badges_on_the_page(client, office_user, ward_data):
    client.force_login(office_user)
    page = client.get(reverse("dashboard") + f"?phase={ward_data.id}").content.decode()
    # Today is long after the 2022 windows: steps 1–3 are closed (grey), step 4 has no end.
    assert page.count('<span class="badge text-bg-secondary mb-2">Đã đóng ngày') == 3
    assert ward_data.step4_closes is None
    assert '<span class="badge text-bg-success mb-2">Đang mở</span>' in page


def test_marks_come_from_the_rules(client, office_user, ward_data):
    from decimal import Decimal

    ward_data.award_threshold = Decimal("87.50")
    ward_data.save()
    client.force_login(office_user)
    page = client.get(reverse("dashboard") + f"?phase={ward_data.id}").content.decode()
    assert "ngưỡng khen thưởng 87,5 %; vạch xanh: 90 %" in page
    assert "tỷ lệ từ 90 % trở lên" in page
    assert 'class="chart-mark chart-mark-digital" style="left: 90.0%"' in page
    assert 'style="left: 87.5%"' in page


def test_adoption_colour_uses_r5_mark(ward_data):
    rows = {a.number: a for a in ward_dashboard(ward_data).adoption}
    assert rows[1].reaches_digital_mark  # everyone scored meets TC1
    assert not rows[5].reaches_digital_mark
    assert rows[5].percent_text == rows[5].percent.replace(".", ",") + " %"


def test_dossier_labels_from_the_model(client, office_user, ward_data, tdp):
    submitted(ward_data, tdp)
    dash = ward_dashboard(ward_data)
    labels = {s.code: label for s, label in dash.rows}
    assert labels["8"] == "Đã nộp"
    assert labels["9"] == "Chưa thực hiện"
    assert tdp_dashboard(ward_data, tdp).dossier_label == "Đã nộp"
