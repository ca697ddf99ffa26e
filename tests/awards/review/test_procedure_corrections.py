"""Issue 10, item 4: a reopened window is the window in force (lateness, header), every act
that locks or freezes asks for an explicit confirmation, the dossier's review and window
management are two pages, the review list is ordered by what needs action, and one word for
each state."""

import datetime
import re

import pytest
from django.urls import reverse

from awards.models import Dossier, WindowReopening
from awards.procedure import submit_dossier, window_state
from awards.review import services as svc
from scoring.models import StandingsSnapshot
from tests.awards.review_helpers import submitted
from tests.support import ADULT, ALL_MET, make_household

State = Dossier.State
D = datetime.date


@pytest.fixture
def office(client, office_user):
    client.force_login(office_user)
    return client


def _page(response) -> str:
    return response.content.decode()


def _reopen(phase, tdp, until, user, step=3):
    return WindowReopening.objects.create(
        phase=phase, tdp=tdp, step=step, until=until, reason="Tổ trưởng ốm", created_by=user
    )


# --- R12: the reopened window is the window in force -------------------------------------


def test_a_dossier_sent_inside_a_reopened_window_is_on_time(phase1, tdp, team_user, office_user):
    _reopen(phase1, tdp, D(2022, 12, 31), office_user)
    dossier = submit_dossier(team_user, tdp, phase1, today=D(2022, 10, 15))
    assert not dossier.submitted_late
    assert "sau hạn" not in dossier.history.first().history_change_reason
    w = window_state(phase1, 3, tdp, today=D(2022, 10, 15))
    assert w.deadline == D(2022, 12, 31) and not w.is_late(D(2022, 12, 31))


def test_late_is_judged_against_the_reopened_deadline(phase1, tdp, office_user):
    _reopen(phase1, tdp, D(2022, 9, 20), office_user)
    dossier = submit_dossier(office_user, tdp, phase1, today=D(2022, 9, 25))
    assert dossier.submitted_late
    assert dossier.history.first().history_change_reason.endswith("(sau hạn 20/09/2022)")


def test_the_plan_window_still_judges_without_a_reopening(phase1, tdp, office_user, other_tdp):
    _reopen(phase1, other_tdp, D(2022, 12, 31), office_user)  # another TDP's reopening
    assert submit_dossier(office_user, tdp, phase1, today=D(2022, 9, 9)).submitted_late
    assert not submit_dossier(office_user, other_tdp, phase1, today=D(2022, 9, 9)).submitted_late


def test_the_dossier_header_shows_the_window_in_force(office, office_user, phase1, tdp):
    submitted(phase1, tdp)
    url = reverse("review_dossier", args=[phase1.id, tdp.id])
    assert "04/09/2022 – 08/09/2022." in _page(office.get(url))
    _reopen(phase1, tdp, D(2099, 12, 31), office_user)
    header = re.search(r'id="han-nop">(.*?)</div>', _page(office.get(url)), re.S).group(1)
    assert "04/09/2022 – 31/12/2099" in header and "theo kế hoạch đến 08/09/2022" in header


# --- confirmations on what locks or freezes ----------------------------------------------


def test_approving_asks_for_confirmation(office, phase1, tdp):
    dossier = submitted(phase1, tdp)
    url = reverse("review_approve", args=[phase1.id, tdp.id])
    page = _page(office.get(url))
    assert "Tôi xác nhận duyệt hồ sơ này" in page and 'name="confirmed"' in page
    main = page[page.index("<main") : page.index("</main>")]
    assert "<script" not in main and "onclick" not in main and "style=" not in main
    assert "confirm(" not in main  # not an inline JS confirm
    response = office.post(url, {})
    assert response.status_code == 200 and "Tôi xác nhận" in _page(response)
    response = office.post(url, {"confirmed": ""})
    assert response.status_code == 400 and "Đánh dấu ô “Tôi xác nhận…”" in _page(response)
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED
    office.post(url, {"confirmed": "on"})
    dossier.refresh_from_db()
    assert dossier.state == State.APPROVED


def test_bulk_approval_asks_for_confirmation(office, phase1, tdp, other_tdp):
    a, b = submitted(phase1, tdp), submitted(phase1, other_tdp)
    url = reverse("review_bulk_approve", args=[phase1.id])
    page = _page(office.post(url, {"dossiers": [a.id, b.id]}))
    assert tdp.name in page and other_tdp.name in page and "Tôi xác nhận duyệt" in page
    assert f'name="dossiers" value="{a.id}"' in page
    assert not Dossier.objects.filter(state=State.APPROVED).exists()
    office.post(url, {"dossiers": [a.id, b.id], "confirmed": "on"})
    assert Dossier.objects.filter(state=State.APPROVED).count() == 2


