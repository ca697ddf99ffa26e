# ruff: noqa: F811
"""No silent lost update on the entry screens (issue 8, item 5): every form carries the
version of what it edits; a save from a stale page writes nothing and shows, for each
conflict, what you typed, what is stored now, who changed it and when."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from households.accounts.services import save_account
from households.models import Household, Resident
from scoring.models import Assessment, CulturalHouseCheck
from tests.awards.entry.forms_support import form_fields
from tests.awards.entry.support import residents_of
from tests.support import ADULT, ALL_MET, EIGHT_MET, NINE_MET, PASSWORD, make_household

SELF, TDP = Assessment.Stage.SELF, Assessment.Stage.TDP


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def two_members(team_user):
    """Two team members of TDP 8, each in their own browser session (A: totruong8)."""
    b_user = save_account("totruong8b", "tdp_team", tdp_codes=["8"], password=PASSWORD)
    b_user.first_name, b_user.last_name = "Lê Văn", "Bình"
    b_user.save()
    a, b = Client(), Client()
    a.force_login(team_user)
    b.force_login(b_user)
    return a, b


def tick(data, resident, criteria):
    for i, met in enumerate(criteria, start=1):
        key = f"m{resident.pk}-tc{i}"
        if met:
            data[key] = "1"
        else:
            data.pop(key, None)
    data[f"m{resident.pk}-scored"] = "1"
    return data


def sheet(client, phase, household, view="entry_household"):
    url = reverse(view, args=[phase.pk, household.pk])
    return url, form_fields(client.get(url).content.decode(), "sheet-form")


def stored(resident, phase, stage=SELF):
    return Assessment.objects.get(resident=resident, phase=phase, stage=stage)


# --- the household sheet (steps 1 and 2) ---------------------------------------------------


def test_stale_save_of_the_same_form_is_refused_and_shows_both(
    two_members, open_phase, household8
):
    a, b = two_members
    head, spouse, _ = residents_of(household8)
    url, b_form = sheet(b, open_phase, household8)  # B opens the household
    _, a_form = sheet(a, open_phase, household8)
    assert b_form[f"m{spouse.pk}-version"] != "none"
    assert a.post(url, tick(a_form, spouse, NINE_MET)).status_code == 302  # A saves first
    response = b.post(url, tick(b_form, spouse, ALL_MET))  # B, from the stale page
    html = response.content.decode()
    assert response.status_code == 409
    assert stored(spouse, open_phase).score == 90  # A's value is kept, nothing overwritten
    assert "Người khác vừa sửa phiếu này" in html
    assert 'Bạn nhập: <strong class="js-conflict-mine">100 điểm' in html
    assert 'Đang lưu: <strong class="js-conflict-theirs">90 điểm (thiếu TC10)' in html
    assert "totruong8" in html and " lúc " in html  # who changed it, and when
    # The page shows what B typed (all ten ticked) with the stored version: B chooses.
    again = form_fields(html, "sheet-form")
    assert again[f"m{spouse.pk}-tc10"] == "1"
    assert again[f"m{spouse.pk}-version"] == a_version(spouse, open_phase)
    keep_mine = {**again, f"m{spouse.pk}-resolve": "mine"}
    assert b.post(url, keep_mine).status_code == 302
    assert stored(spouse, open_phase).score == 100


def a_version(resident, phase, stage=SELF):
    a = stored(resident, phase, stage)
    return str(Assessment.history.filter(id=a.pk).latest("history_id").history_id)


def test_take_theirs_keeps_the_stored_form(two_members, open_phase, household8):
    a, b = two_members
    _, spouse, _ = residents_of(household8)
    url, b_form = sheet(b, open_phase, household8)
    _, a_form = sheet(a, open_phase, household8)
    a.post(url, tick(a_form, spouse, NINE_MET))
    again = form_fields(b.post(url, tick(b_form, spouse, ALL_MET)).content.decode(), "sheet-form")
    response = b.post(url, {**again, f"m{spouse.pk}-resolve": "theirs"}, follow=True)
    assert response.status_code == 200
    assert stored(spouse, open_phase).score == 90


def test_untouched_form_changed_by_another_is_kept_not_reverted(
    two_members, open_phase, household8
):
    """The issue's lost update: B changes one member, A had changed another; B's stale page
    still holds A's member's old form. B's change is saved, A's is kept, B is told."""
    a, b = two_members
    head, spouse, _ = residents_of(household8)
    url, b_form = sheet(b, open_phase, household8)
    _, a_form = sheet(a, open_phase, household8)
    a.post(url, tick(a_form, spouse, NINE_MET))
    response = b.post(url, tick(b_form, head, NINE_MET), follow=True)
    html = response.content.decode()
    assert stored(spouse, open_phase).score == 90  # A's change survives
    assert stored(head, open_phase).score == 90  # B's change is saved
    assert "Giữ nguyên phiếu người khác vừa lưu" in html and spouse.full_name in html


def test_a_form_created_meanwhile_is_a_conflict(two_members, open_phase, tdp):
    a, b = two_members
    h = make_household(tdp, "310", [(ADULT, None)])
    (member,) = residents_of(h)
    url, b_form = sheet(b, open_phase, h)
    _, a_form = sheet(a, open_phase, h)
    assert b_form[f"m{member.pk}-version"] == "none"
    a.post(url, tick(a_form, member, EIGHT_MET))
    response = b.post(url, tick(b_form, member, ALL_MET))
    assert response.status_code == 409
    assert stored(member, open_phase).score == 80
    assert "chưa có phiếu" not in response.content.decode().split("Đang lưu")[1][:80]


def test_same_value_from_a_stale_page_is_no_conflict(two_members, open_phase, household8):
    a, b = two_members
    _, spouse, _ = residents_of(household8)
    url, b_form = sheet(b, open_phase, household8)
    _, a_form = sheet(a, open_phase, household8)
    a.post(url, tick(a_form, spouse, ALL_MET))
    assert b.post(url, tick(b_form, spouse, ALL_MET)).status_code == 302
    assert stored(spouse, open_phase).score == 100


def test_step2_stale_save_is_refused(two_members, open_phase, household8):
    a, b = two_members
    head, spouse, _ = residents_of(household8)
    url, b_form = sheet(b, open_phase, household8, "entry_review")
    _, a_form = sheet(a, open_phase, household8, "entry_review")
    a.post(url, {**tick(a_form, spouse, NINE_MET), "only": str(spouse.pk)})
    response = b.post(url, {**tick(b_form, spouse, ALL_MET), "only": str(spouse.pk)})
    assert response.status_code == 409
    assert stored(spouse, open_phase, TDP).score == 90


def test_step2_form_is_stale_when_the_self_assessment_changed(two_members, open_phase, household8):
    """The team confirms what it saw: a household's form changed since is a conflict."""
    a, b = two_members
    _, spouse, _ = residents_of(household8)
    review, b_form = sheet(b, open_phase, household8, "entry_review")
    url, a_form = sheet(a, open_phase, household8)
    a.post(url, tick(a_form, spouse, ALL_MET))  # step 1 changed: 80 → 100
    response = b.post(review, {**tick(b_form, spouse, NINE_MET), "only": str(spouse.pk)})
    assert response.status_code == 409
    assert not Assessment.objects.filter(resident=spouse, stage=TDP).exists()


