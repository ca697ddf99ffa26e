"""`manage.py standings` — INTERFACES.md "Standings": the JSON document exactly, csv and xlsx
read back, errors in Vietnamese with a non-zero exit."""

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from households.models import ResidentialGroup, Ward
from scoring.models import Campaign, Phase
from scoring.snapshots import freeze
from tests.scoring.standings_data import ratio_tdp
from tests.support import ADULT, ALL_MET, CHILD, EIGHT_MET, make_household

TDP_KEYS = [
    "code",
    "name",
    "residents",
    "eligible_residents",
    "digital_citizens",
    "unscored_residents",
    "households",
    "eligible_households",
    "digital_households",
    "ratio_percent",
    "digital_tdp",
    "meets_award_threshold",
    "rank",
    "award",
]
ALL_CODES = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "14", "15", "16", "18"]


def run(*args) -> str:
    out = io.StringIO()
    call_command("standings", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_bytes(*args) -> bytes:
    out = io.BytesIO()
    call_command("standings", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def scored(phase1, tdp, other_tdp):
    """TDP 8: 17 of 20 digital families (85 %) plus a household of minors and one "007"
    with two digital adults; TDP 9: 1 of 2."""
    ratio_tdp(tdp, phase1, 16, 19)
    make_household(tdp, "007", [(ADULT, ALL_MET), (ADULT, ALL_MET)], phase1)
    make_household(tdp, "008", [(CHILD, None)], phase1)
    make_household(other_tdp, "101", [(ADULT, ALL_MET), (ADULT, None)], phase1)
    make_household(other_tdp, "102", [(ADULT, ALL_MET)], phase1)
    make_household(other_tdp, "103", [(ADULT, EIGHT_MET)], phase1)


def test_json_document_shape_exactly(scored):
    doc = json.loads(run("--campaign", "2022", "--phase", "1", "--format", "json"))
    assert list(doc) == [
        "campaign",
        "phase",
        "reference_date",
        "award_threshold_percent",
        "tdps",
        "award_tdps",
        "award_tie",
    ]
    assert doc["campaign"] == "2022" and doc["phase"] == 1
    assert doc["reference_date"] == "2022-08-31"
    assert doc["award_threshold_percent"] == "85"
    assert [t["code"] for t in doc["tdps"]] == ["8", "9"] + [
        c for c in ALL_CODES if c not in ("8", "9")
    ]
    for t in doc["tdps"]:
        assert list(t) == TDP_KEYS  # no households_detail without --households
    t8, t9 = doc["tdps"][:2]
    assert t8 == {
        "code": "8",
        "name": "Tổ dân phố số 8",
        "residents": 22,
        "eligible_residents": 21,
        "digital_citizens": 18,
        "unscored_residents": 0,
        "households": 21,
        "eligible_households": 20,
        "digital_households": 17,
        "ratio_percent": "85.00",
        "digital_tdp": False,
        "meets_award_threshold": True,
        "rank": 1,
        "award": True,
    }
    assert t9["ratio_percent"] == "33.33" and t9["rank"] == 2 and t9["award"] is False
    assert t9["unscored_residents"] == 1
    unranked = doc["tdps"][2]
    assert unranked["code"] == "1" and unranked["ratio_percent"] is None
    assert unranked["rank"] is None and unranked["digital_tdp"] is False
    assert doc["award_tdps"] == ["8"] and doc["award_tie"] is False


def test_json_households_detail(scored):
    doc = json.loads(run("--campaign", "2022", "--phase", "1", "--households"))
    t8 = doc["tdps"][0]
    assert list(t8) == TDP_KEYS + ["households_detail"]
    detail = {h["code"]: h for h in t8["households_detail"]}
    assert detail["007"] == {
        "code": "007",
        "eligible_members": 2,
        "digital_members": 2,
        "digital_family": True,
    }
    assert detail["008"]["digital_family"] is None  # R3: not applicable
    assert len(detail) == 21
    assert all(t["households_detail"] == [] for t in doc["tdps"][2:])


def test_phase2_threshold_and_carry_forward(scored):
    doc = json.loads(run("--campaign", "2022", "--phase", "2"))
    assert doc["award_threshold_percent"] == "90" and doc["reference_date"] == "2022-10-31"
    assert doc["tdps"][0]["ratio_percent"] == "85.00"  # R11: phase-1 forms carried forward
    assert doc["award_tdps"] == [] and doc["award_tie"] is False


def test_json_is_utf8_on_stdout_without_escapes(tmp_path):
    """A real process: UTF-8 bytes on stdout whatever the locale, Vietnamese unescaped."""
    db = tmp_path / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "LANG": "C", "LC_ALL": "C"}
    env.pop("PYTHONIOENCODING", None)
    manage = [sys.executable, "manage.py"]
    root = Path(__file__).resolve().parents[2]
    subprocess.run([*manage, "migrate", "-v0"], cwd=root, env=env, check=True)
    subprocess.run([*manage, "loaddata", "dongtam", "-v0"], cwd=root, env=env, check=True)
    done = subprocess.run(
        [*manage, "standings", "--campaign", "2022", "--phase", "1"],
        cwd=root,
        env=env,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert "Tổ dân phố số 1".encode() in done.stdout
    assert b"\\u" not in done.stdout
    assert len(json.loads(done.stdout.decode("utf-8"))["tdps"]) == 16
    bad = subprocess.run(
        [*manage, "standings", "--campaign", "2031", "--phase", "1"],
        cwd=root,
        env=env,
        capture_output=True,
    )
    assert bad.returncode != 0 and bad.stdout == b""
    assert "Không có đợt thi đua năm 2031" in bad.stderr.decode("utf-8")


def test_output_file(scored, tmp_path):
    target = tmp_path / "xep-hang.json"
    assert run("--campaign", "2022", "--phase", "1", "--output", str(target)) == ""
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["award_tdps"] == ["8"]
    assert "Tổ dân phố số 8" in target.read_text(encoding="utf-8")


def test_csv_reads_back(scored, tmp_path):
    target = tmp_path / "xep-hang.csv"
    run("--campaign", "2022", "--phase", "1", "--format", "csv", "--output", str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows Vietnamese
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Xếp hạng", "Mã tổ", "Tổ dân phố"]
    assert "Tỷ lệ gia đình công dân số (%)" in rows[0]
    assert len(rows) == 17
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert first["Mã tổ"] == "8" and first["Xếp hạng"] == "1"
    assert first["Tỷ lệ gia đình công dân số (%)"] == "85,00"  # for people: decimal comma
    assert first["Hộ thuộc diện"] == "20" and first["Gia đình công dân số"] == "17"
    assert first["Đạt ngưỡng khen thưởng"] == "Có"
    assert first["Đề nghị khen thưởng"] == "Đề nghị khen thưởng"
    last = dict(zip(header, rows[-1], strict=True))
    assert last["Mã tổ"] == "18" and last["Xếp hạng"] == ""
    assert last["Tỷ lệ gia đình công dân số (%)"] == ""
    # same table on stdout
    assert run("--campaign", "2022", "--phase", "1", "--format", "csv").encode("utf-8") == raw
    assert run_bytes("--campaign", "2022", "--phase", "1", "--format", "csv") == raw


def test_xlsx_reads_back(scored, tmp_path):
    target = tmp_path / "xep-hang.xlsx"
    run(
        "--campaign", "2022", "--phase", "1", "--format", "xlsx", "--households",
        "--output", str(target),
    )  # fmt: skip
    wb = load_workbook(target)
    assert wb.sheetnames == ["Xếp hạng", "Hộ gia đình"]
    ws = wb["Xếp hạng"]
    header = [c.value for c in ws[1]]
    csv_path = tmp_path / "x.csv"
    run("--campaign", "2022", "--phase", "1", "--format", "csv", "--output", str(csv_path))
    csv_rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert header == csv_rows[0]  # the same table
    body = list(ws.iter_rows(min_row=2, max_row=17, values_only=True))
    for xrow, crow in zip(body, csv_rows[1:], strict=True):
        as_text = ["" if v is None else str(v) for v in xrow]
        if xrow[10] is not None:  # the ratio is a number cell, shown with two decimals
            as_text[10] = f"{xrow[10]:.2f}".replace(".", ",")
        assert as_text == crow
    first = dict(zip(header, body[0], strict=True))
    assert first["Tỷ lệ gia đình công dân số (%)"] == 85
    assert ws.cell(row=2, column=11).number_format == "0.00"
    totals = [c.value for c in ws[18]]
    assert totals[2] == "Toàn phường" and totals[8] == 23 and totals[9] == 18  # 20+3, 17+1
    hs = wb["Hộ gia đình"]
    assert [c.value for c in hs[1]] == [
        "Mã tổ",
        "Tổ dân phố",
        "Mã hộ",
        "Thành viên từ 18 tuổi",
        "Công dân số",
        "Gia đình công dân số",
    ]
    by_code = {r[2]: r for r in hs.iter_rows(min_row=2, values_only=True)}
    assert by_code["007"] == ("8", "Tổ dân phố số 8", "007", 2, 2, "Có")
    assert by_code["008"][5] == "Không thuộc diện"
    assert by_code["101"][5] == "Không"
    assert len(by_code) == 24


def test_xlsx_without_households_has_one_sheet_and_goes_to_stdout_bytes(scored):
    data = run_bytes("--campaign", "2022", "--phase", "1", "--format", "xlsx")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Xếp hạng"]


def test_tie_flagged(phase1, tdp, other_tdp, tmp_path):
    ratio_tdp(tdp, phase1, 9, 10)
    ratio_tdp(other_tdp, phase1, 18, 20)
    doc = json.loads(run("--campaign", "2022", "--phase", "1"))
    assert doc["award_tdps"] == ["8", "9"] and doc["award_tie"] is True
    target = tmp_path / "t.csv"
    run("--campaign", "2022", "--phase", "1", "--format", "csv", "--output", str(target))
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[1][-1] == rows[2][-1] == "Đề nghị khen thưởng (đồng hạng — trình Hội đồng xét)"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--campaign", "2023", "--phase", "1"], "Không có đợt thi đua năm 2023"),
        (["--campaign", "2022", "--phase", "3"], "không có giai đoạn 3 (các giai đoạn: 1, 2)"),
        (["--campaign", "hai", "--phase", "1"], "phải là số"),
        (["--campaign", "2022", "--phase", "1", "--ward", "xyz"], "Không có phường mã “xyz”"),
        (
            ["--campaign", "2022", "--phase", "1", "--format", "csv", "--households"],
            "chỉ có một bảng",
        ),
        (["--campaign", "2022", "--phase", "1", "--frozen"], "chưa được chốt"),
    ],
)
def test_errors(ward, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)


def test_ward_option_for_city_deployments(phase1, tdp):
    ratio_tdp(tdp, phase1, 1, 1)
    other = Ward.objects.create(code="a-first", name="Yên Ninh")  # sorts before "dong-tam"
    ResidentialGroup.objects.create(ward=other, code="1", name="Tổ dân phố số 1")
    c = Campaign.objects.create(ward=other, year=2022, name="Yên Ninh 2022")
    p = Phase.objects.get(pk=phase1.pk)
    p.pk, p.campaign = None, c
    p.save()
    mine = json.loads(run("--campaign", "2022", "--phase", "1", "--ward", "dong-tam"))
    assert len(mine["tdps"]) == 16 and mine["award_tdps"] == ["8"]
    theirs = json.loads(run("--campaign", "2022", "--phase", "1", "--ward", "a-first"))
    assert [t["code"] for t in theirs["tdps"]] == ["1"]
    out, err = io.StringIO(), io.StringIO()
    call_command("standings", "--campaign", "2022", "--phase", "1", stdout=out, stderr=err)
    assert [t["code"] for t in json.loads(out.getvalue())["tdps"]] == ["1"]  # first ward
    assert "nhiều phường có đợt thi đua năm 2022" in err.getvalue() and "--ward" in err.getvalue()
    with pytest.raises(CommandError, match="Phường Yên Ninh không có đợt thi đua năm 2021"):
        run("--campaign", "2021", "--phase", "1", "--ward", "a-first")


def test_frozen_option(phase1, tdp, tmp_path):
    ratio_tdp(tdp, phase1, 17, 20)
    freeze(phase1)
    ratio_tdp(tdp, phase1, 0, 20, prefix="late-")
    live = json.loads(run("--campaign", "2022", "--phase", "1"))
    frozen = json.loads(run("--campaign", "2022", "--phase", "1", "--frozen"))
    assert live["tdps"][0]["ratio_percent"] == "42.50"
    assert frozen["tdps"][0]["ratio_percent"] == "85.00"
    assert "households_detail" not in frozen["tdps"][0]
    with_detail = json.loads(run("--campaign", "2022", "--phase", "1", "--frozen", "--households"))
    assert len(with_detail["tdps"][0]["households_detail"]) == 20
