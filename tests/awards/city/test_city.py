"""The city's office (role `city`, issue 10): reads every ward side by side, assigns each
ward's targets (R8), and changes no ward's data; ward roles do not see the city's pages."""

import pytest
from django.urls import reverse

from awards.models import WardTarget
from households.accounts.services import AccountError, save_account
from households.models import Membership, ResidentialGroup, Ward
from scoring.models import Campaign, Phase
from tests.support import ADULT, ALL_MET, EIGHT_MET, PASSWORD, make_household


@pytest.fixture
def second_ward(campaign):
    """Phường Nguyễn Thái Học with two TDPs and its own 2022 campaign (same dates)."""
    ward = Ward.objects.create(code="nth", name="Nguyễn Thái Học", city="Yên Bái")
    tdps = [ResidentialGroup.objects.create(ward=ward, code=c, name=f"Tổ {c}") for c in "12"]
    own = Campaign.objects.create(ward=ward, year=2022, name="Chuyển đổi số năm 2022")
    for phase in campaign.phases.all():
        phase.pk, phase.id, phase.campaign = None, None, own
        phase.save()
    make_household(tdps[0], "A1", [(ADULT, ALL_MET)], phase=own.phases.get(number=1))
    make_household(tdps[1], "A2", [(ADULT, EIGHT_MET)], phase=own.phases.get(number=1))
    return ward


@pytest.fixture
def city_user(ward):
    return save_account("thanhpho", "city", password=PASSWORD)


def test_a_city_account_has_no_ward_and_no_tdp(city_user):
    assert city_user.membership.ward is None
    with pytest.raises(AccountError, match="không gắn với tổ dân phố"):
        save_account("thanhpho2", "city", tdp_codes=["8"], password=PASSWORD)


def test_the_city_sees_every_ward_side_by_side(client, city_user, second_ward, phase1, tdp):
    make_household(tdp, "001", [(ADULT, ALL_MET)], phase=phase1)
    client.force_login(city_user)
    response = client.get(reverse("city_overview"), {"year": 2022, "phase": 1})
    assert response.status_code == 200
    comparison = response.context["comparison"]
    by_name = {c.ward.name: c for c in comparison.wards}
    assert set(by_name) == {"Đồng Tâm", "Nguyễn Thái Học"}
    assert by_name["Đồng Tâm"].totals["digital_households"] == 1
    assert by_name["Nguyễn Thái Học"].totals["eligible_households"] == 2
    assert by_name["Nguyễn Thái Học"].totals["ratio_percent"] == "50.00"
    page = response.content.decode()
    assert "Nguyễn Thái Học" in page and "50,00 %" in page
    tc10 = next(r for r in comparison.criteria if r.code == "tc10")
    assert tc10.percents[[c.ward.name for c in comparison.wards].index("Nguyễn Thái Học")] == (
        "50,00 %"
    )


def test_the_city_assigns_a_wards_targets(client, city_user, second_ward):
    client.force_login(city_user)
    url = reverse("city_targets", args=[2022, second_ward.id])
    response = client.post(url, {"indicator": "digital_family_percent", "target_value": "80"})
    assert response.status_code == 302
    target = WardTarget.objects.get()
    assert target.campaign.ward == second_ward and target.target_value == 80
    page = client.get(url).content.decode()
    assert "50,00 %" in page and "Chưa đạt" in page


@pytest.mark.parametrize(
    "name,args",
    [
        ("dashboard", []),
        ("entry_home", []),
        ("review_list", []),
        ("standings", []),
        ("proposals_index", []),
        ("reports_home", []),
        ("setup_home", []),
        ("import_roster_upload", []),
    ],
)
def test_the_city_reads_no_ward_page_and_changes_nothing(client, city_user, name, args):
    client.force_login(city_user)
    assert client.get(reverse(name, args=args)).status_code == 403


def test_ward_roles_do_not_see_the_citys_pages(client, office_user, second_ward):
    client.force_login(office_user)
    assert client.get(reverse("city_overview")).status_code == 403
    url = reverse("city_targets", args=[2022, second_ward.id])
    assert client.post(url, {"indicator": "digital_tdps", "target_value": "3"}).status_code == 403
    assert not WardTarget.objects.exists()


def test_navigation_offers_the_city_its_page_only(client, city_user):
    client.force_login(city_user)
    page = client.get(reverse("city_overview")).content.decode()
    assert reverse("city_overview") in page
    assert reverse("review_list") not in page and reverse("setup_home") not in page
    assert Membership.objects.get(user=city_user).role == "city"
    assert Phase.objects.exists()


def test_home_sends_the_city_to_its_page(client, city_user):
    client.force_login(city_user)
    assert client.get(reverse("home")).url == reverse("city_overview")
