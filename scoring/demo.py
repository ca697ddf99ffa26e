"""Demo data: a believable ward Đồng Tâm to try the app with (`manage.py seed_demo`).

Every TDP gets households of Vietnamese families (sex-consistent names, heads, children,
elderly people, a few who moved away or died), CCCD numbers that pass the checks of
households.cccd (a couple deliberately do not), and phase-1 assessments through the self
(step 1), TDP (step 2) and ward (step 4) stages, so that every rule shows on the screens:

- R1: children; people born 31/08/2004 (18 exactly on the phase-1 reference date),
  01/09/2004 … 31/10/2004 (18 between the phases), 01/11/2004 (still a minor), 29/02/2004;
  moved and deceased residents (some with an old assessment that no longer counts).
- R2: scores 100, 90, 80 and lower; adults with no form ("chưa chấm").
- R3: digital families, families that miss, households with no eligible member.
- R4–R6: TDP 8 (the plan's model TDP) tops phase 1 above 90 % and gets the award; another
  TDP sits exactly at 85.00 % (meets the threshold, not the top); TDP 18 has no eligible
  household (no ratio, not ranked); TDP 16 lags with many unscored adults.
- R7: cultural-house checklists, some complete, some not.
- R10: TDP checks that correct the household's own form; ward corrections with a reason.
- R11 (with phase 2): phase-2 forms for some residents, the rest carried forward; someone
  who turned 18 between the phases and was not assessed shows up unscored.

The generator is deterministic for a given seed. It only plans in memory and then writes in
one transaction with bulk inserts (history rows included), so a full ward takes seconds."""

from __future__ import annotations

import datetime
import math
import random
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.test.utils import override_settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from households.accounts.services import save_account
from households.cccd import PROVINCE_CODES
from households.models import (
    CulturalHouse,
    Household,
    Membership,
    Resident,
    ResidentialGroup,
    Ward,
)
from households.text import nfc
from scoring import cache as figures_cache
from scoring import rules
from scoring.models import (
    CRITERIA,
    Assessment,
    Campaign,
    CulturalHouseCheck,
    Phase,
    StandingsSnapshot,
)

DEFAULT_SEED = 2022
DEFAULT_HOUSEHOLDS_PER_TDP = 40
MIN_HOUSEHOLDS_PER_TDP = 5
CHANGE_REASON = "Dữ liệu mẫu (seed_demo)"
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


# --- demo accounts ----------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    tdps: tuple[str, ...]
    full_name: str

    @property
    def password(self) -> str:
        return f"demo-{self.username}"

    @property
    def role_label(self) -> str:
        return Membership.Role(self.role).label


DEMO_ACCOUNTS = (
    DemoAccount("quantri", "admin", (), "Nguyễn Văn Quân"),
    DemoAccount("thuongtruc", "office", (), "Trần Thị Thu Hằng"),
    DemoAccount("chutich", "chairman", (), "Nguyễn Ngọc Hà"),
    DemoAccount("vanphong", "staff", (), "Lê Thị Phương"),
    DemoAccount("tocds8", "tdp_team", ("8",), "Phạm Đức Thắng"),
    DemoAccount("tocds9", "tdp_team", ("9",), "Hoàng Thị Mai"),
    DemoAccount("canbo8", "tdp_officer", ("8",), "Vũ Minh Tuấn"),
    DemoAccount("thanhpho", "city", (), "Đỗ Thị Thanh Hương"),
)


def ensure_demo_accounts(ward: Ward) -> dict[str, object]:
    """(Re)creates the demo accounts with their documented passwords."""
    return {
        a.username: save_account(
            a.username,
            a.role,
            tdp_codes=a.tdps,
            password=a.password,
            ward=ward,
            full_name=a.full_name,
            # Public, documented passwords (README): seed_demo refuses to run with DEBUG off.
            validate_password=False,
        )
        for a in DEMO_ACCOUNTS
    }


def ward_office_accounts(ward: Ward) -> dict[str, object]:
    """The office and Chairman of a demo ward other than Đồng Tâm, who run its procedure in
    the demo. No password: nobody logs in with them (the city's account reads the ward)."""
    users = {}
    for key, role in (("thuongtruc", "office"), ("chutich", "chairman")):
        user = save_account(f"{key}-{ward.code}", role, ward=ward)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        users[key] = user
    users["quantri"] = users["thuongtruc"]
    return users


def existing_demo_accounts() -> list[DemoAccount]:
    names = set(
        get_user_model()
        .objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
        .values_list("username", flat=True)
    )
    return [a for a in DEMO_ACCOUNTS if a.username in names]


def accounts_table(accounts=DEMO_ACCOUNTS) -> str:
    """A plain-text table a newcomer can log in from."""
    rows = [("Tên đăng nhập", "Mật khẩu", "Vai trò", "Tổ dân phố")]
    rows += [(a.username, a.password, a.role_label, ", ".join(a.tdps) or "—") for a in accounts]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


# --- names --------------------------------------------------------------------------------

