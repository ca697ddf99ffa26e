"""Roster import in the browser (upload → preview → confirm), its permissions, the blank
template workbook, and the import_roster command."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from households.models import Household, Resident
from scoring.criteria import CRITERIA_TEXT, SCORING_NOTES
from scoring.importing import HEADERS
from scoring.importing.uploads import SESSION_KEY, upload_dir
from scoring.models import Assessment
from tests.scoring.test_import_service import register_state, row, workbook
from tests.support import PASSWORD

UPLOAD = reverse("import_roster_upload")
CONFIRM = reverse("import_roster_confirm")
TEMPLATE = reverse("import_roster_template")


def client_for(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def upload(client, path, phase):
    with open(path, "rb") as fh:
        return client.post(UPLOAD, {"phase": phase.pk, "file": fh})


@pytest.fixture(autouse=True)
def private_upload_dir(settings, tmp_path):
    settings.ROSTER_IMPORT_DIR = str(tmp_path / "uploads")


# --- permissions -----------------------------------------------------------------------


@pytest.mark.parametrize("url", [UPLOAD, CONFIRM, TEMPLATE])
def test_anonymous_goes_to_login(client, ward, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["staff_user", "chairman_user", "officer_user"])
@pytest.mark.parametrize("url", [UPLOAD, CONFIRM, TEMPLATE])
def test_roles_that_do_not_key_in_get_403(client, request, who, url):
    user = request.getfixturevalue(who)
    assert client_for(client, user).get(url).status_code == 403


@pytest.mark.parametrize("who", ["office_user", "admin_user", "team_user"])
def test_importers_see_the_upload_page_and_nav_link(client, request, who, phase1):
    c = client_for(client, request.getfixturevalue(who))
    page = c.get(UPLOAD)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nhập danh sách nhân khẩu và phiếu tự chấm" in html
    assert f'href="{TEMPLATE}"' in html
    assert f'<a class="nav-link active" href="{UPLOAD}">Nhập danh sách</a>' in html  # nav


def test_nav_link_hidden_from_other_roles(client, staff_user):
    response = client_for(client, staff_user).get(reverse("home"), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng xuất" in html
    assert f'href="{UPLOAD}"' not in html


# --- preview and confirm ----------------------------------------------------------------


def test_office_upload_preview_then_confirm(client, office_user, phase1, tdp, tmp_path):
    c = client_for(client, office_user)
    path = workbook(
        tmp_path,
        [
            row("8", "007", "Nguyễn Văn Chủ", "01/01/1960", head="x"),
            row("9", "7", "Trần Thị Bảy", "02/02/1970", sex="Nữ", cccd="999170000001"),
        ],
    )
    before = register_state()
    response = upload(c, path, phase1)
    assert response.status_code == 302 and response.url == CONFIRM
    preview = c.get(CONFIRM)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Tệp hợp lệ. Khi xác nhận sẽ ghi:" in html
    assert "Nguyễn Văn Chủ" in html and "Trần Thị Bảy" in html
    assert "Dòng 3, cột Số CCCD: Mã tỉnh 999 trong số CCCD không có trong danh mục." in html
    assert "Xác nhận ghi vào sổ" in html
    assert register_state() == before  # the preview writes nothing
    stored = c.session[SESSION_KEY]
    response = c.post(CONFIRM, {"token": stored["token"]})
    assert response.status_code == 302 and response.url == UPLOAD
    page = c.get(UPLOAD).content.decode()
    assert (
        "Đã nhập tệp “danh-sach.xlsx”: 2 hộ thêm mới, 0 hộ cập nhật; 2 nhân khẩu thêm mới" in page
    )
    assert Household.objects.count() == 2 and Resident.objects.count() == 2
    assert Assessment.objects.filter(recorded_by=office_user, phase=phase1, stage=1).count() == 2
    assert Resident.history.filter(history_user=office_user).count() == 2
    assert SESSION_KEY not in c.session
    assert list(upload_dir().iterdir()) == []  # the stored upload is removed


def test_bad_file_preview_lists_every_error_and_offers_no_confirm(
    client, office_user, phase1, tmp_path
):
    c = client_for(client, office_user)
    path = workbook(tmp_path, [row(name=""), row(birth="31/02/1990", tcs=("x", "?", *("",) * 8))])
    upload(c, path, phase1)
    html = c.get(CONFIRM).content.decode()
    assert "Tệp có 3 lỗi — chưa ghi gì." in html
    assert "Dòng 2, cột Họ và tên: họ và tên không được để trống." in html
    assert "Dòng 3, cột Ngày sinh: ngày “31/02/1990” không tồn tại." in html
    assert "Dòng 3, cột TC2: giá trị “?” không hợp lệ" in html
    assert "Xác nhận ghi vào sổ" not in html
    # Posting anyway re-validates and writes nothing.
    response = c.post(CONFIRM, {"token": c.session[SESSION_KEY]["token"]})
    assert response.status_code == 200
    assert "khi xác nhận, tệp được kiểm tra lại và có 3 lỗi" in response.content.decode()
    assert Resident.objects.count() == 0


def test_not_a_workbook_is_one_clear_line(client, office_user, phase1, tmp_path):
    c = client_for(client, office_user)
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"not a zip")
    upload(c, path, phase1)
    html = c.get(CONFIRM).content.decode()
    assert "Tệp “hong.xlsx” không phải là bảng tính Excel" in html
    other = tmp_path / "danh-sach.csv"
    other.write_text("a,b")
    response = upload(c, other, phase1)
    assert response.status_code == 200
    assert "Tệp “danh-sach.csv” không phải là bảng tính: chỉ nhận tệp .xlsx" in (
        response.content.decode()
    )


def test_team_member_rows_of_other_tdps_are_refused(
    client, team_user, phase1, tdp, other_tdp, tmp_path
):
    c = client_for(client, team_user)
    html = c.get(UPLOAD).content.decode()
    assert "Tài khoản của bạn nhập được cho tổ dân phố 8" in html
    path = workbook(tmp_path, [row("8", "801", "Của Tổ Tám"), row("Tổ 9", "901", "Của Tổ Chín")])
    upload(c, path, phase1)
    html = c.get(CONFIRM).content.decode()
    assert (
        "Dòng 3, cột Tổ dân phố: dòng này thuộc tổ dân phố 9; tài khoản của bạn chỉ được nhập "
        "cho tổ dân phố 8." in html
    )
    c.post(CONFIRM, {"token": c.session[SESSION_KEY]["token"]})
    assert Resident.objects.count() == 0


@pytest.fixture
def step1_open_today(phase1):
    """Phase 1's step-1 window around today, as the office sets it in campaign set-up."""
    today = timezone.localdate()
    phase1.step1_opens = today - datetime.timedelta(days=1)
    phase1.step1_closes = today + datetime.timedelta(days=3)
    phase1.save()
    return phase1


