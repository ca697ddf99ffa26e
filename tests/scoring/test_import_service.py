"""Roster and self-assessment workbook import (INTERFACES.md): the service.

Workbooks are built with openpyxl, as people make them in Excel; every bad file must leave
the register exactly as it was (all or nothing) and name row and column in Vietnamese."""

import datetime
import unicodedata

import openpyxl
import pytest

from households.models import Household, Resident
from scoring.importing import HEADERS, import_roster
from scoring.models import CRITERIA, Assessment, Phase

HEADER = list(HEADERS)
ALL = ("x",) * 10
NONE = ("",) * 10


def row(
    tdp="8",
    code="001",
    name="Nguyễn Văn An",
    birth="17/05/1980",
    *,
    head="",
    sex="Nam",
    cccd="",
    tcs=ALL,
):
    return [tdp, code, head, name, birth, sex, cccd, *tcs]


def workbook(tmp_path, rows, header=HEADER, name="danh-sach.xlsx"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    path = tmp_path / name
    wb.save(path)
    return path


def register_state():
    """Everything the import may write, to compare before and after a refused file."""
    return (
        sorted(Household.objects.values_list("code", "tdp__code", "head__full_name")),
        sorted(
            Resident.objects.values_list(
                "household__code", "full_name", "birth_date", "sex", "cccd", "status"
            )
        ),
        sorted(
            Assessment.objects.values_list(
                "resident__full_name", "phase_id", "stage", "recorded_at", *CRITERIA
            )
        ),
        Resident.history.count(),
        Household.history.count(),
        Assessment.history.count(),
    )


def resident(name):
    return Resident.objects.select_related("household__tdp").get(full_name=name)


def criteria_of(name, phase):
    a = Assessment.objects.get(resident__full_name=name, phase=phase, stage=1)
    return a.criteria


# --- a good file -------------------------------------------------------------------------


def test_good_file_creates_exactly_what_it_should(tmp_path, phase1, tdp, other_tdp):
    nfd_name = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    path = workbook(
        tmp_path,
        [
            row(
                "8",
                "007",
                "Trần Văn Bình",
                datetime.date(1970, 1, 2),
                head="x",
                cccd="015070000001",
            ),
            row("08", "007", nfd_name, "03/04/1975", sex="Nữ", tcs=("x",) * 9 + ("",)),
            row("Tổ 8", "007", "Trần Văn Con", "05/06/2012", sex="Nam", tcs=NONE),
            # "7" is another household than "007"; a number cell means its digits.
            row(
                9,
                7,
                "Lê Văn Bảy",
                datetime.datetime(1960, 7, 7),
                tcs=("1", "Có", True, 1, "TRUE", "0", "Không", False, 0, ""),
            ),
            row(
                "Tổ dân phố số 9", 12.0, "Phạm Thị Mười Hai", "1/2/1990", sex="nữ", tcs=("0",) * 10
            ),
        ],
    )
    report = import_roster(path, phase=phase1, filename=path.name)
    assert report.ok, report.error_lines()
    assert report.saved
    assert (report.households_created, report.residents_created) == (3, 5)
    assert (report.assessments_created, report.rows_without_assessment) == (4, 1)

    codes = dict(Household.objects.values_list("code", "tdp__code"))
    assert codes == {"007": "8", "7": "9", "12": "9"}
    h007 = Household.objects.get(code="007")
    assert h007.head.full_name == "Trần Văn Bình"  # marked x
    assert Household.objects.get(code="7").head.full_name == "Lê Văn Bảy"

    anh = Resident.objects.get(household=h007, sex="F")
    assert anh.full_name == "Nguyễn Thị Ánh"  # stored NFC
    assert unicodedata.is_normalized("NFC", anh.full_name)
    assert anh.birth_date == datetime.date(1975, 4, 3)
    assert resident("Trần Văn Bình").cccd == "015070000001"
    assert resident("Lê Văn Bảy").birth_date == datetime.date(1960, 7, 7)
    assert resident("Phạm Thị Mười Hai").sex == "F"

    assert criteria_of("Trần Văn Bình", phase1) == (True,) * 10
    assert criteria_of("Nguyễn Thị Ánh", phase1) == (True,) * 9 + (False,)
    assert criteria_of("Lê Văn Bảy", phase1) == (True,) * 5 + (False,) * 5
    # Ten "0" cells are recorded: an assessment scoring 0 (R2), unlike ten empty cells.
    assert criteria_of("Phạm Thị Mười Hai", phase1) == (False,) * 10
    assert not Assessment.objects.filter(resident__full_name="Trần Văn Con").exists()
    assert Assessment.objects.filter(stage=Assessment.Stage.SELF, phase=phase1).count() == 4
    # Every write keeps who, when and why (R10).
    assert Resident.history.filter(history_type="+").count() == 5


def test_head_defaults_to_oldest_member_ties_by_file_order(tmp_path, phase1, tdp):
    path = workbook(
        tmp_path,
        [
            row("8", "A1", "Em Út", "01/01/2000"),
            row("8", "A1", "Anh Cả", "01/01/1950"),
            row("8", "A1", "Chị Hai", "01/01/1950"),
            row("8", "B2", "Người Sau", "01/01/1960"),
            row("8", "B2", "Người Trước", "01/01/1960"),
        ],
    )
    assert import_roster(path, phase=phase1).ok
    assert Household.objects.get(code="A1").head.full_name == "Anh Cả"
    assert Household.objects.get(code="B2").head.full_name == "Người Sau"


def test_existing_head_is_kept_unless_a_row_marks_another(tmp_path, phase1, tdp):
    assert import_roster(
        workbook(
            tmp_path,
            [
                row(code="H", name="Ông", birth="01/01/1940"),
                row(code="H", name="Con", birth="01/01/1970"),
            ],
        ),
        phase=phase1,
    ).ok
    assert Household.objects.get(code="H").head.full_name == "Ông"
    # A new, older member does not displace a head already recorded.
    assert import_roster(
        workbook(tmp_path, [row(code="H", name="Cụ", birth="01/01/1920")], name="b.xlsx"),
        phase=phase1,
    ).ok
    assert Household.objects.get(code="H").head.full_name == "Ông"
    # A mark does.
    report = import_roster(
        workbook(
            tmp_path, [row(code="H", name="Con", birth="01/01/1970", head="x")], name="c.xlsx"
        ),
        phase=phase1,
    )
    assert report.ok and report.households_updated == 1
    assert Household.objects.get(code="H").head.full_name == "Con"


# --- re-import -----------------------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(tmp_path, phase1, tdp):
    rows = [
        row(code="001", name="A", cccd="015080000001"),
        row(code="001", name="B", birth="02/02/1982"),
    ]
    path = workbook(tmp_path, rows)
    assert import_roster(path, phase=phase1).ok
    before = register_state()
    report = import_roster(path, phase=phase1)
    assert report.ok
    assert (report.residents_created, report.residents_updated, report.residents_unchanged) == (
        0,
        0,
        2,
    )
    assert (report.assessments_created, report.assessments_updated) == (0, 0)
    assert register_state() == before


def test_reimport_updates_moves_corrects_and_keeps(tmp_path, phase1, phase2, tdp, other_tdp):
    first = workbook(
        tmp_path,
        [
            row("8", "001", "Nguyễn Văn Chuyển", "01/01/1970", head="x", cccd="015070000011"),
            row("8", "001", "Nguyễn Thị Ở", "01/01/1972", sex="Nữ"),
            row("8", "002", "Lê Văn Sai Ngày", "01/01/1980", cccd="015080000022"),
            row("8", "003", "Hoàng Văn Vắng", "01/01/1965"),
        ],
        name="lan1.xlsx",
    )
    assert import_roster(first, phase=phase1).ok
    residents_before = Resident.objects.count()
    second = workbook(
        tmp_path,
        [
            # Same CCCD, other household code: moves to household 004 of TDP 9.
            row("9", "004", "Nguyễn Văn Chuyển", "01/01/1970", cccd="015070000011"),
            # Same household, name (other case) and birth date; TC cells all empty: the
            # phase-1 self-assessment stays as it was (R2).
            row("8", "001", "NGUYỄN THỊ Ở", "01/01/1972", tcs=NONE),
            # Corrected birth date: only the CCCD can find this person again.
            row(
                "8",
                "002",
                "Lê Văn Sai Ngày",
                "15/06/1981",
                cccd="015080000022",
                tcs=("x",) * 8 + ("", ""),
            ),
        ],
        name="lan2.xlsx",
    )
    report = import_roster(second, phase=phase1)
    assert report.ok, report.error_lines()
    assert Resident.objects.count() == residents_before  # never duplicates, never removes
    moved = resident("Nguyễn Văn Chuyển")
    assert (moved.household.code, moved.household.tdp.code) == ("004", "9")
    assert Household.objects.get(code="004").head == moved
    # Household 001 lost its head: its oldest remaining member takes over.
    assert Household.objects.get(code="001").head.full_name == "NGUYỄN THỊ Ở"
    assert criteria_of("NGUYỄN THỊ Ở", phase1) == (True,) * 10
    corrected = resident("Lê Văn Sai Ngày")
    assert corrected.birth_date == datetime.date(1981, 6, 15)
    assert criteria_of("Lê Văn Sai Ngày", phase1) == (True,) * 8 + (False, False)
    assert resident("Hoàng Văn Vắng").status == Resident.Status.ACTIVE  # missing ≠ removed
    assert report.residents_updated == 3 and report.assessments_kept == 1
    assert report.assessments_updated == 1
    # The phase-2 file does not touch phase 1 (R11: never backwards).
    third = workbook(
        tmp_path,
        [row("8", "002", "Lê Văn Sai Ngày", "15/06/1981", cccd="015080000022")],
        name="gd2.xlsx",
    )
    assert import_roster(third, phase=phase2).ok
    assert criteria_of("Lê Văn Sai Ngày", phase1) == (True,) * 8 + (False, False)
    assert criteria_of("Lê Văn Sai Ngày", phase2) == (True,) * 10


def test_matched_resident_keeps_recorded_values_for_empty_optional_cells(tmp_path, phase1, tdp):
    assert import_roster(
        workbook(tmp_path, [row(name="Có Số", cccd="015080000033", sex="Nam")]), phase=phase1
    ).ok
    report = import_roster(
        workbook(tmp_path, [row(name="Có Số", cccd="", sex="")], name="b.xlsx"), phase=phase1
    )
    assert report.ok and report.residents_unchanged == 1
    r = resident("Có Số")
    assert (r.cccd, r.sex) == ("015080000033", "M")


# --- bad files: nothing written, row and column named -------------------------------------


@pytest.fixture
def seeded(tmp_path, phase1, tdp, other_tdp):
    """A register that already holds one import, so "unchanged" means something."""
    path = workbook(
        tmp_path, [row(code="SEED", name="Người Có Sẵn", cccd="015080000099")], name="seed.xlsx"
    )
    assert import_roster(path, phase=phase1).ok
    return register_state()


BAD_FILES = {
    "missing column": (
        [h for h in HEADER if h != "Ngày sinh"],
        [row()[:4] + row()[5:]],
        "Dòng 1, cột Ngày sinh: thiếu cột bắt buộc “Ngày sinh” trong dòng tiêu đề.",
    ),
    "impossible date": (
        HEADER,
        [row(name="Đúng"), row(name="Sai", birth="31/02/1990")],
        "Dòng 3, cột Ngày sinh: ngày “31/02/1990” không tồn tại.",
    ),
    "future birth date": (
        HEADER,
        [row(birth="01/01/2999")],
        "Dòng 2, cột Ngày sinh: ngày sinh 01/01/2999 ở tương lai.",
    ),
    "not a date": (
        HEADER,
        [row(birth="năm 1980")],
        "Dòng 2, cột Ngày sinh: “năm 1980” không phải là ngày",
    ),
    "unknown TDP": (
        HEADER,
        [row(tdp="Tổ 13")],
        "Dòng 2, cột Tổ dân phố: không có tổ dân phố “Tổ 13”",
    ),
    "bad TC value": (
        HEADER,
        [row(tcs=("x", "x", "x", "có lẽ", *("x",) * 6))],
        "Dòng 2, cột TC4: giá trị “có lẽ” không hợp lệ",
    ),
    "bad CCCD": (
        HEADER,
        [row(cccd="01508000001")],
        "Dòng 2, cột Số CCCD: số CCCD “01508000001” phải gồm đúng 12 chữ số",
    ),
    "CCCD as a number lost its zero": (
        HEADER,
        [row(cccd=15080000001)],
        "Dòng 2, cột Số CCCD: số CCCD “15080000001” phải gồm đúng 12 chữ số (ô kiểu số",
    ),
    "duplicated CCCD": (
        HEADER,
        [row(name="Một", cccd="015080000123"), row(name="Hai", cccd="015080000123")],
        "Dòng 3, cột Số CCCD: số CCCD 015080000123 trùng với dòng 2.",
    ),
    "empty name": (
        HEADER,
        [row(name="   ")],
        "Dòng 2, cột Họ và tên: họ và tên không được để trống.",
    ),
    "bad sex": (
        HEADER,
        [row(sex="Trai")],
        "Dòng 2, cột Giới tính: “Trai” không hợp lệ: ghi Nam hoặc Nữ.",
    ),
    "household under two TDPs": (
        HEADER,
        [row("8", "050", "Một"), row("9", "050", "Hai")],
        "Dòng 3, cột Tổ dân phố: mã hộ “050” đã ghi thuộc tổ dân phố 8 ở dòng 2",
    ),
    "two heads": (
        HEADER,
        [row(code="060", name="Một", head="x"), row(code="060", name="Hai", head="x")],
        "Dòng 3, cột Chủ hộ: hộ “060” đã đánh dấu chủ hộ ở dòng 2",
    ),
    "same person twice": (
        HEADER,
        [row(code="070", name="Trùng"), row(code="070", name="trùng")],
        "Dòng 3, cột Họ và tên: trùng với dòng 2",
    ),
    "no empty cell for the household": (
        HEADER,
        [row(code="")],
        "Dòng 2, cột Mã hộ: chưa ghi mã hộ.",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_file_writes_nothing_and_names_row_and_column(case, tmp_path, phase1, seeded):
    header, rows, expected = BAD_FILES[case]
    path = workbook(tmp_path, rows, header=header)
    report = import_roster(path, phase=phase1)
    assert not report.ok and not report.saved
    assert any(line.startswith(expected) for line in report.error_lines()), report.error_lines()
    assert register_state() == seeded


def test_every_problem_of_a_file_is_listed(tmp_path, phase1, seeded):
    path = workbook(
        tmp_path,
        [row(tdp="99", name="", birth="31/02/1990", cccd="123", tcs=("maybe",) + ("",) * 9)],
    )
    lines = import_roster(path, phase=phase1).error_lines()
    assert [line.split(":")[0] for line in lines] == [
        "Dòng 2, cột Tổ dân phố",
        "Dòng 2, cột Họ và tên",
        "Dòng 2, cột Ngày sinh",
        "Dòng 2, cột Số CCCD",
        "Dòng 2, cột TC1",
    ]
    assert register_state() == seeded


def test_not_a_workbook_is_one_clear_line(tmp_path, phase1, seeded):
    path = tmp_path / "danh-sach.xlsx"
    path.write_text("Họ và tên,Ngày sinh\nA,01/01/1980\n", encoding="utf-8")
    lines = import_roster(path, phase=phase1, filename=path.name).error_lines()
    assert len(lines) == 1
    assert lines[0].startswith("Tệp “danh-sach.xlsx” không phải là bảng tính Excel")
    assert register_state() == seeded


@pytest.mark.parametrize("rows", [[], [["", "", ""]]], ids=["header only", "blank rows"])
def test_no_data_rows_is_one_clear_line(rows, tmp_path, phase1, seeded):
    lines = import_roster(workbook(tmp_path, rows), phase=phase1).error_lines()
    assert lines == [
        "Tệp không có dòng dữ liệu nào: dòng 1 là tiêu đề cột, mỗi nhân khẩu một dòng từ dòng 2."
    ]
    assert register_state() == seeded


def test_empty_workbook_is_one_clear_line(tmp_path, phase1, seeded):
    path = tmp_path / "trong.xlsx"
    openpyxl.Workbook().save(path)
    assert len(import_roster(path, phase=phase1).error_lines()) == 1
    assert register_state() == seeded


def test_one_bad_row_at_the_end_of_a_long_file(tmp_path, phase1, seeded):
    rows = [
        row(
            str(1 + (i // 4) % 12),
            f"H{i // 4:04d}",
            f"Người Số {i}",
            datetime.date(1950 + i % 50, 1 + i % 12, 1 + i % 28),
        )
        for i in range(1999)
    ]
    rows.append(row("8", "H9999", "Người Cuối", "30/02/1985"))
    report = import_roster(workbook(tmp_path, rows), phase=phase1)
    assert report.error_lines() == ["Dòng 2001, cột Ngày sinh: ngày “30/02/1985” không tồn tại."]
    assert register_state() == seeded


def test_template_example_row_left_in_is_refused(tmp_path, phase1, seeded):
    from scoring.importing.template import EXAMPLE_ROW

    lines = import_roster(workbook(tmp_path, [list(EXAMPLE_ROW)]), phase=phase1).error_lines()
    assert lines == ["Dòng 2, cột Mã hộ: đây là dòng ví dụ của tệp mẫu; hãy xóa dòng này."]


# --- warnings, headers, scope, dry run, queries -------------------------------------------


def test_cccd_warnings_are_shown_but_do_not_block(tmp_path, phase1, tdp):
    # Province 999 does not exist; the 4th digit says female, the row says Nam.
    path = workbook(tmp_path, [row(cccd="999180000001", sex="Nam", birth="01/01/1980")])
    report = import_roster(path, phase=phase1)
    assert report.ok and report.saved
    warnings = report.warning_lines()
    assert "Dòng 2, cột Số CCCD: Mã tỉnh 999 trong số CCCD không có trong danh mục." in warnings
    assert "Dòng 2, cột Số CCCD: Chữ số thứ 4 của số CCCD không khớp với giới tính." in warnings
    assert Resident.objects.get().cccd == "999180000001"


def test_headers_match_after_trimming_case_and_nfc_in_any_order(tmp_path, phase1, tdp):
    header = [
        "  NGÀY SINH ",
        unicodedata.normalize("NFD", "họ và tên"),
        "mã hộ",
        "TỔ DÂN PHỐ",
        "Ghi chú",
    ]
    path = workbook(
        tmp_path, [["01/01/1980", "Đặng Văn Cột", "K1", "8", "không đọc"]], header=header
    )
    report = import_roster(path, phase=phase1)
    assert report.ok, report.error_lines()
    assert resident("Đặng Văn Cột").household.code == "K1"
    assert report.rows_without_assessment == 1


def test_duplicate_header_is_reported_on_row_1(tmp_path, phase1, seeded):
    path = workbook(tmp_path, [row() + ["x"]], header=HEADER + ["tc1"])
    assert "Dòng 1, cột TC1: cột này xuất hiện hai lần trong dòng tiêu đề; hãy giữ một cột." in (
        import_roster(path, phase=phase1).error_lines()
    )
    assert register_state() == seeded


def test_tdp_scope_refuses_rows_of_other_tdps(tmp_path, phase1, tdp, other_tdp, seeded):
    path = workbook(tmp_path, [row("8", "101", "Của Tổ 8"), row("9", "102", "Của Tổ 9")])
    report = import_roster(path, phase=phase1, allowed_tdp_ids={tdp.id})
    assert report.error_lines() == [
        "Dòng 3, cột Tổ dân phố: dòng này thuộc tổ dân phố 9; tài khoản của bạn chỉ được nhập "
        "cho tổ dân phố 8."
    ]
    assert register_state() == seeded


def test_tdp_scope_refuses_moving_someone_from_another_tdp(tmp_path, phase1, tdp, other_tdp):
    assert import_roster(
        workbook(tmp_path, [row("9", "900", "Ở Tổ 9", cccd="015080000777")]), phase=phase1
    ).ok
    before = register_state()
    path = workbook(tmp_path, [row("8", "800", "Ở Tổ 9", cccd="015080000777")], name="b.xlsx")
    lines = import_roster(path, phase=phase1, allowed_tdp_ids={tdp.id}).error_lines()
    assert len(lines) == 1 and lines[0].startswith("Dòng 2, cột Số CCCD: người có số CCCD này")
    assert "900" not in lines[0]  # a TDP team does not learn other TDPs' households
    path = workbook(tmp_path, [row("8", "900", "Khác")], name="c.xlsx")
    lines = import_roster(path, phase=phase1, allowed_tdp_ids={tdp.id}).error_lines()
    assert lines[0].startswith("Dòng 2, cột Mã hộ: mã hộ “900” đã được dùng cho một hộ của tổ")
    assert register_state() == before


def test_office_moving_a_household_to_another_tdp_is_a_warning(tmp_path, phase1, tdp, other_tdp):
    assert import_roster(workbook(tmp_path, [row("9", "900", "Hộ Chuyển")]), phase=phase1).ok
    report = import_roster(
        workbook(tmp_path, [row("8", "900", "Hộ Chuyển")], name="b.xlsx"), phase=phase1
    )
    assert report.ok
    assert (
        "Dòng 2, cột Tổ dân phố: hộ “900” sẽ chuyển từ tổ dân phố 9 sang tổ dân phố 8."
        in report.warning_lines()
    )
    assert Household.objects.get(code="900").tdp == tdp


def test_dry_run_writes_nothing_but_reports_the_plan(tmp_path, phase1, seeded):
    path = workbook(tmp_path, [row(code="D1", name="Chạy Thử")])
    report = import_roster(path, phase=phase1, dry_run=True)
    assert report.ok and not report.saved
    assert (report.households_created, report.residents_created, report.assessments_created) == (
        1,
        1,
        1,
    )
    assert register_state() == seeded


def test_minor_with_assessment_is_a_warning(tmp_path, phase1, tdp):
    report = import_roster(workbook(tmp_path, [row(birth="01/09/2004")]), phase=phase1)
    assert report.ok
    assert report.warning_lines() == [
        "Dòng 2, cột Ngày sinh: chưa đủ 18 tuổi vào ngày chốt số liệu 31/08/2022: phiếu tự chấm "
        "được lưu nhưng không được tính."
    ]


def test_query_count_does_not_grow_with_rows(tmp_path, phase1, tdp, django_assert_num_queries):
    """Reads: TDPs, households, residents, assessments; then one insert per table and its
    history table (executemany), one update for heads, one new version of the TDPs' figures
    (scoring/cache.py) — in a savepoint: 14 queries for 5 or 40 rows."""
    phase = Phase.objects.select_related("campaign__ward").get(pk=phase1.pk)
    for n, prefix in ((5, "S"), (40, "L")):
        rows = [
            row("8", f"{prefix}{i // 3}", f"Người {prefix} {i}", f"0{1 + i % 9}/01/1980")
            for i in range(n)
        ]
        path = workbook(tmp_path, rows, name=f"{prefix}.xlsx")
        with django_assert_num_queries(14):
            assert import_roster(path, phase=phase).ok


def test_every_write_keeps_who_when_and_why(tmp_path, phase1, tdp, office_user):
    """R10: history rows for creations and changes, with the user and the file named."""
    first = workbook(
        tmp_path, [row(code="W1", name="Lịch Sử", cccd="015080000444")], name="a.xlsx"
    )
    assert import_roster(first, phase=phase1, user=office_user, filename="a.xlsx").ok
    person = resident("Lịch Sử")
    created = person.history.get()
    assert created.history_type == "+" and created.history_user == office_user
    assert created.history_change_reason.endswith("từ tệp a.xlsx")
    household = Household.objects.get(code="W1")
    assert household.history.get().head_id == person.id  # recorded with its head
    second = workbook(
        tmp_path,
        [row(code="W2", name="Lịch Sử", cccd="015080000444", tcs=("x",) * 9 + ("",))],
        name="b.xlsx",
    )
    assert import_roster(second, phase=phase1, user=office_user, filename="b.xlsx").ok
    latest = person.history.order_by("-history_id").first()
    assert latest.history_type == "~" and latest.household_id != household.id
    assessment = Assessment.objects.get(resident=person, phase=phase1)
    changes = assessment.history.order_by("history_id")
    assert [h.history_type for h in changes] == ["+", "~"]
    assert changes.last().tc10 is False and changes.first().tc10 is True
    assert Household.objects.get(code="W1").head is None  # no member left
    assert Household.objects.get(code="W1").history.order_by("-history_id").first().head_id is None


def _write_ods(path, rows):
    """A minimal OpenDocument spreadsheet (text cells), as LibreOffice users send."""
    import zipfile
    from xml.sax.saxutils import escape

    body = "".join(
        "<table:table-row>"
        + "".join(
            '<table:table-cell office:value-type="string">'
            f"<text:p>{escape(str(v))}</text:p></table:table-cell>"
            for v in r
        )
        + "</table:table-row>"
        for r in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Danh sách">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)
    return path


def test_opendocument_spreadsheet_is_read_too(tmp_path, phase1, tdp):
    path = _write_ods(
        tmp_path / "danh-sach.ods",
        [HEADER, row("Tổ 8", "007", "Vũ Thị Ods", "12/12/1982", sex="Nữ", tcs=("Có",) * 10)],
    )
    report = import_roster(path, phase=phase1)
    assert report.ok, report.error_lines()
    assert resident("Vũ Thị Ods").household.code == "007"
    assert criteria_of("Vũ Thị Ods", phase1) == (True,) * 10


def test_cccd_of_someone_else_matches_that_person_with_a_warning(tmp_path, phase1, tdp):
    assert import_roster(
        workbook(tmp_path, [row(code="C1", name="Ngô Văn Thật", cccd="015080000888")]),
        phase=phase1,
    ).ok
    path = workbook(
        tmp_path, [row(code="C2", name="Ngô Văn Khác", cccd="015080000888")], name="b.xlsx"
    )
    report = import_roster(path, phase=phase1)
    assert report.ok
    assert report.warning_lines() == [
        "Dòng 2, cột Số CCCD: số CCCD này đang ghi cho Ngô Văn Thật (hộ C1); cùng một người nên "
        "họ tên sẽ được sửa thành Ngô Văn Khác — kiểm tra lại nếu gõ nhầm số."
    ]
    assert Resident.objects.get().full_name == "Ngô Văn Khác"
    assert report.residents_created == 0 and report.residents_updated == 1
