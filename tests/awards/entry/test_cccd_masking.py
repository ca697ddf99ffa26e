"""Issue 8: a TDP team member saw full CCCD numbers in the resident edit form, although only
the office and administrators should (households.access.can_see_full_cccd). The form now
shows the number masked to other roles, and sending it back unchanged keeps it."""

from django.urls import reverse

from households.models import mask_cccd

CCCD = "015080001234"


def _member(household8):
    member = household8.residents.order_by("id").first()
    member.cccd = CCCD
    member.save()
    return member


def test_a_team_member_sees_the_cccd_masked_and_keeps_it(
    client, team_user, open_phase, household8
):
    member = _member(household8)
    client.force_login(team_user)
    url = reverse("entry_member_edit", args=[open_phase.pk, member.pk])
    page = client.get(url).content.decode()
    assert CCCD not in page and mask_cccd(CCCD) in page
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(full_name="Nguyễn Văn Đổi Tên", birth_date="17/05/1980", cccd=mask_cccd(CCCD))
    data["is_head"] = "on" if form.initial.get("is_head") else ""
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    member.refresh_from_db()
    assert member.full_name == "Nguyễn Văn Đổi Tên" and member.cccd == CCCD


def test_the_office_sees_the_full_number(client, office_user, open_phase, household8):
    member = _member(household8)
    client.force_login(office_user)
    page = client.get(reverse("entry_member_edit", args=[open_phase.pk, member.pk]))
    assert CCCD in page.content.decode()
