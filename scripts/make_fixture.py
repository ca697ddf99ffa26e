"""Writes fixtures/dongtam.json (run once; the fixture is committed). Kept so the fixture's
origin is reviewable: ward Đồng Tâm, 16 TDPs, campaign 2022 with its two phases (Kế hoạch
86/KHPH-UBND), one cultural house per TDP, and the plan's pledge list."""

import json
from pathlib import Path

CODES = [*range(1, 13), 14, 15, 16, 18]
PLEDGES = [
    ("Hội Phụ nữ", "Nguyễn Thị Hải"),
    ("Hội Nông dân", "Hoàng Thị Thắm"),
    ("Hội Cựu chiến binh", "Nguyễn Văn Thu"),
    ("Đoàn Thanh niên", "Nguyễn Kim Cương"),
    ("Hội Người cao tuổi", "Trần Văn Tý"),
    ("Hội Chữ thập đỏ", "Nguyễn Thị Thu Thanh"),
    ("Ban công tác mặt trận 1", "Vũ Văn Mạnh"),
    ("Ban công tác mặt trận 2", "Lưu Thị Bích Liên"),
    ("Ban công tác mặt trận 3", "Sùng Thị Chử"),
    ("Ban công tác mặt trận 4", "Lô Thị Nga"),
    ("Ban công tác mặt trận 5", "Nguyễn Văn Lãnh"),
    ("Ban công tác mặt trận 6", "Hồ Thị Mai"),
    ("Ban công tác mặt trận 7", "Phạm Đức Phi"),
    ("Ban công tác mặt trận 8", "Trần Tế Quân"),
    ("Ban công tác mặt trận 9", "Nguyễn Văn Cải"),
    ("Ban công tác mặt trận 10", "Bùi Thị Thuồng Mai"),
    ("Ban công tác mặt trận 11", "Ngô Kim Thanh"),
    ("Ban công tác mặt trận 12", "Đàm Quang Nghiêm"),
    ("Ban công tác mặt trận 14", "Nguyễn Quang Trung"),
    ("Ban công tác mặt trận 15", "Trần Thị Ngọc Lan"),
    ("Ban công tác mặt trận 16", "Nguyễn Ngọc Thủ"),
    ("Ban công tác mặt trận 18", "Lê Thị Huỳnh Vân"),
]

objects = [
    {
        "model": "households.ward",
        "pk": 1,
        "fields": {
            "code": "dong-tam",
            "name": "Đồng Tâm",
            "city": "Yên Bái",
            "province": "Yên Bái",
            "chairman_name": "Nguyễn Ngọc Hà",
        },
    },
]
for pk, code in enumerate(CODES, start=1):
    objects.append(
        {
            "model": "households.residentialgroup",
            "pk": pk,
            "fields": {
                "ward": 1,
                "code": str(code),
                "name": f"Tổ dân phố số {code}",
                "sort_key": code,
                "officer": None,
            },
        }
    )
    objects.append(
        {
            "model": "households.culturalhouse",
            "pk": pk,
            "fields": {"tdp": pk, "name": f"Nhà văn hóa tổ dân phố số {code}", "address": ""},
        }
    )
objects.append(
    {
        "model": "scoring.campaign",
        "pk": 1,
        "fields": {"ward": 1, "year": 2022, "name": "Phong trào thi đua “Chuyển đổi số” năm 2022"},
    }
)
objects.append(
    {
        "model": "scoring.phase",
        "pk": 1,
        "fields": {
            "campaign": 1,
            "number": 1,
            "name": "Giai đoạn 1 — Sơ kết",
            "kind": "preliminary",
            "reference_date": "2022-08-31",
            "award_threshold": "85.00",
            # Plan III.2.3: step 1 31/8–4/9, step 2 4/9–7/9, step 3 before 09/9, step 4 after.
            "step1_opens": "2022-08-31",
            "step1_closes": "2022-09-04",
            "step2_opens": "2022-09-04",
            "step2_closes": "2022-09-07",
            "step3_opens": "2022-09-04",
            "step3_closes": "2022-09-08",
            "step4_opens": "2022-09-09",
            "step4_closes": None,
        },
    }
)
objects.append(
    {
        "model": "scoring.phase",
        "pk": 2,
        "fields": {
            "campaign": 1,
            "number": 2,
            "name": "Giai đoạn 2 — Tổng kết",
            "kind": "final",
            "reference_date": "2022-10-31",
            "award_threshold": "90.00",
            # The plan gives no phase-2 dates: the same rhythm after the 31/10 reference date
            # (the office edits them in the campaign set-up).
            "step1_opens": "2022-10-31",
            "step1_closes": "2022-11-04",
            "step2_opens": "2022-11-04",
            "step2_closes": "2022-11-07",
            "step3_opens": "2022-11-04",
            "step3_closes": "2022-11-08",
            "step4_opens": "2022-11-09",
            "step4_closes": None,
        },
    }
)
for pk, (org, rep) in enumerate(PLEDGES, start=1):
    objects.append(
        {
            "model": "awards.pledge",
            "pk": pk,
            "fields": {"campaign": 1, "organisation": org, "representative": rep, "position": pk},
        }
    )

out = Path(__file__).resolve().parent.parent / "fixtures" / "dongtam.json"
out.write_text(json.dumps(objects, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"wrote {out} ({len(objects)} objects)")
