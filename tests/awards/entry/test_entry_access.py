"""Access matrix of the data-entry pages (steps 1–3) with real form data: every URL × every
role × GET / POST, the writers' writes succeeding. (Every named URL, with empty POST data, is
in tests/test_access_matrix.py.)

Conventions (households.access, awards.procedure):
- anonymous → 302 to the log-in page, and no personal data in the answer;
- an object of another TDP → 404, as if it did not exist (like the health checks: a TDP team
  must not learn which households exist elsewhere);
- a role that may read the TDP but never change it (chairman, office staff, the official in
  charge of the TDP) → 403 on every write, and on the write forms themselves;
- read-only pages answer 405 to POST.
Windows are open today here (fixture `open_phase`); window refusals are tested below and in
tests/awards/procedure/test_windows.py."""

import pytest
from django.urls import reverse

from households.models import Household, Resident
from tests.support import ADULT, make_household

ROLES = ["admin", "office", "chairman", "staff", "team_own", "team_other", "officer_own", "anon"]
USER_FIXTURES = {
    "admin": "admin_user",
    "office": "office_user",
    "chairman": "chairman_user",
    "staff": "staff_user",
    "team_own": "team_user",
    "team_other": "other_team_user",
    "officer_own": "officer_user",
}


@pytest.fixture
def world(open_phase, household8, tdp):
    other = make_household(tdp, "008", [(ADULT, None)])
    spouse = household8.residents.order_by("id")[1]
    return {
        "phase": open_phase,
        "tdp": tdp,
        "household": household8,
        "resident": spouse,
        "other": other,
    }


def _urls(w):
    p, t, h, r = w["phase"].pk, w["tdp"].pk, w["household"].pk, w["resident"].pk
    spouse_prefix = f"m{r}-"
    sheet_post = {
        f"{spouse_prefix}shown": "1",
        f"{spouse_prefix}scored": "1",
        **{f"{spouse_prefix}tc{i}": "1" for i in range(1, 11)},
    }
    return {
        # name: (url, kind, POST data); kind "read" = read-only page, "form" = write form page,
        # "sheet" = page readable by readers and writable by writers, "post" = POST-only.
        "entry_tdp_list": (reverse("entry_tdp_list", args=[p, t]), "read", {}),
        "entry_tdp_summary": (reverse("entry_tdp_summary", args=[p, t]), "read", {}),
        "entry_household_history": (reverse("entry_household_history", args=[h]), "read", {}),
        "entry_household": (reverse("entry_household", args=[p, h]), "sheet", sheet_post),
        "entry_review": (reverse("entry_review", args=[p, h]), "sheet", sheet_post),
        "entry_cultural_house": (
            reverse("entry_cultural_house", args=[p, t]),
            "sheet",
            {"has_internet": "on"},
        ),
        "entry_household_add": (
            reverse("entry_household_add", args=[p, t]),
            "form",
            {"code": "050"},
        ),
        "entry_member_add": (
            reverse("entry_member_add", args=[p, h]),
            "form",
            {"full_name": "Lê Thị Mai", "birth_date": "02/03/1990", "sex": "F", "cccd": ""},
        ),
        "entry_member_edit": (
            reverse("entry_member_edit", args=[p, r]),
            "form",
            {"full_name": "Nguyễn Thị Lan", "birth_date": "17/05/1980", "sex": "F"},
        ),
        "entry_member_move": (
            reverse("entry_member_move", args=[p, r]),
            "form",
            {"target_code": "008"},
        ),
        "entry_member_status": (
            reverse("entry_member_status", args=[p, r]),
            "form",
            {"status": "moved", "on_date": "01/09/2022"},
        ),
        "entry_submit": (reverse("entry_submit", args=[p, t]), "post", {}),
    }


URL_NAMES = [
    "entry_tdp_list",
    "entry_tdp_summary",
    "entry_household_history",
    "entry_household",
    "entry_review",
    "entry_cultural_house",
    "entry_household_add",
    "entry_member_add",
    "entry_member_edit",
    "entry_member_move",
    "entry_member_status",
    "entry_submit",
]