FAMILY_NAMES = (
    ("Nguyễn", 31),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Vũ", 4),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 1.5),
    ("Ngô", 1.5),
    ("Dương", 1),
    ("Lý", 0.5),
    ("Hà", 1),
    ("Đinh", 1),
    ("Lương", 0.5),
)
MIDDLE_NAMES = {
    # (sex, born before 1975?) → choices; older generations are mostly Văn / Thị.
    ("M", True): ("Văn", "Văn", "Văn", "Đức", "Hữu", "Xuân", "Quang", "Ngọc", "Công"),
    ("M", False): ("Văn", "Minh", "Đức", "Quang", "Tuấn", "Gia", "Thành", "Hoàng", "Anh"),
    ("F", True): ("Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Kim", "Thanh"),
    ("F", False): ("Thị", "Thị", "Ngọc", "Thu", "Minh", "Phương", "Khánh", "Bảo", "Thùy", "Hà"),
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


GIVEN_NAMES = {
    "M": _words(
        "An Bình Cường Dũng Đạt Hải Hùng Hưng Khánh Kiên Lâm Long Mạnh Nam Phong Quân Sơn "
        "Thắng Thành Trung Tuấn Việt Vinh Toàn Hiếu Huy Đông Lộc Tiến Hoàng Phúc Duy Khôi"
    ),
    "F": _words(
        "Anh Chi Dung Giang Hà Hằng Hạnh Hoa Hương Huyền Lan Liên Linh Loan Mai Nga Ngân "
        "Nhung Oanh Phương Quỳnh Thảo Thủy Trang Tuyết Vân Yến Hiền Thư Vy Ngọc Diệp"
    ),
}
STREETS = (
    "Đinh Tiên Hoàng",
    "Nguyễn Thái Học",
    "Lê Hồng Phong",
    "Trần Phú",
    "Kim Đồng",
    "Hoàng Hoa Thám",
    "Ngô Gia Tự",
    "Phan Đình Phùng",
)
OTHER_PROVINCES = ("001", "025", "008", "010", "019", "022", "035", "037", "030", "033")


# --- plan objects (in memory) ---------------------------------------------------------------


@dataclass
class PlannedAssessment:
    phase: int
    stage: int
    criteria: tuple[bool, ...]
    reason: str = ""


@dataclass(eq=False)
class Person:
    full_name: str
    birth_date: datetime.date
    sex: str
    status: str = Resident.Status.ACTIVE
    status_changed_on: datetime.date | None = None
    cccd: str | None = None
    assessments: list[PlannedAssessment] = field(default_factory=list)

    def eligible(self, reference_date: datetime.date) -> bool:
        return rules.is_eligible(self.status, self.birth_date, reference_date)  # R1

    def counting(self, phase: int) -> PlannedAssessment | None:
        """R10 + R11 over the planned assessments (same rule as the standings)."""
        best = None
        for a in self.assessments:
            if a.phase <= phase and (
                best is None
                or rules.counting_key(a.phase, a.stage)
                > rules.counting_key(best.phase, best.stage)
            ):
                best = a
        return best

    def is_digital(self, phase: int) -> bool:
        a = self.counting(phase)
        return rules.is_digital_citizen(rules.citizen_score(a.criteria) if a else None)


@dataclass(eq=False)
class PlannedHousehold:
    tdp_code: str
    code: str
    address: str
    members: list[Person]
    head_index: int | None = 0
    pinned: bool = False  # a special case: phase-2 balancing leaves it alone

    def eligible_members(self, reference_date) -> list[Person]:
        return [p for p in self.members if p.eligible(reference_date)]

    def digital(self, phase: int, reference_date) -> bool | None:
        """R3 on the plan: None when no member is eligible."""
        eligible = self.eligible_members(reference_date)
        if not eligible:
            return None
        return all(p.is_digital(phase) for p in eligible)


@dataclass
class DemoResult:
    households: int
    residents: int
    assessments: dict[int, int]
    house_checks: int
    accounts: list[DemoAccount]


class DemoError(ValueError):
    """A clear, Vietnamese reason why the demo data cannot be written."""


# --- targets: what each TDP's figures should show -----------------------------------------

MODEL_TDP = "8"  # Kế hoạch 86: "mô hình Tổ dân phố chuyển đổi số tại tổ 8"
EXACT_THRESHOLD_TDP = "5"  # exactly 85.00 % in phase 1 (R4, R6 boundary)
LAGGING_TDP = "16"
EMPTY_TDP = "18"
NO_STEP2_TDPS = ("15", "16")  # their teams have not checked the forms yet (step 1 only)
# Target share of digital families among eligible households: (phase 1, phase 2).
TARGETS = {
    "1": (0.78, 0.83),
    "2": (0.66, 0.72),
    "3": (0.72, 0.76),
    "4": (0.81, 0.86),
    "5": (0.85, 0.88),
    "6": (0.58, 0.64),
    "7": (0.69, 0.74),
    "8": (0.93, 0.95),
    "9": (0.83, 0.87),
    "10": (0.62, 0.70),
    "11": (0.75, 0.79),
    "12": (0.87, 0.91),
    "14": (0.54, 0.60),
    "15": (0.47, 0.55),
    "16": (0.20, 0.30),
    "18": (0.0, 0.0),
}


# --- the planner ---------------------------------------------------------------------------


class Planner:
    """Plans one ward's households and their scores in memory. `targets` gives each TDP's
    share of digital families (phase 1, phase 2); `specials` adds Đồng Tâm's boundary cases
    (R1/R3/R4/R11 households, the exact-threshold and empty TDPs) — other demo wards are
    plain."""

    def __init__(
        self,
        seed: int,
        households_per_tdp: int,
        phase1: Phase,
        phase2: Phase | None,
        *,
        targets: dict[str, tuple[float, float]] | None = None,
        specials: bool = True,
        taken_cccds=(),
    ):
        self.rng = random.Random(seed)
        self.n = households_per_tdp
        self.ref1 = phase1.reference_date
        self.ref2 = phase2.reference_date if phase2 else None
        self.with_phase2 = phase2 is not None
        self.targets = targets or TARGETS
        self.specials = specials
        # CCCD numbers are unique in the database: other wards' numbers are taken too.
        self.cccds: set[str] = set(taken_cccds)

    # people

    def _pick_family_name(self, exclude: str | None = None) -> str:
        names, weights = zip(*FAMILY_NAMES, strict=True)
        while True:
            name = self.rng.choices(names, weights)[0]
            if name != exclude:
                return name

    def _birth(self, age_min: int, age_max: int) -> datetime.date:
        """A birth date giving an age in [age_min, age_max] on the phase-1 reference date."""
        latest = rules.anniversary(self.ref1, -age_min) if age_min else self.ref1
        earliest = rules.anniversary(self.ref1, -(age_max + 1)) + datetime.timedelta(days=1)
        return earliest + datetime.timedelta(days=self.rng.randrange((latest - earliest).days))

    def person(self, sex: str, birth: datetime.date, family: str, taken=()) -> Person:
        old = birth.year < 1975
        for _ in range(50):
            middle = self.rng.choice(MIDDLE_NAMES[(sex, old)])
            given = self.rng.choice(GIVEN_NAMES[sex])
            name = f"{family} {middle} {given}"
            if given != middle and name not in taken:
                break
        return Person(full_name=nfc(name), birth_date=birth, sex=sex)

    def _age(self, birth: datetime.date) -> int:
        years = self.ref1.year - birth.year
        return years - (rules.anniversary(birth, years) > self.ref1)

    def _children(self, father_family: str, mother: Person, count: int, taken: list[str]):
        children = []
        for _ in range(count):
            year = mother.birth_date.year + self.rng.randint(20, 36)
            if year > self.ref1.year - 1:
                continue
            birth = datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))
            if birth > self.ref1:
                continue
            child = self.person(self.rng.choice("MF"), birth, father_family, taken)
            taken.append(child.full_name)
            children.append(child)
        return children

    def _couple(self, husband_age: tuple[int, int], family: str | None = None):
        family = family or self._pick_family_name()
        husband = self.person("M", self._birth(*husband_age), family)
        wife_birth = husband.birth_date + datetime.timedelta(days=self.rng.randint(0, 6 * 365))
        wife = self.person("F", min(wife_birth, self._birth(20, 20)), self._pick_family_name())
        return family, husband, wife

    def random_household(self) -> list[Person]:
        kind = self.rng.choices(
            ("nuclear", "three", "young", "elderly", "widow", "single", "parent"),
            (40, 20, 10, 12, 7, 6, 5),
        )[0]
        if kind == "elderly":
            _, husband, wife = self._couple((62, 86))
            return [husband, wife]
        if kind == "widow":
            sex = self.rng.choices("FM", (3, 1))[0]
            return [self.person(sex, self._birth(65, 94), self._pick_family_name())]
        if kind == "single":
            sex = self.rng.choice("MF")
            return [self.person(sex, self._birth(24, 60), self._pick_family_name())]
        if kind == "young":
            family, husband, wife = self._couple((23, 32))
            taken = [husband.full_name, wife.full_name]
            return [husband, wife, *self._children(family, wife, self.rng.randint(0, 1), taken)]
        if kind == "parent":
            mother = self.person("F", self._birth(30, 52), self._pick_family_name())
            taken = [mother.full_name]
            father_family = self._pick_family_name()
            return [mother, *self._children(father_family, mother, self.rng.randint(1, 2), taken)]
        if kind == "three":
            family, grandfather, grandmother = self._couple((62, 84))
            elders = [grandfather, grandmother]
            if self.rng.random() < 0.35:  # a widowed grandparent
                elders = [self.rng.choice(elders)]
            son_birth = grandmother.birth_date + datetime.timedelta(
                days=self.rng.randint(21 * 365, 32 * 365)
            )
            son = self.person("M", min(son_birth, self._birth(26, 26)), family)
            wife = self.person(
                "F",
                son.birth_date + datetime.timedelta(days=self.rng.randint(0, 4 * 365)),
                self._pick_family_name(),
            )
            taken = [p.full_name for p in (*elders, son, wife)]
            kids = self._children(family, wife, self.rng.choice((1, 2, 2, 3)), taken)
            # The eldest man usually heads the household; otherwise the son.
            return (
                [*elders, son, wife, *kids]
                if elders[0].sex == "M"
                else [son, *elders, wife, *kids]
            )
        family, husband, wife = self._couple((30, 58))
        taken = [husband.full_name, wife.full_name]
        kids = self._children(family, wife, self.rng.choice((1, 2, 2, 2, 3)), taken)
        return [husband, wife, *kids]

    def _apply_status_changes(self, members: list[Person]) -> None:
        """A few residents moved away or died; never the head or the last eligible adult."""
        adults = [p for p in members[1:] if self._age(p.birth_date) >= 20]
        for p in adults:
            roll = self.rng.random()
            if roll < 0.03 and self._age(p.birth_date) < 45:
                p.status = Resident.Status.MOVED
            elif roll < 0.06 and self._age(p.birth_date) >= 70:
                p.status = Resident.Status.DECEASED
            else:
                continue
            p.status_changed_on = datetime.date(2022, 3, 1) + datetime.timedelta(
                days=self.rng.randrange(230)
            )

    # special households (R1 / R3 / R11 boundary cases)

    def _with_child(self, birth: datetime.date, sex: str) -> list[Person]:
        family, husband, wife = self._couple((42, 52))
        child = self.person(sex, birth, family, [husband.full_name, wife.full_name])
        return [husband, wife, child]

    def special_households(self, code: str) -> list[list[Person]]:
        d = datetime.date
        specials: list[list[Person]] = []
        if not self.specials:
            return specials
        if code == MODEL_TDP:
            specials.append(self._with_child(d(2004, 2, 29), "F"))  # R1: 29/02 → 28/02/2022
            specials.append(self._with_child(d(2004, 9, 1), "M"))  # R1/R11: 18 between phases
            widow = self.person("F", d(1931, 5, 12), self._pick_family_name())
            widow.status, widow.status_changed_on = Resident.Status.DECEASED, d(2022, 7, 14)
            specials.append([widow])  # R3: nobody eligible (not applicable)
        elif code == "3":
            specials.append(self._with_child(d(2004, 8, 31), "F"))  # R1: 18 on the day itself
            specials.append(self._with_child(d(2004, 9, 15), "M"))  # R11: unscored in phase 2
        elif code == "12":
            specials.append(self._with_child(d(2004, 10, 31), "M"))  # R1: 18 on phase-2 date
        elif code in ("2", "6", "11", EXACT_THRESHOLD_TDP):
            specials.append(self._minors_alone())  # R3: not applicable
        elif code == EMPTY_TDP:
            widower = self.person("M", d(1936, 11, 2), self._pick_family_name())
            widower.status, widower.status_changed_on = Resident.Status.DECEASED, d(2022, 5, 3)
            specials.append([widower])
            specials.append(self._minors_alone(eldest=d(2004, 11, 1)))  # R1: still a minor
        return specials

    def _minors_alone(self, eldest: datetime.date | None = None) -> list[Person]:
        """Teenagers registered with a grandparent who has since moved away."""
        family = self._pick_family_name()
        grandma = self.person("F", self._birth(66, 80), self._pick_family_name())
        grandma.status = Resident.Status.MOVED
        grandma.status_changed_on = datetime.date(2022, 6, 20)
        first = self.person(self.rng.choice("MF"), eldest or self._birth(15, 17), family)
        second = self.person(self.rng.choice("MF"), self._birth(10, 14), family, [first.full_name])
        return [grandma, first, second]

    # the ward

    def tdp_size(self, code: str) -> int:
        if not self.specials:
            spread = max(1, self.n // 6)
            return max(MIN_HOUSEHOLDS_PER_TDP, self.n + self.rng.randint(-spread, spread))
        if code == EMPTY_TDP:
            return 0
        if code == LAGGING_TDP:
            return max(3, self.n // 4)
        if code == EXACT_THRESHOLD_TDP:
            # 85 % exactly needs a multiple of 20 eligible households (R4).
            return 20 * max(1, round(self.n / 20))
        spread = max(1, self.n // 8)
        return max(MIN_HOUSEHOLDS_PER_TDP, self.n + self.rng.randint(-spread, spread))

    def plan_households(self, tdp_codes: list[str]) -> list[PlannedHousehold]:
        planned = []
        for code in tdp_codes:
            street = STREETS[int(code) % len(STREETS)] if code.isdigit() else STREETS[0]
            groups = []
            for _ in range(self.tdp_size(code)):
                members = self.random_household()
                self._apply_status_changes(members)
                groups.append((members, False))
            groups += [(members, True) for members in self.special_households(code)]
            for seq, (members, pinned) in enumerate(groups, start=1):
                # The first member (never moved or deceased) heads an ordinary household;
                # in the special cases the eldest active member does.
                active = [i for i, p in enumerate(members) if p.status == "active"]
                head = active[0] if active else None
                if active and pinned:
                    head = min(active, key=lambda i: members[i].birth_date)
                lane = self.rng.randint(1, 60)
                planned.append(
                    PlannedHousehold(
                        tdp_code=code,
                        code=f"{code.zfill(2)}-{seq:03d}",
                        address=nfc(f"Số {self.rng.randint(1, 180)}, ngõ {lane}, đường {street}"),
                        members=members,
                        head_index=head,
                        pinned=pinned,
                    )
                )
        return planned

    # scores

    def criteria(self, score: int, person: Person) -> tuple[bool, ...]:
        """`score` points with realistic gaps: online shopping, bank transfers and VNeID
        level 2 are missed most; elderly people also lack smartphones."""
        missing = 10 - score // rules.POINTS_PER_CRITERION
        elderly = self._age(person.birth_date) >= 65
        weights = {1: 0.5, 2: 3 if elderly else 1, 3: 1, 4: 5, 5: 3, 6: 4, 7: 3, 8: 2}
        weights |= {9: 0.5, 10: 4}
        chosen: list[int] = []
        while len(chosen) < missing:
            options = [n for n in weights if n not in chosen]
            chosen.append(self.rng.choices(options, [weights[n] for n in options])[0])
        return tuple(n not in chosen for n in range(1, 11))

    def _passing_score(self) -> int:
        return self.rng.choices((100, 90), (6, 4))[0]

    def _failing(self, person: Person) -> int | None:
        """The score of someone who keeps the family from qualifying; None = no form."""
        roll = self.rng.random()
        if roll < 0.40:
            return None
        if roll < 0.82:
            return 80
        return self.rng.choice((50, 60, 70))

    def _record(self, person: Person, phase: int, score: int, code: str) -> None:
        """Plan the stages of one assessment whose counting score is `score` (R10)."""
        final = self.criteria(score, person)
        person.assessments = [a for a in person.assessments if a.phase != phase]
        if code in NO_STEP2_TDPS:
            person.assessments.append(PlannedAssessment(phase, 1, final))
            return
        own = final
        roll = self.rng.random()
        if roll < 0.10 and not all(final):
            own = self._flip(final, to=True)  # the household claimed one too many
        elif roll < 0.14 and any(final):
            own = self._flip(final, to=False)  # forgot to tick one
        person.assessments.append(PlannedAssessment(phase, 1, own))
        person.assessments.append(PlannedAssessment(phase, 2, final))

    def _flip(self, criteria: tuple[bool, ...], to: bool) -> tuple[bool, ...]:
        positions = [i for i, met in enumerate(criteria) if met != to]
        i = self.rng.choice(positions)
        return tuple(to if n == i else met for n, met in enumerate(criteria))

    def _target_count(self, code: str, eligible: int, target: float, cap: Fraction | None):
        if eligible == 0:
            return 0
        special = self.specials
        if special and code == EXACT_THRESHOLD_TDP and target == 0.85 and eligible % 20 == 0:
            return eligible * 17 // 20
        wanted = round(target * eligible)
        if special and code == MODEL_TDP:
            wanted = max(wanted, math.floor(eligible * 0.9) + 1)  # strictly above 90 % (R5)
        wanted = min(wanted, eligible)
        if cap is not None:
            # Stay strictly below the model TDP's ratio so it alone tops the ward (R6).
            wanted = min(wanted, math.ceil(cap * eligible) - 1)
        return max(0, wanted)

    def score_phase1(self, households: list[PlannedHousehold], tdp_codes: list[str]) -> None:
        cap = None
        for code in sorted(tdp_codes, key=lambda c: c != MODEL_TDP):  # the model TDP first
            mine = [h for h in households if h.tdp_code == code]
            applicable = [h for h in mine if h.eligible_members(self.ref1)]
            wanted = self._target_count(code, len(applicable), self.targets[code][0], cap)
            digital = set(map(id, self.rng.sample(applicable, wanted)))
            for h in mine:
                eligible = h.eligible_members(self.ref1)
                if id(h) in digital:
                    for p in eligible:
                        self._record(p, 1, self._passing_score(), code)
                elif eligible:
                    spoilers = self.rng.sample(
                        eligible, self.rng.randint(1, min(2, len(eligible)))
                    )
                    for p in eligible:
                        if code == LAGGING_TDP and any(p is s for s in spoilers):
                            score = None  # forms not collected yet
                        elif any(p is s for s in spoilers):
                            score = self._failing(p)
                        else:
                            score = self.rng.choice((100, 90, 90, 80))
                        if score is not None:
                            self._record(p, 1, score, code)
                for p in h.members:
                    # A form filled in before moving away or dying no longer counts (R1).
                    if p.status != "active" and p.status_changed_on and self.rng.random() < 0.5:
                        p.assessments.append(PlannedAssessment(1, 1, self.criteria(90, p)))
            if code == MODEL_TDP and applicable:
                cap = Fraction(wanted, len(applicable))
        self._ward_corrections(households, phase=1)

    def _ward_corrections(self, households, phase: int) -> None:
        """Step 4: the office adds a criterion the TDP team could not verify, with a reason
        (R10). Only where the TDP's own score is ≥ 90 already, so targets do not move."""
        reasons = {
            5: "Đã đối chiếu tài khoản Cổng Dịch vụ công quốc gia tại bộ phận một cửa.",
            10: "Công an phường xác nhận đã kích hoạt định danh điện tử mức 2 (VNeID).",
            4: "Hộ gửi ảnh chụp đơn hàng trên Postmart, đã kiểm tra.",
            6: "Chi bộ xác nhận đã nộp đảng phí qua chuyển khoản ngân hàng.",
        }
        candidates = [
            p
            for h in households
            if h.tdp_code in ("9", "11")
            for p in h.members
            if (a := p.counting(phase)) is not None
            and a.phase == phase
            and a.stage == 2
            and sum(a.criteria) == 9
            and any(not a.criteria[n - 1] for n in reasons)
        ]
        for p in self.rng.sample(candidates, min(3, len(candidates))):
            tdp_stage = p.counting(phase)
            n = next(n for n in reasons if not tdp_stage.criteria[n - 1])
            corrected = tuple(True if i == n - 1 else m for i, m in enumerate(tdp_stage.criteria))
            p.assessments.append(PlannedAssessment(phase, 3, corrected, reasons[n]))

    def score_phase2(self, households: list[PlannedHousehold], tdp_codes: list[str]) -> None:
        """R11: most forms carry forward; some households re-key theirs, new adults of the
        model TDP are assessed, and each TDP moves towards its phase-2 target."""
        for h in households:
            for p in h.eligible_members(self.ref2):
                a = p.counting(1)
                if h.tdp_code == MODEL_TDP and a is None and not p.eligible(self.ref1):
                    self._record(p, 2, self._passing_score(), h.tdp_code)  # new adult
                elif a is not None and self.rng.random() < 0.08:
                    p.assessments.append(PlannedAssessment(2, 1, a.criteria))  # re-keyed as is
        cap = None
        for code in sorted(tdp_codes, key=lambda c: c != MODEL_TDP):
            mine = [h for h in households if h.tdp_code == code]
            applicable = [h for h in mine if h.eligible_members(self.ref2)]
            current = [h for h in applicable if h.digital(2, self.ref2)]
            wanted = self._target_count(code, len(applicable), self.targets[code][1], cap)
            if wanted > len(current):
                pool = [h for h in applicable if h not in current and not h.pinned]
                for h in self.rng.sample(pool, min(len(pool), wanted - len(current))):
                    for p in h.eligible_members(self.ref2):
                        if not p.is_digital(2):
                            self._record(p, 2, self._passing_score(), code)
            elif wanted < len(current):
                pool = [h for h in current if not h.pinned]
                for h in self.rng.sample(pool, min(len(pool), len(current) - wanted)):
                    p = self.rng.choice(h.eligible_members(self.ref2))
                    stage = 1 if code in NO_STEP2_TDPS else 2
                    p.assessments = [
                        a for a in p.assessments if not (a.phase == 2 and a.stage >= stage)
                    ]
                    p.assessments.append(PlannedAssessment(2, stage, self.criteria(80, p)))
            if code == MODEL_TDP and applicable:
                done = sum(1 for h in applicable if h.digital(2, self.ref2))
                cap = Fraction(done, len(applicable))

    # identity numbers

    def assign_cccds(self, households: list[PlannedHousehold]) -> None:
        """CCCD from 14 (2022 practice). Whoever meets TC9 has one; a few have none."""
        people = [p for h in households for p in h.members]
        for p in people:
            if self._age(p.birth_date) < 14:
                continue
            has_tc9 = any(a.criteria[8] for a in p.assessments)
            if has_tc9 or self.rng.random() < 0.8:
                p.cccd = self._cccd(p)
        if not self.specials:
            return
        # A couple of numbers keyed in wrong, as happens (the screens warn, never reject).
        with_cccd = [p for p in people if p.cccd and p.status == "active"]
        for p, kind in zip(
            self.rng.sample(with_cccd, min(3, len(with_cccd))), "SYP", strict=False
        ):
            self.cccds.discard(p.cccd)
            p.cccd = self._cccd(p, wrong=kind)

    def _cccd(self, p: Person, wrong: str = "") -> str:
        province = "015" if self.rng.random() < 0.85 else self.rng.choice(OTHER_PROVINCES)
        century = {1800: 8, 1900: 0, 2000: 2, 2100: 4}[p.birth_date.year // 100 * 100]
        digit = century + (1 if p.sex == "F" else 0)
        year = p.birth_date.year % 100
        if wrong == "S":  # sex digit swapped
            digit ^= 1
        elif wrong == "Y":  # year digits of a sibling
            year = (year + 1) % 100
        elif wrong == "P":  # a province code that does not exist
            province = "099"
        while True:
            number = f"{province}{digit}{year:02d}{self.rng.randrange(10**6):06d}"
            if number not in self.cccds:
                self.cccds.add(number)
                return number


assert set(OTHER_PROVINCES) <= PROVINCE_CODES


# --- writing -----------------------------------------------------------------------------


def demo_data_exists(ward: Ward) -> int:
    """How many households the ward already has (the demo refuses to mix with them)."""
    return Household.objects.filter(ward=ward).count()


def _delete_with_dependents(queryset) -> None:
    """Deletes `queryset`, first removing rows that protect it (e.g. certificates issued for
    demo households). Only used by --reset on a demo database."""
    for _ in range(10):
        try:
            queryset.delete()
            return
        except (ProtectedError, RestrictedError) as exc:
            blockers = (
                exc.protected_objects
                if isinstance(exc, ProtectedError)
                else (exc.restricted_objects)
            )
            by_model: dict = {}
            for obj in blockers:
                by_model.setdefault(type(obj), []).append(obj.pk)
            for model, pks in by_model.items():
                _delete_with_dependents(model._default_manager.filter(pk__in=pks))
    queryset.delete()


@transaction.atomic
@figures_cache.bulk_writes()
def clear_ward(ward: Ward) -> None:
    """--reset: removes the ward's households, residents, assessments, cultural-house
    checklists and frozen results (and whatever rests on them), history included."""
    residents = Resident.objects.filter(household__ward=ward)
    Assessment.history.filter(resident_id__in=residents.values("id")).delete()
    Resident.history.filter(id__in=residents.values("id")).delete()
    Household.history.filter(ward_id=ward.id).delete()
    CulturalHouseCheck.history.filter(house__tdp__ward=ward).delete()
    # The demo's own audit trail goes with it: no "deleted" history row per object (which
    # would also make the reset slow).
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        _delete_with_dependents(StandingsSnapshot.objects.filter(phase__campaign__ward=ward))
        CulturalHouseCheck.objects.filter(house__tdp__ward=ward).delete()
        Household.objects.filter(ward=ward).update(head=None)
        _delete_with_dependents(Assessment.objects.filter(resident__household__ward=ward))
        _delete_with_dependents(residents)
        _delete_with_dependents(Household.objects.filter(ward=ward))


def _aware(day: datetime.date, minute_of_day: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(7, 30), tzinfo=TZ) + datetime.timedelta(
        minutes=minute_of_day
    )


@transaction.atomic
@figures_cache.bulk_writes()  # every TDP's figures change (scoring/cache.py)
def seed_demo(
    *,
    seed: int = DEFAULT_SEED,
    households_per_tdp: int = DEFAULT_HOUSEHOLDS_PER_TDP,
    phase2: bool = False,
    reset: bool = False,
    campaign_year: int = 2022,
) -> DemoResult:
    """The fixture ward Đồng Tâm: demo accounts, register and the `campaign_year` forms."""
    if households_per_tdp < MIN_HOUSEHOLDS_PER_TDP:
        raise DemoError(f"--households phải từ {MIN_HOUSEHOLDS_PER_TDP} trở lên.")
    ward = Ward.objects.order_by("pk").first()
    if ward is None:
        raise DemoError("Chưa có phường: hãy chạy `manage.py loaddata dongtam` trước.")
    campaign = Campaign.objects.filter(ward=ward, year=campaign_year).first()
    if campaign is None:
        raise DemoError(f"Chưa có đợt thi đua năm {campaign_year}: hãy nạp fixture dongtam.")
    phases = {p.number: p for p in campaign.phases.all()}
    if 1 not in phases or (phase2 and 2 not in phases):
        raise DemoError(f"Đợt thi đua {campaign_year} thiếu giai đoạn 1 hoặc 2.")
    existing = demo_data_exists(ward)
    if existing and not reset:
        raise DemoError(
            f"Phường {ward.name} đã có {existing} hộ gia đình: không tạo thêm dữ liệu mẫu "
            "để khỏi lẫn với dữ liệu đang có. Dùng --reset để xoá toàn bộ hộ, nhân khẩu, "
            "phiếu chấm của phường rồi tạo lại."
        )
    if existing:
        clear_ward(ward)

    users = ensure_demo_accounts(ward)
    codes = list(
        ResidentialGroup.objects.filter(ward=ward).in_code_order().values_list("code", flat=True)
    )
    if [c for c in codes if c not in TARGETS]:
        raise DemoError("Dữ liệu mẫu chỉ dành cho 16 tổ dân phố của phường Đồng Tâm.")
    result = seed_ward(
        campaign,
        seed=seed,
        households_per_tdp=households_per_tdp,
        phase2=phase2,
        users=users,
    )
    result.accounts = list(DEMO_ACCOUNTS)
    return result


def seed_ward(
    campaign: Campaign,
    *,
    seed: int,
    households_per_tdp: int,
    phase2: bool,
    users: dict,
    targets: dict[str, tuple[float, float]] | None = None,
    specials: bool = True,
) -> DemoResult:
    """Households, residents and the campaign's assessments and checklists of one ward."""
    ward = campaign.ward
    phases = {p.number: p for p in campaign.phases.all()}
    tdps = list(ResidentialGroup.objects.filter(ward=ward).in_code_order())
    codes = [t.code for t in tdps]
    taken = Resident.objects.exclude(cccd=None).values_list("cccd", flat=True)
    planner = Planner(
        seed,
        households_per_tdp,
        phases[1],
        phases.get(2) if phase2 else None,
        targets=targets,
        specials=specials,
        taken_cccds=taken,
    )
    planned = planner.plan_households(codes)
    planner.score_phase1(planned, codes)
    if phase2:
        planner.score_phase2(planned, codes)
    planner.assign_cccds(planned)

    tdp_by_code = {t.code: t for t in tdps}
    admin = users["quantri"]
    households = [
        Household(ward=ward, tdp=tdp_by_code[h.tdp_code], code=h.code, address=h.address)
        for h in planned
    ]
    Household.objects.bulk_create(households, batch_size=500)
    residents, pairs = [], []
    for h, obj in zip(planned, households, strict=True):
        for p in h.members:
            r = Resident(
                household=obj,
                full_name=p.full_name,
                birth_date=p.birth_date,
                sex=p.sex,
                cccd=p.cccd,
                status=p.status,
                status_changed_on=p.status_changed_on,
            )
            residents.append(r)
            pairs.append((p, r, h.tdp_code))
    bulk_create_with_history(
        residents,
        Resident,
        batch_size=500,
        default_user=admin,
        default_change_reason=CHANGE_REASON,
    )
    first_resident = 0
    for h, obj in zip(planned, households, strict=True):
        if h.head_index is not None:
            obj.head = residents[first_resident + h.head_index]
        first_resident += len(h.members)
    Household.objects.bulk_update(households, ["head"], batch_size=500)
    Household.history.bulk_history_create(
        households, batch_size=500, default_user=admin, default_change_reason=CHANGE_REASON
    )

    assessments = _write_assessments(pairs, phases, users)
    checks = _write_house_checks(tdps, phases, phase2, users, planner.rng)
    counts = Counter(a.phase.number for a in assessments)
    return DemoResult(
        households=len(households),
        residents=len(residents),
        assessments=dict(sorted(counts.items())),
        house_checks=checks,
        accounts=[],
    )


# --- more wards of the city -------------------------------------------------------------


@dataclass(frozen=True)
class DemoWard:
    """A smaller ward of the city beside Đồng Tâm (its own TDPs and campaigns)."""

    code: str
    name: str
    chairman_name: str
    tdp_count: int
    households_per_tdp: int
    seed_offset: int
    targets: tuple[tuple[float, float], ...]  # per TDP, in code order


DEMO_WARDS = (
    DemoWard(
        "hong-ha",
        "Hồng Hà",
        "Trần Văn Thịnh",
        tdp_count=6,
        households_per_tdp=16,
        seed_offset=101,
        targets=((0.82, 0.88), (0.74, 0.8), (0.9, 0.93), (0.66, 0.75), (0.7, 0.78), (0.58, 0.7)),
    ),
    DemoWard(
        "minh-tan",
        "Minh Tân",
        "Lê Thị Hồng Nhung",
        tdp_count=4,
        households_per_tdp=10,
        seed_offset=202,
        targets=((0.7, 0.8), (0.6, 0.7), (0.5, 0.66), (0.8, 0.86)),
    ),
)

PHASE_FIELDS = (
    "number",
    "name",
    "kind",
    "reference_date",
    "award_threshold",
    "step1_opens",
    "step1_closes",
    "step2_opens",
    "step2_closes",
    "step3_opens",
    "step3_closes",
    "step4_opens",
    "step4_closes",
)


@transaction.atomic
def create_demo_ward(spec: DemoWard, model: Campaign) -> Campaign:
    """The ward, its TDPs and cultural houses, and its campaign of `model`'s year with the
    same phases (the city ran one plan for every ward)."""
    template = model.ward
    ward = Ward.objects.create(
        code=spec.code,
        name=spec.name,
        city=template.city,
        province=template.province,
        chairman_name=spec.chairman_name,
    )
    for number in range(1, spec.tdp_count + 1):
        tdp = ResidentialGroup.objects.create(
            ward=ward, code=str(number), name=f"Tổ dân phố số {number}"
        )
        CulturalHouse.objects.create(tdp=tdp, name=f"Nhà văn hóa tổ {number}")
    campaign = Campaign.objects.create(
        ward=ward, year=model.year, name=model.name.replace("năm", f"phường {spec.name} năm")
    )
    for phase in model.phases.order_by("number"):
        Phase.objects.create(campaign=campaign, **{f: getattr(phase, f) for f in PHASE_FIELDS})
    return campaign


def seed_demo_ward(spec: DemoWard, model: Campaign, *, seed: int, phase2: bool) -> Campaign:
    """A smaller ward with its own office accounts, register and forms of `model`'s year."""
    campaign = create_demo_ward(spec, model)
    users = ward_office_accounts(campaign.ward)
    targets = {str(i): t for i, t in enumerate(spec.targets, start=1)}
    seed_ward(
        campaign,
        seed=seed + spec.seed_offset,
        households_per_tdp=spec.households_per_tdp,
        phase2=phase2,
        users=users,
        targets=targets,
        specials=False,
    )
    return campaign


@transaction.atomic
def delete_demo_wards() -> None:
    """--reset: the demo's extra wards go entirely (their campaigns are deleted first by
    the caller, which knows what rests on them)."""
    for ward in Ward.objects.filter(code__in=[w.code for w in DEMO_WARDS]):
        clear_ward(ward)
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            _delete_with_dependents(Campaign.objects.filter(ward=ward))
            CulturalHouse.objects.filter(tdp__ward=ward).delete()
            ResidentialGroup.objects.filter(ward=ward).delete()
            ward.delete()


# --- a campaign under way: this year's forms ----------------------------------------------


@dataclass(frozen=True)
class TdpProgress:
    """How far a TDP has come in a phase: the share of households whose forms are keyed in
    (step 1), whether the team has checked them (step 2, with the cultural-house checklist),
    and the share of digital families among the keyed households."""

    keyed: float
    checked: bool
    digital: float


@transaction.atomic
def seed_progress(phase: Phase, progress: dict[str, TdpProgress], users: dict, seed: int) -> int:
    """Assessments of a phase under way, over the register as it is (R15: nothing carries
    from an earlier campaign). Forms are dated inside the step windows up to today."""
    rng = random.Random(seed)
    planner = Planner(seed, MIN_HOUSEHOLDS_PER_TDP, phase, None)
    planner.rng = rng
    ward_id = phase.campaign.ward_id
    team = {"8": users.get("tocds8"), "9": users.get("tocds9")}
    residents = (
        Resident.objects.active()
        .filter(household__ward_id=ward_id, birth_date__lte=phase.reference_date)
        .select_related("household__tdp")
        .order_by("household__tdp__sort_key", "household__code", "birth_date", "id")
    )
    by_household: dict = {}
    for r in residents:
        if rules.is_eligible(r.status, r.birth_date, phase.reference_date):  # R1
            by_household.setdefault(r.household, []).append(r)
    rows = []
    today = min(timezone.localdate(), phase.step2_closes)
    for household, members in by_household.items():
        code = household.tdp.code
        plan = progress.get(code)
        if plan is None or rng.random() >= plan.keyed:
            continue
        digital = rng.random() < plan.digital
        spoiler = None if digital else rng.choice(members)
        for r in members:
            person = Person(full_name=r.full_name, birth_date=r.birth_date, sex=r.sex)
            score = rng.choice((80, 70, 60)) if r is spoiler else planner._passing_score()
            final = planner.criteria(score, person)
            if not r.cccd:  # TC9 is having a CCCD
                final = (*final[:8], False, final[9])
            stages = [(1, final)]
            if plan.checked:
                stages.append((2, final))
            for stage, criteria in stages:
                opens = phase.step1_opens if stage == 1 else phase.step2_opens
                day = min(opens + datetime.timedelta(days=rng.randrange(3)), today)
                row = Assessment(
                    resident=r,
                    phase=phase,
                    stage=stage,
                    recorded_by=team.get(code) or users["thuongtruc"],
                    **dict(zip(CRITERIA, criteria, strict=True)),
                )
                row._history_user = row.recorded_by
                row._history_date = _aware(day, rng.randrange(600))
                rows.append(row)
    bulk_create_with_history(
        rows, Assessment, batch_size=1000, default_change_reason=CHANGE_REASON
    )
    houses = CulturalHouse.objects.filter(
        tdp__ward_id=ward_id, tdp__code__in=[c for c, p in progress.items() if p.checked]
    ).select_related("tdp")
    checks = [
        CulturalHouseCheck(
            house=house,
            phase=phase,
            recorded_by=team.get(house.tdp.code),
            **{c: rng.random() < 0.85 for c in CulturalHouseCheck.CONDITIONS},
        )
        for house in houses
    ]
    bulk_create_with_history(checks, CulturalHouseCheck, default_change_reason=CHANGE_REASON)
    return len(rows)


def _write_assessments(pairs, phases, users) -> list[Assessment]:
    """Bulk insert with history: who keyed each stage and when, inside its step window."""
    team = {"8": users.get("tocds8"), "9": users.get("tocds9")}
    office = users["thuongtruc"]
    rows = []
    times: dict[tuple[int, int, str], datetime.datetime] = {}
    for index, (person, resident, tdp_code) in enumerate(pairs):
        for a in person.assessments:
            phase = phases[a.phase]
            opens, closes = phase.window(a.stage if a.stage < 3 else 4)
            span = ((closes - opens).days + 1) if closes else 5
            day = opens + datetime.timedelta(days=index % span)
            when = _aware(day, (index * 7) % 600)
            row = Assessment(
                resident=resident,
                phase=phase,
                stage=a.stage,
                reason=a.reason,
                recorded_by=office if a.stage == 3 else team.get(tdp_code),
                **dict(zip(CRITERIA, a.criteria, strict=True)),
            )
            row._history_user = row.recorded_by
            row._history_date = when
            times[(a.phase, a.stage, tdp_code)] = when
            rows.append(row)
    bulk_create_with_history(
        rows, Assessment, batch_size=1000, default_change_reason=CHANGE_REASON
    )
    # recorded_at is auto_now: set it to the time within the step window, per TDP and stage.
    for (phase_number, stage, tdp_code), when in times.items():
        Assessment.objects.filter(
            phase=phases[phase_number], stage=stage, resident__household__tdp__code=tdp_code
        ).update(recorded_at=when)
    return rows


def _write_house_checks(tdps, phases, phase2: bool, users, rng) -> int:
    """R7 checklists at step 2: complete in the model TDP and TDP 12, partial elsewhere,
    none yet where the team has not done step 2."""
    team = {"8": users.get("tocds8"), "9": users.get("tocds9")}
    houses = {h.tdp_id: h for h in CulturalHouse.objects.filter(tdp__in=tdps)}
    rows = []
    for number in (1, 2) if phase2 else (1,):
        for tdp in tdps:
            house = houses.get(tdp.id)
            if house is None or tdp.code in NO_STEP2_TDPS or tdp.code == EMPTY_TDP:
                continue
            if tdp.code in (MODEL_TDP, "12"):
                values = (True, True, True, True)
            else:
                values = tuple(rng.random() < 0.75 for _ in range(4))
                if all(values):
                    values = (True, True, rng.random() < 0.5 and number == 2, True)
            rows.append(
                CulturalHouseCheck(
                    house=house,
                    phase=phases[number],
                    recorded_by=team.get(tdp.code),
                    **dict(zip(CulturalHouseCheck.CONDITIONS, values, strict=True)),
                )
            )
    bulk_create_with_history(rows, CulturalHouseCheck, default_change_reason=CHANGE_REASON)
    return len(rows)
