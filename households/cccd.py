"""Checks on the 12-digit citizen identity number (CCCD) that warn but never reject.

Digits 1–3: province of birth registration; digit 4: century and sex
(0/1 = 20th century male/female, 2/3 = 21st, 4/5 = 22nd, 6/7 = 23rd, 8/9 = 19th...);
digits 5–6: the last two digits of the birth year."""

import datetime

# Official province codes (Thông tư 07/2016/TT-BCA, as amended).
PROVINCE_CODES = frozenset(
    """
    001 002 004 006 008 010 011 012 014 015 017 019
    020 022 024 025 026 027 030 031 033 034 035 036
    037 038 040 042 044 045 046 048 049 051 052 054
    056 058 060 062 064 066 067 068 070 072 074 075
    077 079 080 082 083 084 086 087 089 091 092 093
    094 095 096
    """.split()  # noqa: SIM905
)

_CENTURY_BY_DIGIT = {
    0: 1900,
    1: 1900,
    2: 2000,
    3: 2000,
    4: 2100,
    5: 2100,
    6: 2200,
    7: 2200,
    8: 1800,
    9: 1800,
}


def cccd_warnings(cccd: str | None, birth_date: datetime.date | None, sex: str) -> list[str]:
    if not cccd or len(cccd) != 12 or not cccd.isdigit():
        return []
    warnings = []
    if cccd[:3] not in PROVINCE_CODES:
        warnings.append(f"Mã tỉnh {cccd[:3]} trong số CCCD không có trong danh mục.")
    digit = int(cccd[3])
    if birth_date is not None:
        century = _CENTURY_BY_DIGIT[digit]
        if birth_date.year // 100 * 100 != century:
            warnings.append("Chữ số thứ 4 của số CCCD không khớp với thế kỷ của năm sinh.")
        elif int(cccd[4:6]) != birth_date.year % 100:
            warnings.append("Chữ số thứ 5–6 của số CCCD không khớp với năm sinh.")
    if sex in ("M", "F"):
        expected_female = digit % 2 == 1
        if expected_female != (sex == "F"):
            warnings.append("Chữ số thứ 4 của số CCCD không khớp với giới tính.")
    return warnings
