# ruff: noqa: F811
"""A minute a household (issue 9, item 1), server side: the inline member add answers JSON
through the same register service and checks, "Lưu, sang hộ tiếp" lands on the next
household still to key in, dates typed as 8 digits are read."""

import datetime

import pytest
from django.urls import reverse

from households.models import Household, Resident
from tests.support import ADULT, ALL_MET, CHILD, make_household


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


JSON = {"HTTP_ACCEPT": "application/json"}


def test_inline_member_add_returns_the_card(client, team_user, open_phase, tdp):
    h = Household.objects.create(tdp=tdp, code="500")
    client.force_login(team_user)
    url = reverse("entry_member_add", args=[open_phase.pk, h.pk])
    data = {"full_name": "Lê Thị Mai", "birth_date": "02031990", "sex": "F", "inline": "1"}
    body = client.post(url, data, **JSON).json()
    member = Resident.objects.get(household=h)
    assert body["ok"] and body["id"] == member.pk
    assert member.birth_date == datetime.date(1990, 3, 2)
    assert f'id="m{member.pk}"' in body["html"] and "data-all-met" in body["html"]
    assert f'name="m{member.pk}-version" value="none"' in body["html"]
    assert body["message"] == "Đã thêm Lê Thị Mai vào hộ 500."
    h.refresh_from_db()
    assert h.head == member  # the first member becomes the head, as on the page


def test_inline_member_add_errors_are_json(client, team_user, open_phase, household8):
    client.force_login(team_user)
    url = reverse("entry_member_add", args=[open_phase.pk, household8.pk])
    response = client.post(url, {"full_name": "", "birth_date": "3102199"}, **JSON)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "full_name" in errors and "birth_date" in errors


def test_inline_member_add_refused_when_closed(client, team_user, closed_phase, household8):
    client.force_login(team_user)
    url = reverse("entry_member_add", args=[closed_phase.pk, household8.pk])
    response = client.post(url, {"full_name": "A", "birth_date": "01011990"}, **JSON)
    assert response.status_code == 403 and response.json()["refused"]


def test_inline_member_add_without_js_returns_to_the_household(
    client, team_user, open_phase, household8
):
    client.force_login(team_user)
    url = reverse("entry_member_add", args=[open_phase.pk, household8.pk])
    data = {"full_name": "Lê Văn Tư", "birth_date": "1.2.1991", "inline": "1"}
    response = client.post(url, data)
    here = reverse("entry_household", args=[open_phase.pk, household8.pk])
    assert response["Location"] == f"{here}#them-nguoi"


@pytest.mark.parametrize("typed", ["15031990", "15/3/1990", "15.03.1990", "15/03/1990"])
def test_dates_in_every_accepted_form(client, team_user, open_phase, household8, typed):
    client.force_login(team_user)
    url = reverse("entry_member_add", args=[open_phase.pk, household8.pk])
    client.post(url, {"full_name": f"Người {typed}", "birth_date": typed}, **JSON)
    assert Resident.objects.get(full_name=f"Người {typed}").birth_date == datetime.date(
        1990, 3, 15
    )


def test_household_page_has_quick_fills_and_the_inline_form(
    client, team_user, open_phase, household8
):
    client.force_login(team_user)
    html = client.get(reverse("entry_household", args=[open_phase.pk, household8.pk]))
    html = html.content.decode()
    assert html.count("data-all-met") == 2 and html.count("data-same-as-above") == 2
    assert 'id="member-add"' in html and 'inputmode="numeric"' in html
    assert "data-date-mask" in html and "<script>" not in html and "style=" not in html


def test_save_next_lands_on_the_next_household_still_to_key_in(client, team_user, open_phase, tdp):
    done = make_household(tdp, "601", [(ADULT, ALL_MET)], open_phase)
    make_household(tdp, "602", [(ADULT, ALL_MET)], open_phase)  # done: skipped
    make_household(tdp, "603", [(CHILD, None)])  # nobody to score: skipped
    todo = make_household(tdp, "604", [(ADULT, None)])
    client.force_login(team_user)
    url = reverse("entry_household", args=[open_phase.pk, done.pk])
    response = client.post(url, {"save_next": ""})
    assert response["Location"] == reverse("entry_household", args=[open_phase.pk, todo.pk])
    # From the last one it wraps round to the first still to do.
    empty = Household.objects.create(tdp=tdp, code="600")
    url = reverse("entry_household", args=[open_phase.pk, todo.pk])
    response = client.post(url, {"save_next": ""})
    assert response["Location"] == reverse("entry_household", args=[open_phase.pk, empty.pk])


def test_next_free_code_skips_codes_used_in_the_ward(tdp, other_tdp):
    from households.register import next_free_code

    assert next_free_code(tdp) == ""
    Household.objects.create(tdp=tdp, code="08-009")
    Household.objects.create(tdp=tdp, code="08-010")
    Household.objects.create(tdp=other_tdp, code="08-011")  # another TDP used it
    assert next_free_code(tdp) == "08-012"