def test_team_member_outside_step1_window_is_refused(client, team_user, phase1, tdp, tmp_path):
    """R12: the fixture's 2022 windows are long closed, so the team's rows are refused
    with the window's dates; nothing is written."""
    c = client_for(client, team_user)
    upload(c, workbook(tmp_path, [row("8", "801", "Của Tổ Tám")]), phase1)
    html = c.get(CONFIRM).content.decode()
    assert "Dòng 2, cột Tổ dân phố:" in html
    assert "31/08/2022" in html and "04/09/2022" in html
    assert "Xác nhận ghi vào sổ" not in html
    assert Resident.objects.count() == 0


def test_office_is_not_bound_by_windows(client, office_user, phase1, tdp, tmp_path):
    """R12: windows bind only the TDP's own accounts."""
    c = client_for(client, office_user)
    upload(c, workbook(tmp_path, [row("8", "801", "Của Tổ Tám")]), phase1)
    c.post(CONFIRM, {"token": c.session[SESSION_KEY]["token"]})
    assert Resident.objects.count() == 1


@pytest.mark.usefixtures("step1_open_today")
def test_team_member_imports_own_tdp(client, team_user, phase1, tdp, tmp_path):
    c = client_for(client, team_user)
    upload(c, workbook(tmp_path, [row("8", "801", "Của Tổ Tám")]), phase1)
    c.post(CONFIRM, {"token": c.session[SESSION_KEY]["token"]})
    assert Resident.objects.get().household.tdp == tdp


