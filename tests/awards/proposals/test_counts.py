"""The Chairman's count of proposals is the number of proposals: deciding one moves it from
"chờ ý kiến" to "Chủ tịch duyệt", never off the total (issue 10, item 4)."""

from django.urls import reverse

from awards.proposals import services


def _nominate(phase, user, name):
    return services.save_nomination(
        phase,
        {
            "category": "individual",
            "recipient_name": name,
            "recipient_sex": "M",
            "proposing_unit": "Tổ dân phố số 8",
            "achievement": "Hướng dẫn người dân cài VNeID.",
        },
        user,
    )


def test_the_count_stays_when_one_is_approved(client, office_user, chairman_user, phase1):
    first = _nominate(phase1, office_user, "Phạm Đức Thắng")
    _nominate(phase1, office_user, "Vũ Minh Tuấn")
    client.force_login(chairman_user)
    url = reverse("proposals_list", args=[2022, 1])
    assert "Số đề nghị: <b>2</b> — chờ ý kiến Chủ tịch: 2" in client.get(url).content.decode()
    services.decide(first, chairman_user, approve=True)
    page = client.get(url).content.decode()
    assert "Số đề nghị: <b>2</b> — chờ ý kiến Chủ tịch: 1 · Chủ tịch duyệt: 1" in page