# The answers, with the real POST data of _urls() (writers are redirected after a successful
# write; 405: the method is refused before any object is looked up, so it reveals nothing).
# team_other is TDP 9's team on TDP 8's objects; anon's 302 goes to the log-in page.
EXPECTED_TABLE = """
# url name                 method admin  office chair  staff  team8  team9  offc8  anon
entry_tdp_list             GET    200    200    200    200    200    404    200    302
entry_tdp_list             POST   405    405    405    405    405    405    405    302
entry_tdp_summary          GET    200    200    200    200    200    404    200    302
entry_tdp_summary          POST   405    405    405    405    405    405    405    302
entry_household_history    GET    200    200    200    200    200    404    200    302
entry_household_history    POST   405    405    405    405    405    405    405    302
entry_household            GET    200    200    200    200    200    404    200    302
entry_household            POST   302    302    403    403    302    404    403    302
entry_review               GET    200    200    200    200    200    404    200    302
entry_review               POST   302    302    403    403    302    404    403    302
entry_cultural_house       GET    200    200    200    200    200    404    200    302
entry_cultural_house       POST   302    302    403    403    302    404    403    302
entry_household_add        GET    200    200    403    403    200    404    403    302
entry_household_add        POST   302    302    403    403    302    404    403    302
entry_member_add           GET    200    200    403    403    200    404    403    302
entry_member_add           POST   302    302    403    403    302    404    403    302
entry_member_edit          GET    200    200    403    403    200    404    403    302
entry_member_edit          POST   302    302    403    403    302    404    403    302
entry_member_move          GET    200    200    403    403    200    404    403    302
entry_member_move          POST   302    302    403    403    302    404    403    302
entry_member_status        GET    200    200    403    403    200    404    403    302
entry_member_status        POST   302    302    403    403    302    404    403    302
entry_submit               GET    405    405    405    405    405    405    405    302
entry_submit               POST   302    302    403    403    302    404    403    302
"""
EXPECTED = {
    (name, method): dict(zip(ROLES, map(int, answers), strict=True))
    for name, method, *answers in (
        line.split() for line in EXPECTED_TABLE.strip().splitlines() if not line.startswith("#")
    )
}


def _client_for(request, client, role):
    if role != "anon":
        client.force_login(request.getfixturevalue(USER_FIXTURES[role]))
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", URL_NAMES)
def test_matrix(request, client, world, name, role, method):
    url, kind, data = _urls(world)[name]
    c = _client_for(request, client, role)
    response = c.get(url) if method == "GET" else c.post(url, data)
    want = EXPECTED[name, method][role]
    assert response.status_code == want, (name, role, method, response.status_code)
    if role == "anon":
        assert response["Location"].startswith("/accounts/login/")
        body = response.content.decode()
        assert "Nguyễn Văn" not in body and "007" not in body
    if want == 302 and role != "anon":
        assert not response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ROLES)
def test_entry_home(request, client, world, role):
    c = _client_for(request, client, role)
    response = c.get(reverse("entry_home"))
    if role == "anon":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/")
    elif role in ("team_own", "team_other", "officer_own"):
        # A TDP account goes straight to its only TDP's list.
        assert response.status_code == 302
        code = "9" if role == "team_other" else "8"
        tdp_id = world["tdp"].ward.tdps.get(code=code).pk
        assert response["Location"] == reverse("entry_tdp_list", args=[world["phase"].pk, tdp_id])
    else:
        assert response.status_code == 200
        assert "Tổ dân phố số 16" in response.content.decode()


def test_writes_by_readers_change_nothing(request, client, world, chairman_user, officer_user):
    for user in (chairman_user, officer_user):
        client.force_login(user)
        for name in URL_NAMES:
            url, kind, data = _urls(world)[name]
            if kind != "read":
                client.post(url, data)
    spouse = Resident.objects.get(pk=world["resident"].pk)
    assert spouse.status == "active" and spouse.household_id == world["household"].pk
    assert not Household.objects.filter(code="050").exists()
    assert spouse.assessments.count() == 1


def test_move_target_outside_own_tdps_not_found(client, world, team_user, other_tdp):
    """A TDP team moves members only between households of its own TDPs; a household of
    another TDP reads as unknown. The office moves anywhere in the ward."""
    make_household(other_tdp, "950", [(ADULT, None)])
    client.force_login(team_user)
    url = reverse("entry_member_move", args=[world["phase"].pk, world["resident"].pk])
    response = client.post(url, {"target_code": "950"})
    assert response.status_code == 200
    assert "Không tìm thấy hộ mã “950” trong các tổ dân phố bạn phụ trách" in (
        response.content.decode()
    )
    assert Resident.objects.get(pk=world["resident"].pk).household_id == world["household"].pk


def test_office_moves_across_tdps(client, world, office_user, other_tdp):
    target = make_household(other_tdp, "950", [(ADULT, None)])
    client.force_login(office_user)
    url = reverse("entry_member_move", args=[world["phase"].pk, world["resident"].pk])
    response = client.post(url, {"target_code": "950", "reason": "Nhập hộ con trai"})
    assert response.status_code == 302
    spouse = Resident.objects.get(pk=world["resident"].pk)
    assert spouse.household_id == target.pk
    assert spouse.history.latest().history_change_reason == "Nhập hộ con trai"