@pytest.mark.usefixtures("step1_open_today")
def test_confirm_revalidates_against_the_register_as_it_is_then(
    client, team_user, phase1, tdp, other_tdp, tmp_path
):
    c = client_for(client, team_user)
    upload(c, workbook(tmp_path, [row("8", "801", "Người Mới", cccd="015080000555")]), phase1)
    assert "Xác nhận ghi vào sổ" in c.get(CONFIRM).content.decode()
    # Meanwhile the office records this CCCD for someone in TDP 9.
    elsewhere = Household.objects.create(tdp=other_tdp, code="901")
    Resident.objects.create(
        household=elsewhere, full_name="Ở Tổ Chín", birth_date="1980-01-01", cccd="015080000555"
    )
    before = register_state()
    response = c.post(CONFIRM, {"token": c.session[SESSION_KEY]["token"]})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Dòng 2, cột Số CCCD: người có số CCCD này đang thuộc một hộ của tổ dân phố khác" in html
    )
    assert "Ở Tổ Chín" not in html
    assert register_state() == before


def test_confirm_with_a_stale_token_writes_nothing(client, office_user, phase1, tdp, tmp_path):
    c = client_for(client, office_user)
    upload(c, workbook(tmp_path, [row()]), phase1)
    response = c.post(CONFIRM, {"token": "another"})
    assert response.status_code == 302 and response.url == CONFIRM
    assert Resident.objects.count() == 0


def test_confirm_without_upload_goes_back_to_upload(client, office_user, phase1):
    response = client_for(client, office_user).get(CONFIRM)
    assert response.status_code == 302 and response.url == UPLOAD


def test_upload_page_query_count_is_constant(
    client, office_user, phase1, django_assert_max_num_queries
):
    c = client_for(client, office_user)
    with django_assert_max_num_queries(8):
        assert c.get(UPLOAD).status_code == 200


# --- template workbook -----------------------------------------------------------------


def test_template_workbook_reads_back_with_headers_and_legend(client, office_user, phase1):
    response = client_for(client, office_user).get(TEMPLATE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Danh sách", "Tiêu chí"]
    sheet = wb["Danh sách"]
    assert [c.value for c in sheet[1]] == list(HEADERS)
    assert len(HEADERS) == 17
    example = [c.value for c in sheet[2]]
    assert example[0] == "8" and example[3] == "Nguyễn Văn Ví Dụ"
    legend = wb["Tiêu chí"]
    values = [(r[0].value, r[1].value) for r in legend.iter_rows(min_row=2) if len(r) > 1]
    assert values[:10] == [(f"TC{i}", text) for i, text in enumerate(CRITERIA_TEXT, start=1)]
    notes = [b for _, b in values]
    for note in SCORING_NOTES:
        assert note in notes


# --- the command -----------------------------------------------------------------------


def test_command_imports_and_prints_a_summary(tmp_path, phase1, tdp, capsys):
    path = workbook(
        tmp_path, [row(cccd="999080000001"), row(code="002", name="B", tcs=("",) * 10)]
    )
    call_command("import_roster", str(path), campaign="2022", phase=1)
    out = capsys.readouterr().out
    assert "Đã ghi hộ gia đình: 2 thêm mới, 0 cập nhật." in out
    assert "Đã ghi nhân khẩu: 2 thêm mới, 0 cập nhật, 0 không đổi." in out
    assert "Đã ghi phiếu tự chấm (bước 1): 1 thêm mới" in out
    assert "Cảnh báo — Dòng 2, cột Số CCCD: Mã tỉnh 999" in out
    assert Resident.objects.count() == 2


def test_command_dry_run_writes_nothing(tmp_path, phase1, tdp, capsys):
    before = register_state()
    call_command(
        "import_roster", str(workbook(tmp_path, [row()])), "--dry-run", campaign="2022", phase=1
    )
    out = capsys.readouterr().out
    assert "Sẽ ghi nhân khẩu: 1 thêm mới" in out and "--dry-run" in out
    assert register_state() == before


@pytest.mark.parametrize("dry_run", [False, True])
def test_command_lists_every_error_and_exits_non_zero(tmp_path, phase1, tdp, capsys, dry_run):
    path = workbook(tmp_path, [row(name=""), row(tdp="13"), row(birth="31/02/1990")])
    before = register_state()
    args = [str(path), "--campaign", "2022", "--phase", "1"] + (["--dry-run"] if dry_run else [])
    with pytest.raises(CommandError, match="Tệp có 3 lỗi: không ghi gì"):
        call_command("import_roster", *args)
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "Dòng 2, cột Họ và tên: họ và tên không được để trống.",
        "Dòng 3, cột Tổ dân phố: không có tổ dân phố “13” trong phường (các tổ: 1, 2, 3, 4, 5, "
        "6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 18).",
        "Dòng 4, cột Ngày sinh: ngày “31/02/1990” không tồn tại.",
    ]
    assert register_state() == before