def test_freezing_asks_for_confirmation(office, office_user, phase1, tdp):
    make_household(tdp, "001", [(ADULT, ALL_MET)], phase1)
    url = reverse("review_freeze", args=[phase1.id])
    page = _page(office.get(url))
    assert "Tôi xác nhận chốt kết quả" in page and tdp.name in page  # not approved yet
    assert "Vẫn chốt khi còn tổ dân phố chưa được duyệt" in page
    office.post(url, {"confirm": "on"})
    assert not StandingsSnapshot.objects.exists()
    office.post(url, {"confirm": "on", "confirmed": "on"})
    assert StandingsSnapshot.objects.filter(phase=phase1).exists()


def test_the_list_links_to_the_confirmation_pages(office, phase1, tdp):
    submitted(phase1, tdp)
    page = _page(office.get(reverse("review_list") + f"?phase={phase1.id}"))
    assert f'href="{reverse("review_freeze", args=[phase1.id])}"' in page
    assert 'name="confirm"' not in page  # the freeze decision is made on its own page


# --- the dossier's two pages ---------------------------------------------------------------


def test_review_actions_and_window_management_are_separate_pages(office, office_user, phase1, tdp):
    dossier = submitted(phase1, tdp)
    review = _page(office.get(reverse("review_dossier", args=[phase1.id, tdp.id])))
    windows_url = reverse("review_dossier_windows", args=[phase1.id, tdp.id])
    assert reverse("review_approve", args=[phase1.id, tdp.id]) in review
    assert reverse("review_return", args=[phase1.id, tdp.id]) in review
    assert windows_url in review
    assert reverse("review_reopen_window", args=[phase1.id, tdp.id]) not in review
    assert reverse("review_reopen", args=[phase1.id, tdp.id]) not in review
    windows = _page(office.get(windows_url))
    assert reverse("review_reopen_window", args=[phase1.id, tdp.id]) in windows
    assert reverse("review_reopen", args=[phase1.id, tdp.id]) in windows
    assert reverse("review_approve", args=[phase1.id, tdp.id]) not in windows
    # Acts of the windows page come back to it when refused.
    svc.approve_dossier(dossier, office_user)
    response = office.post(reverse("review_reopen", args=[phase1.id, tdp.id]), {})
    assert response.status_code == 400 and 'id="mo-lai-ho-so"' in _page(response)
    response = office.post(
        reverse("review_reopen_window", args=[phase1.id, tdp.id]),
        {"step": 3, "scope": "tdp", "until": "31/12/2099", "reason": "Ốm"},
    )
    assert response["Location"] == windows_url


def test_review_list_puts_what_needs_action_first(office, office_user, phase1, ward):
    tdps = {t.code: t for t in ward.tdps.all()}
    svc.approve_dossier(submitted(phase1, tdps["1"]), office_user)
    submitted(phase1, tdps["12"])
    svc.return_dossier(submitted(phase1, tdps["5"]), office_user, "Bổ sung")
    Dossier.objects.create(phase=phase1, tdp=tdps["9"], state=State.IN_PROGRESS)
    rows = svc.review_overview(phase1).rows
    assert [r.tdp.code for r in rows[:4]] == ["12", "5", "9", "2"]
    assert rows[-1].tdp.code == "1"  # approved last
    page = _page(office.get(reverse("review_list") + f"?phase={phase1.id}"))
    assert (
        page.index("Tổ dân phố số 12")
        < page.index("Tổ dân phố số 5")
        < page.index("Tổ dân phố số 1<")
    )


# --- one word for each state ----------------------------------------------------------------


def test_a_household_reads_the_same_on_the_tdp_and_office_pages(
    office, client, team_user, phase1, tdp
):
    make_household(tdp, "001", [(ADULT, None)], phase1)  # one adult, no form yet
    detail = svc.dossier_detail(phase1, tdp)
    assert detail.households[0].status_text == "Chưa chấm"
    page = _page(office.get(reverse("review_dossier", args=[phase1.id, tdp.id])))
    assert "Chưa chấm" in page and ">Chưa đạt<" not in page
    client.force_login(team_user)
    tdp_list = _page(client.get(reverse("entry_tdp_list", args=[phase1.id, tdp.id])))
    assert "Chưa chấm" in tdp_list and ">Chưa đạt<" not in tdp_list
    board = _page(client.get(reverse("dashboard_tdp", args=[tdp.id]) + f"?phase={phase1.id}"))
    assert ">Chưa đạt<" not in board


def test_the_tdp_dashboard_says_locked_once_approved(client, team_user, office_user, phase1, tdp):
    from awards.dashboard.services import tdp_dashboard

    svc.approve_dossier(submitted(phase1, tdp), office_user)
    steps = tdp_dashboard(phase1, tdp).steps
    assert all(s.locked and "Đã duyệt" in s.status for s in steps[:3])
    assert not any("Đang mở" in s.status for s in steps[:3])
    client.force_login(team_user)
    page = _page(client.get(reverse("dashboard_tdp", args=[tdp.id]) + f"?phase={phase1.id}"))
    assert "Đã duyệt — số liệu đã khóa" in page


def test_templates_never_spell_the_frozen_word_differently():
    from pathlib import Path

    root = Path(__file__).resolve().parents[3] / "templates"
    offenders = [p for p in root.rglob("*.html") if "phê duyệt" in p.read_text()]
    assert not offenders
