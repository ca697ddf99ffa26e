"""CCCD checks warn, never reject (households/cccd.py): province code, century/sex digit,
birth-year digits."""

import datetime

import pytest

from households.cccd import PROVINCE_CODES, cccd_warnings
from households.models import Household, Resident, mask_cccd

BORN_1985 = datetime.date(1985, 3, 2)
BORN_2004 = datetime.date(2004, 2, 29)


@pytest.mark.parametrize(
    ("cccd", "birth", "sex"),
    [
        ("015085000123", BORN_1985, "M"),  # Yên Bái, 20th century male
        ("015185000123", BORN_1985, "F"),  # 20th century female
        ("015204000123", BORN_2004, "M"),  # 21st century male
        ("001304000123", BORN_2004, "F"),  # Hà Nội, 21st century female
        ("015085000123", BORN_1985, ""),  # sex unknown: nothing to compare
        ("015085000123", None, "M"),  # birth date unknown
    ],
)
def test_consistent_numbers_have_no_warning(cccd, birth, sex):
    assert cccd_warnings(cccd, birth, sex) == []


def test_yen_bai_is_a_known_province():
    assert "015" in PROVINCE_CODES
    assert "003" not in PROVINCE_CODES and "099" not in PROVINCE_CODES


def test_unknown_province():
    assert cccd_warnings("099085000123", BORN_1985, "M") == [
        "Mã tỉnh 099 trong số CCCD không có trong danh mục."
    ]


def test_century_digit_against_birth_year():
    # 2 = 21st century, but born 1985.
    warnings = cccd_warnings("015285000123", BORN_1985, "M")
    assert warnings == ["Chữ số thứ 4 của số CCCD không khớp với thế kỷ của năm sinh."]


def test_year_digits_against_birth_year():
    warnings = cccd_warnings("015086000123", BORN_1985, "M")
    assert warnings == ["Chữ số thứ 5–6 của số CCCD không khớp với năm sinh."]


@pytest.mark.parametrize(("digit", "sex"), [("0", "F"), ("1", "M")])
def test_sex_digit(digit, sex):
    warnings = cccd_warnings(f"015{digit}85000123", BORN_1985, sex)
    assert warnings == ["Chữ số thứ 4 của số CCCD không khớp với giới tính."]


def test_several_problems_are_all_named():
    warnings = cccd_warnings("099304000123", BORN_1985, "M")
    assert len(warnings) == 3
    assert "Mã tỉnh 099" in warnings[0]
    assert "thế kỷ" in warnings[1]
    assert "giới tính" in warnings[2]


@pytest.mark.parametrize("cccd", [None, "", "12345", "01508500012x", "0150850001234"])
def test_malformed_or_missing_numbers_are_left_to_the_validator(cccd):
    assert cccd_warnings(cccd, BORN_1985, "M") == []


def test_resident_reports_its_warnings_and_masks_the_number(tdp):
    household = Household.objects.create(tdp=tdp, code="007")
    resident = Resident.objects.create(
        household=household,
        full_name="Trần Thị Hoa",
        birth_date=BORN_1985,
        sex=Resident.Sex.FEMALE,
        cccd="015085000123",
    )
    assert resident.cccd_warnings() == ["Chữ số thứ 4 của số CCCD không khớp với giới tính."]
    assert resident.masked_cccd == "•••••••••123"
    assert mask_cccd(None) == ""
