"""Every review and dashboard view: anonymous → log-in page, roles without the right → 403,
roles with it → 200 (pages) or a redirect back (actions)."""

import pytest
from django.urls import NoReverseMatch, reverse

from awards.models import Dossier
from tests.awards.review_helpers import ROLE_FIXTURES, submitted
from tests.support import ADULT, ALL_MET, make_household

READERS = {"admin", "office", "chairman", "staff"}
EDITORS = {"admin", "office"}
EVERYONE = set(ROLE_FIXTURES)


@pytest.fixture
def setting(phase1, tdp):
    household = make_household(tdp, "001", [(ADULT, ALL_MET)], phase1)
    dossier = submitted(phase1, tdp)
    return {
        "phase": phase1,
        "tdp": tdp,
        "dossier": dossier,
        "resident": household.residents.get(),
    }


def _views(s):
    p, t, r = s["phase"].id, s["tdp"].id, s["resident"].id
    return [
        # (name, url, method, data, roles allowed, success status)
        ("dashboard", reverse("dashboard"), "get", None, READERS, 200),
        ("dashboard_tdp", reverse("dashboard_tdp", args=[t]), "get", None, EVERYONE, 200),
        ("export", reverse("dashboard_export", args=["standings"]) + f"?phase={p}", "get",
         None, READERS, 200),
        ("export_tdp", reverse("dashboard_export", args=["households"]) + f"?phase={p}&tdp={t}",
         "get", None, EVERYONE, 200),
        ("review_list", reverse("review_list"), "get", None, READERS, 200),
        ("review_dossier", reverse("review_dossier", args=[p, t]), "get", None, READERS, 200),
        ("review_audit", reverse("review_audit", args=[p, t]), "get", None, READERS, 200),
        ("review_correct", reverse("review_correct", args=[p, r]), "get", None, EDITORS, 200),
        ("review_return", reverse("review_return", args=[p, t]), "post",
         {"comment": "Bổ sung phiếu hộ 001"}, EDITORS, 302),
        ("review_approve", reverse("review_approve", args=[p, t]), "post",
         {"confirmed": "on"}, EDITORS, 302),
        ("review_reopen", reverse("review_reopen", args=[p, t]), "post",
         {"reopen-reason": "Sửa số liệu"}, EDITORS, 302),
        ("review_bulk_approve", reverse("review_bulk_approve", args=[p]), "post",
         {"dossiers": [s["dossier"].id], "confirmed": "on"}, EDITORS, 302),
        ("review_reopen_window", reverse("review_reopen_window", args=[p, t]), "post",
         {"step": 3, "scope": "tdp", "until": "31/12/2099", "reason": "Ốm"}, EDITORS, 302),
        ("review_reopen_window_all", reverse("review_reopen_window_all", args=[p]), "post",
         {"step": 3, "scope": "all", "until": "31/12/2099", "reason": "Bão"}, EDITORS, 302),
        ("review_freeze", reverse("review_freeze", args=[p]), "post",
         {"confirm": "on", "confirmed": "on"},
         EDITORS, 302),
        ("review_unfreeze", reverse("review_unfreeze", args=[p]), "post",
         {"unfreeze-reason": "Sai số liệu"}, EDITORS, 302),
    ]  # fmt: skip


VIEW_NAMES = [v[0] for v in _views({"phase": type("P", (), {"id": 1}),
                                    "tdp": type("T", (), {"id": 1}),
                                    "resident": type("R", (), {"id": 1}),
                                    "dossier": type("D", (), {"id": 1})})]  # fmt: skip


def _find(setting, name):
    return next(v for v in _views(setting) if v[0] == name)


@pytest.mark.parametrize("name", VIEW_NAMES)
def test_anonymous_goes_to_login(client, setting, name):
    _, url, method, data, _, _ = _find(setting, name)
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", list(ROLE_FIXTURES))
@pytest.mark.parametrize("name", VIEW_NAMES)
def test_roles(client, request, setting, name, role):
    _, url, method, data, allowed, ok = _find(setting, name)
    client.force_login(request.getfixturevalue(ROLE_FIXTURES[role]))
    if name == "review_unfreeze" and role in EDITORS:
        from scoring.snapshots import freeze

        freeze(setting["phase"])
    response = getattr(client, method)(url, data or {})
    if name == "dashboard" and role not in READERS:
        # TDP roles land on their own TDP's dashboard.
        assert response.status_code == 302
        assert response["Location"] == reverse("dashboard_tdp", args=[setting["tdp"].id])
    elif role in allowed:
        assert response.status_code == ok, response.content[:500]
    else:
        assert response.status_code == 403


def test_tdp_roles_do_not_see_other_tdps(client, setting, other_team_user):
    client.force_login(other_team_user)
    url = reverse("dashboard_tdp", args=[setting["tdp"].id])
    assert client.get(url).status_code == 404
    export = reverse("dashboard_export", args=["households"])
    assert (
        client.get(export + f"?phase={setting['phase'].id}&tdp={setting['tdp'].id}").status_code
        == 404
    )


def test_tdp_role_dashboard_lands_on_own_tdp(client, setting, team_user):
    client.force_login(team_user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("dashboard_tdp", args=[setting["tdp"].id]))


def test_home_sends_each_role_to_its_start(client, setting, office_user, team_user, chairman_user):
    for user in (office_user, chairman_user):
        client.force_login(user)
        assert client.get(reverse("home"))["Location"] == reverse("dashboard")
    client.force_login(team_user)
    location = client.get(reverse("home"))["Location"]
    # The TDP's own page for the current phase (data entry's summary where it exists).
    from scoring.phases import current_phase, ward_phases

    current = current_phase(ward_phases(setting["tdp"].ward_id))
    try:
        expected = reverse("entry_tdp_summary", args=[current.id, setting["tdp"].id])
    except NoReverseMatch:
        expected = reverse("dashboard_tdp", args=[setting["tdp"].id])
    assert location == expected


def test_home_without_role_explains(client, django_user_model, ward):
    user = django_user_model.objects.create_user("khach", password="x" * 10)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "chưa được gán vai trò" in response.content.decode()


def test_dossier_of_unknown_phase_is_404(client, setting, office_user):
    client.force_login(office_user)
    url = reverse("review_dossier", args=[9999, setting["tdp"].id])
    assert client.get(url).status_code == 404
    assert Dossier.objects.count() == 1
