"""Campaign set-up, "Sao chép sang năm mới": the form calls copy_campaign (R15)."""

from django.urls import reverse

from scoring.models import Campaign


def test_copy_from_set_up(client, office_user, campaign):
    client.force_login(office_user)
    home = client.get(reverse("setup_home")).content.decode()
    url = reverse("setup_campaign_copy", args=[campaign.pk])
    assert url in home and "Sao chép sang năm mới" in home
    page = client.get(url).content.decode()
    assert 'value="2023"' in page  # the next year is offered
    response = client.post(url, {"year": "2023"}, follow=True)
    assert "Đã tạo đợt thi đua năm 2023 từ năm 2022" in response.content.decode()
    new = Campaign.objects.get(ward=campaign.ward, year=2023)
    assert list(new.phases.values_list("number", flat=True)) == [1, 2]
    assert new.pledges.count() == campaign.pledges.count()


def test_copy_refuses_a_year_that_exists(client, office_user, campaign):
    client.force_login(office_user)
    url = reverse("setup_campaign_copy", args=[campaign.pk])
    response = client.post(url, {"year": "2022"})
    assert response.status_code == 400
    assert "đã có đợt thi đua năm 2022" in response.content.decode()
    response = client.post(url, {"year": "hai"})
    assert response.status_code == 400 and "Năm phải là số" in response.content.decode()
    assert Campaign.objects.filter(ward=campaign.ward).count() == 1


def test_only_set_up_editors_copy(client, staff_user, campaign):
    client.force_login(staff_user)
    response = client.post(reverse("setup_campaign_copy", args=[campaign.pk]), {"year": "2023"})
    assert response.status_code == 403
    assert not Campaign.objects.filter(year=2023).exists()