def test_command_exit_status_via_manage_py(tmp_path, phase1, tdp):
    """Exit status seen by a script (CommandError → 1)."""
    path = workbook(tmp_path, [row(name="")])
    with pytest.raises(SystemExit) as exc:
        from django.core.management import execute_from_command_line

        execute_from_command_line(
            ["manage.py", "import_roster", str(path), "--campaign", "2022", "--phase", "1"]
        )
    assert exc.value.code == 1


def test_command_unknown_phase_or_file(tmp_path, ward):
    with pytest.raises(CommandError, match="Không có giai đoạn 3 của đợt thi đua 2022"):
        call_command("import_roster", str(workbook(tmp_path, [row()])), campaign="2022", phase=3)
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_roster", str(tmp_path / "khong-co.xlsx"), campaign="2022", phase=1)


def test_filled_in_template_imports(tmp_path, phase1, tdp):
    """The template as people use it: example row replaced, zeros kept by the text format."""
    from scoring.importing import build_template_workbook, import_roster

    wb = openpyxl.load_workbook(io.BytesIO(build_template_workbook()))
    ws = wb["Danh sách"]
    for column, value in enumerate(row("Tổ 8", "007", "Đinh Thị Mẫu", "09/09/1979", sex="Nữ"), 1):
        ws.cell(row=2, column=column).value = value
    path = tmp_path / "mau-da-dien.xlsx"
    wb.save(path)
    report = import_roster(path, phase=phase1)
    assert report.ok, report.error_lines()
    assert report.rows == 1
    assert Resident.objects.get().household.code == "007"


def test_registered_browser_guard_refuses_rows_with_its_reason(
    client, team_user, phase1, tdp, tmp_path, monkeypatch
):
    """R12 limits (awards.procedure) plug in through scoring.importing.guards."""
    from scoring.importing import guards

    seen = []

    def closed_step1(user, phase):
        seen.append((user, phase))
        return lambda t: f"Bước 1 của {t.name} đã đóng ngày 04/09/2022." if t.code == "8" else None

    monkeypatch.setattr(guards, "_factories", [])
    guards.register_browser_guard(closed_step1)
    c = client_for(client, team_user)
    upload(c, workbook(tmp_path, [row("8", "801", "Của Tổ Tám")]), phase1)
    html = c.get(CONFIRM).content.decode()
    assert "Dòng 2, cột Tổ dân phố: bước 1 của Tổ dân phố số 8 đã đóng ngày 04/09/2022." in html
    assert seen == [(team_user, phase1)]
    c.post(CONFIRM, {"token": c.session[SESSION_KEY]["token"]})
    assert Resident.objects.count() == 0


def test_uploads_wait_outside_tmp_and_go_once_imported_or_abandoned(settings, tmp_path):
    """Issue 8: uploads lingered 24 h in /tmp/dongtam-imports."""
    import os
    import time

    from scoring.importing import uploads

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROSTER_IMPORT_DIR = None  # the default, which the tests' fixture overrides
    folder = uploads.upload_dir()
    assert folder == tmp_path / "media" / "imports" and not str(folder).startswith("/tmp/dong")
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    abandoned = folder / "old.xlsx"
    abandoned.write_bytes(b"x")
    old = time.time() - uploads.STALE_SECONDS - 60
    os.utime(abandoned, (old, old))
    uploads._remove_stale_uploads(folder)
    assert not abandoned.exists()


def test_the_preview_lists_the_first_problems_then_counts_the_rest(
    client, office_user, phase1, tdp, tmp_path, settings
):
    """Issue 8: every error was listed (a 649 MB page for a bomb)."""
    settings.ROSTER_MAX_ERRORS_SHOWN = 3
    path = workbook(tmp_path, [row(code=f"{i:03}", birth="không rõ") for i in range(8)])
    client.force_login(office_user)
    with path.open("rb") as f:
        client.post(reverse("import_roster_upload"), {"phase": phase1.pk, "file": f})
    page = client.get(reverse("import_roster_confirm")).content.decode()
    assert "Tệp có 8 lỗi" in page
    assert page.count("không phải là ngày") == 3 and "… và 5 lỗi khác." in page