def test_json_save_reports_conflicts(two_members, open_phase, household8):
    """The same check for the JSON save of entry.js and the offline queue."""
    a, b = two_members
    _, spouse, _ = residents_of(household8)
    url, b_form = sheet(b, open_phase, household8)
    _, a_form = sheet(a, open_phase, household8)
    ok = a.post(url, tick(a_form, spouse, NINE_MET), HTTP_ACCEPT="application/json")
    assert ok.status_code == 200 and ok.json()["ok"] and "sửa 1 phiếu" in ok.json()["message"]
    response = b.post(url, tick(b_form, spouse, ALL_MET), HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    body = response.json()
    assert body["conflict"] and body["conflicts"][0]["key"] == f"m{spouse.pk}"
    assert body["conflicts"][0]["mine"].startswith("100 điểm")
    assert body["conflicts"][0]["theirs"].startswith("90 điểm")
    assert body["conflicts"][0]["who"] == "totruong8" and body["conflicts"][0]["when"]
    assert stored(spouse, open_phase).score == 90


def test_versions_add_no_query_per_member(client, team_user, open_phase, tdp):
    """The versions come with the assessments (a subquery), not one query per member."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = make_household(tdp, "401", [(ADULT, ALL_MET)], open_phase)
    big = make_household(tdp, "402", [(ADULT, ALL_MET), (ADULT, NINE_MET)] * 5, open_phase)
    client.force_login(team_user)
    client.get("/")
    counts = []
    for h in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(reverse("entry_household", args=[open_phase.pk, h.pk]))
        counts.append(len(ctx.captured_queries))
        assert 'name="m' in html.content.decode() and "-version" in html.content.decode()
    assert counts[0] == counts[1]


# --- the register's forms and the cultural house -------------------------------------------


def _page_form(client, url):
    return form_fields(client.get(url).content.decode())


def test_member_edit_stale_is_refused_with_both_values(two_members, open_phase, household8):
    a, b = two_members
    head = residents_of(household8)[0]
    url = reverse("entry_member_edit", args=[open_phase.pk, head.pk])
    b_form = _page_form(b, url)
    a_form = _page_form(a, url)
    assert b_form["version"].isdigit()
    assert a.post(url, {**a_form, "full_name": "Nguyễn Văn Sửa"}).status_code == 302
    response = b.post(url, {**b_form, "full_name": "Nguyễn Văn Khác"})
    html = response.content.decode()
    assert response.status_code == 409
    head.refresh_from_db()
    assert head.full_name == "Nguyễn Văn Sửa"
    assert "Bạn nhập: <strong>Nguyễn Văn Khác" in html
    assert "Đang lưu: <strong>Nguyễn Văn Sửa</strong> — totruong8" in html
    assert 'data-take-theirs="full_name" data-value="Nguyễn Văn Sửa"' in html
    again = form_fields(html)
    assert again["version"] != b_form["version"]  # saving again is B's informed choice
    assert b.post(url, again).status_code == 302
    head.refresh_from_db()
    assert head.full_name == "Nguyễn Văn Khác"


def test_member_edit_from_stale_page_agreeing_with_stored_goes_through(
    two_members, open_phase, household8
):
    a, b = two_members
    head = residents_of(household8)[0]
    url = reverse("entry_member_edit", args=[open_phase.pk, head.pk])
    b_form = _page_form(b, url)
    a.post(url, {**_page_form(a, url), "full_name": "Nguyễn Văn Sửa"})
    assert b.post(url, {**b_form, "full_name": "Nguyễn Văn Sửa"}).status_code == 302


def test_member_status_stale_is_refused(two_members, open_phase, household8):
    a, b = two_members
    spouse = residents_of(household8)[1]
    url = reverse("entry_member_status", args=[open_phase.pk, spouse.pk])
    b_form = _page_form(b, url)
    a.post(url, {**_page_form(a, url), "status": "moved", "on_date": "01/06/2022"})
    response = b.post(url, {**b_form, "status": "deceased", "on_date": "02/06/2022"})
    assert response.status_code == 409
    spouse.refresh_from_db()
    assert spouse.status == "moved" and spouse.status_changed_on == datetime.date(2022, 6, 1)
    assert "Đã chuyển đi" in response.content.decode()


def test_member_move_stale_is_refused(two_members, open_phase, household8, tdp):
    a, b = two_members
    make_household(tdp, "020", [(ADULT, None)])
    make_household(tdp, "021", [(ADULT, None)])
    spouse = residents_of(household8)[1]
    url = reverse("entry_member_move", args=[open_phase.pk, spouse.pk])
    b_form = _page_form(b, url)
    a.post(url, {**_page_form(a, url), "target_code": "020"})
    response = b.post(url, {**b_form, "target_code": "021"})
    assert response.status_code == 409
    spouse.refresh_from_db()
    assert spouse.household.code == "020"
    assert "Đang lưu: <strong>020</strong>" in response.content.decode()


def test_household_edit_stale_is_refused(two_members, open_phase, household8):
    a, b = two_members
    url = reverse("entry_household_edit", args=[open_phase.pk, household8.pk])
    b_form = _page_form(b, url)
    assert b_form["code"] == "007"
    a.post(url, {**_page_form(a, url), "address": "Số 1 Đường A"})
    response = b.post(url, {**b_form, "address": "Số 9 Đường B"})
    assert response.status_code == 409
    assert Household.objects.get(pk=household8.pk).address == "Số 1 Đường A"
    assert "Số 9 Đường B" in response.content.decode()


def test_cultural_house_stale_is_refused(two_members, open_phase, tdp):
    a, b = two_members
    url = reverse("entry_cultural_house", args=[open_phase.pk, tdp.pk])
    b_form = _page_form(b, url)
    assert b_form["version"] == "none"
    assert a.post(url, {**_page_form(a, url), "has_internet": "on"}).status_code == 302
    response = b.post(url, {**b_form, "has_tv_and_device": "on"})
    assert response.status_code == 409
    check = CulturalHouseCheck.objects.get(house__tdp=tdp, phase=open_phase)
    assert check.has_internet and not check.has_tv_and_device
    html = response.content.decode()
    assert "Có kết nối Internet" in html and "Bạn nhập: <strong>Không" in html


def test_forms_without_a_version_save_as_before(client, team_user, open_phase, household8):
    """A client older than the versions posts none: it is saved as before (no check)."""
    head = residents_of(household8)[0]
    client.force_login(team_user)
    url = reverse("entry_member_edit", args=[open_phase.pk, head.pk])
    data = {"full_name": "Tên Mới", "birth_date": "17/05/1980", "sex": ""}
    assert client.post(url, data).status_code == 302
    assert Resident.objects.get(pk=head.pk).full_name == "Tên Mới"


def test_household_add_proposes_the_next_free_code(client, team_user, open_phase, tdp):
    for code in ("08-001", "08-002", "08-007", "X1"):
        Household.objects.create(tdp=tdp, code=code)
    client.force_login(team_user)
    url = reverse("entry_household_add", args=[open_phase.pk, tdp.pk])
    assert form_fields(client.get(url).content.decode())["code"] == "08-008"


def test_json_conflict_body_is_json(two_members, open_phase, household8):
    a, b = two_members
    _, spouse, _ = residents_of(household8)
    url, b_form = sheet(b, open_phase, household8)
    a.post(url, tick(sheet(a, open_phase, household8)[1], spouse, NINE_MET))
    r = b.post(url, tick(b_form, spouse, ALL_MET), HTTP_ACCEPT="application/json")
    assert json.loads(r.content)["url"] == url
