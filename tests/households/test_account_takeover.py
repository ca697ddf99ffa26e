"""Issue 8: the office could take over accounts that have no role — superusers included —
by POSTing a new password and role to /setup/users/<id>/, or deactivate them. The set-up
pages now manage only accounts of the user's own ward below administrator."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from households.accounts.services import save_account
from tests.support import PASSWORD

NEW = {"role": "staff", "password": "Mat-khau-moi-2026", "full_name": "Kẻ Chiếm"}


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password="Root-pass-2026")


@pytest.fixture
def roleless(db):
    return get_user_model().objects.create_user("khach", password="Khach-pass-2026")


@pytest.mark.parametrize("victim", ["superuser", "roleless"])
def test_the_office_cannot_take_over_an_account_without_a_role(
    client, office_user, victim, request
):
    account = request.getfixturevalue(victim)
    client.force_login(office_user)
    url = reverse("setup_user_edit", args=[account.id])
    assert client.get(url).status_code == 404
    assert client.post(url, {**NEW, "username": account.username}).status_code == 404
    active = reverse("setup_user_active", args=[account.id])
    assert client.post(active).status_code == 404
    account.refresh_from_db()
    assert account.is_active and account.check_password(
        "Root-pass-2026" if victim == "superuser" else "Khach-pass-2026"
    )
    assert not hasattr(account, "membership") or account.membership is None


def test_the_office_cannot_take_over_an_administrator_or_the_city(client, office_user, ward):
    admin = save_account("quantri2", "admin", password=PASSWORD)
    city = save_account("thanhpho", "city", password=PASSWORD)
    client.force_login(office_user)
    refused = client.post(reverse("setup_user_edit", args=[admin.id]), NEW, follow=True)
    assert "Chỉ quản trị phường được sửa tài khoản quản trị" in refused.content.decode()
    assert client.post(reverse("setup_user_active", args=[admin.id])).status_code in (302, 403)
    admin.refresh_from_db()
    assert admin.is_active and admin.check_password(PASSWORD)
    assert client.post(reverse("setup_user_edit", args=[city.id]), NEW).status_code == 404


def test_a_new_account_cannot_reuse_an_existing_username(client, office_user, superuser):
    client.force_login(office_user)
    response = client.post(reverse("setup_user_new"), {**NEW, "username": "root"})
    assert response.status_code == 400 and "đã có người dùng" in response.content.decode()
    superuser.refresh_from_db()
    assert superuser.check_password("Root-pass-2026")


def test_the_ward_set_up_offers_neither_admin_nor_city_to_the_office(client, office_user):
    client.force_login(office_user)
    page = client.get(reverse("setup_user_new")).content.decode()
    assert 'value="city"' not in page and 'value="admin"' not in page
