"""Campaigns, phases and assessments. The rules that read them live in scoring/rules.py."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from households.models import CulturalHouse, Resident, ResidentialGroup, Ward

CRITERIA = tuple(f"tc{i}" for i in range(1, 11))


def new_results_token() -> str:
    return secrets.token_hex(8)


class ResultsVersionQuerySet(models.QuerySet):
    def bump(self) -> int:
        """A new version for these TDPs (in the caller's transaction)."""
        return self.update(counter=models.F("counter") + 1, token=new_results_token())


def _bulk_written() -> None:
    from scoring import cache  # scoring.cache imports these models

    cache.bulk_written()


class FiguresQuerySet(models.QuerySet):
    """Bulk writes of rows behind the figures bump every TDP's version (they send no
    per-object signal; per-object saves and deletes are followed by scoring/cache.py)."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        _bulk_written()
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        _bulk_written()
        return created

    # bulk_update() goes through update().


class ResultsVersion(models.Model):
    """The version of one TDP's live figures (scoring/cache.py): bumped in the same
    transaction as every write to its households, residents or assessments (and to its
    ward's phases), so figures cached under a version are exactly what a fresh computation
    gives. `counter` counts the bumps (F() update); `token` is drawn afresh at each bump, so
    a version seen inside a transaction that is rolled back is never seen again."""

    tdp = models.OneToOneField(
        ResidentialGroup, models.CASCADE, primary_key=True, related_name="results_version"
    )
    counter = models.BigIntegerField(default=0)
    token = models.CharField(max_length=16, default=new_results_token)

    objects = ResultsVersionQuerySet.as_manager()

    class Meta:
        verbose_name = "phiên bản số liệu"
        verbose_name_plural = "phiên bản số liệu"

    def __str__(self):
        return f"{self.tdp_id}: {self.counter}"


class Campaign(models.Model):
    """Đợt thi đua: one year's movement in one ward."""

    ward = models.ForeignKey(Ward, models.PROTECT, related_name="campaigns", verbose_name="phường")
    year = models.PositiveSmallIntegerField("năm")
    name = models.CharField("tên đợt thi đua", max_length=200)

    class Meta:
        verbose_name = "đợt thi đua"
        verbose_name_plural = "đợt thi đua"
        ordering = ["ward_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "year"], name="campaign_year_unique_in_ward"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="campaign_year_range"
            ),
        ]

    def __str__(self):
        return self.name or f"Năm {self.year}"

    @property
    def code(self) -> str:
        return str(self.year)


class Step(models.IntegerChoices):
    """The four steps of the procedure (plan III.2.3)."""

    SELF_ASSESSMENT = 1, "Bước 1: Hộ gia đình tự chấm điểm"
    TDP_SCORING = 2, "Bước 2: Tổ CĐS cộng đồng tổ dân phố tổng hợp, chấm điểm"
    SUBMISSION = 3, "Bước 3: Nộp hồ sơ về thường trực thi đua khen thưởng"
    REVIEW = 4, "Bước 4: Sơ kết, tổng kết và trao thưởng"


class Phase(models.Model):
    class Kind(models.TextChoices):
        PRELIMINARY = "preliminary", "Sơ kết"
        FINAL = "final", "Tổng kết"

    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="phases", verbose_name="đợt thi đua"
    )
    number = models.PositiveSmallIntegerField("giai đoạn")
    name = models.CharField("tên giai đoạn", max_length=200)
    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    reference_date = models.DateField("ngày chốt số liệu")
    award_threshold = models.DecimalField("ngưỡng khen thưởng (%)", max_digits=5, decimal_places=2)
    # Step windows, inclusive dates (R12: they bind TDP team accounts only).
    step1_opens = models.DateField("bước 1 từ ngày")
    step1_closes = models.DateField("bước 1 đến ngày")
    step2_opens = models.DateField("bước 2 từ ngày")
    step2_closes = models.DateField("bước 2 đến ngày")
    step3_opens = models.DateField("bước 3 từ ngày")
    step3_closes = models.DateField("bước 3 hạn nộp (ngày cuối)")
    step4_opens = models.DateField("bước 4 từ ngày")
    step4_closes = models.DateField("bước 4 đến ngày", null=True, blank=True)

    history = HistoricalRecords()
    objects = FiguresQuerySet.as_manager()

    # The step windows' fields in order, and every date of a phase (forms, copy_campaign).
    WINDOW_FIELDS = tuple(f"step{s}_{end}" for s in (1, 2, 3, 4) for end in ("opens", "closes"))
    DATE_FIELDS = ("reference_date", *WINDOW_FIELDS)

    class Meta:
        verbose_name = "giai đoạn"
        verbose_name_plural = "giai đoạn"
        ordering = ["campaign_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "number"], name="phase_number_unique_in_campaign"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="phase_number_positive"),
            models.CheckConstraint(
                condition=Q(award_threshold__gte=0) & Q(award_threshold__lte=100),
                name="phase_threshold_percent",
            ),
            models.CheckConstraint(
                condition=Q(step1_opens__lte=models.F("step1_closes"))
                & Q(step2_opens__lte=models.F("step2_closes"))
                & Q(step3_opens__lte=models.F("step3_closes"))
                & (Q(step4_closes__isnull=True) | Q(step4_opens__lte=models.F("step4_closes"))),
                name="phase_windows_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.campaign} — giai đoạn {self.number} ({self.get_kind_display()})"

    def window(self, step: int) -> tuple[datetime.date, datetime.date | None]:
        return getattr(self, f"step{step}_opens"), getattr(self, f"step{step}_closes")

    def windows(self) -> list[tuple[int, str, datetime.date, datetime.date | None]]:
        return [(s.value, s.label, *self.window(s.value)) for s in Step]


class Assessment(models.Model):
    """One stage of one resident's score in one phase (R2, R10)."""

    class Stage(models.IntegerChoices):
        SELF = 1, "Hộ tự chấm"
        TDP = 2, "Tổ CĐS chấm"
        WARD = 3, "Phường điều chỉnh"

    resident = models.ForeignKey(
        Resident, models.CASCADE, related_name="assessments", verbose_name="nhân khẩu"
    )
    phase = models.ForeignKey(
        Phase, models.CASCADE, related_name="assessments", verbose_name="giai đoạn"
    )
    stage = models.PositiveSmallIntegerField("cấp chấm", choices=Stage.choices)
    tc1 = models.BooleanField("TC1", default=False)
    tc2 = models.BooleanField("TC2", default=False)
    tc3 = models.BooleanField("TC3", default=False)
    tc4 = models.BooleanField("TC4", default=False)
    tc5 = models.BooleanField("TC5", default=False)
    tc6 = models.BooleanField("TC6", default=False)
    tc7 = models.BooleanField("TC7", default=False)
    tc8 = models.BooleanField("TC8", default=False)
    tc9 = models.BooleanField("TC9", default=False)
    tc10 = models.BooleanField("TC10", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi",
    )
    recorded_at = models.DateTimeField("thời điểm ghi", auto_now=True)
    reason = models.TextField("lý do", blank=True)

    history = HistoricalRecords()
    objects = FiguresQuerySet.as_manager()

    class Meta:
        verbose_name = "phiếu chấm điểm"
        verbose_name_plural = "phiếu chấm điểm"
        ordering = ["resident_id", "phase_id", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "phase", "stage"], name="assessment_one_per_stage"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=[1, 2, 3]), name="assessment_stage_valid"
            ),
            # R10: a ward correction always carries its reason.
            models.CheckConstraint(
                condition=~Q(stage=3) | ~Q(reason=""), name="assessment_ward_stage_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.resident} — {self.phase} — {self.get_stage_display()}"

    @property
    def criteria(self) -> tuple[bool, ...]:
        return tuple(getattr(self, name) for name in CRITERIA)

    @property
    def score(self) -> int:
        from scoring.rules import citizen_score

        return citizen_score(self.criteria)


class CulturalHouseCheck(models.Model):
    """R7 checklist of one cultural house in one phase (filled at step 2)."""

    house = models.ForeignKey(
        CulturalHouse, models.CASCADE, related_name="checks", verbose_name="nhà văn hóa"
    )
    phase = models.ForeignKey(Phase, models.CASCADE, related_name="house_checks")
    has_internet = models.BooleanField(
        "Có kết nối Internet phục vụ hoạt động của cộng đồng, chi bộ", default=False
    )
    has_tv_and_device = models.BooleanField(
        "Có tivi, thiết bị kết nối tivi để trình chiếu, khai thác thông tin trên Internet",
        default=False,
    )
    runs_digital_skills_sessions = models.BooleanField(
        "Tổ CĐS cộng đồng định kỳ hướng dẫn kỹ năng, kiến thức về chuyển đổi số",
        default=False,
    )
    party_cell_uses_e_handbook = models.BooleanField(
        "Chi bộ sinh hoạt tại nhà văn hóa trên nền tảng “Sổ tay đảng viên điện tử”",
        default=False,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "tiêu chí nhà văn hóa số"
        verbose_name_plural = "tiêu chí nhà văn hóa số"
        constraints = [
            models.UniqueConstraint(fields=["house", "phase"], name="house_check_one_per_phase"),
        ]

    def __str__(self):
        return f"{self.house} — {self.phase}"

    CONDITIONS = (
        "has_internet",
        "has_tv_and_device",
        "runs_digital_skills_sessions",
        "party_cell_uses_e_handbook",
    )

    @property
    def is_digital(self) -> bool:
        from scoring.rules import is_digital_cultural_house

        return is_digital_cultural_house(*(getattr(self, c) for c in self.CONDITIONS))


class StandingsSnapshot(models.Model):
    """R13: a phase's results frozen when the office approves them.

    `data` holds the standings document (the JSON of INTERFACES.md, with households_detail)
    plus the list of digital families with their head and members, so that awards,
    decisions and certificates of the phase never move after approval."""

    phase = models.OneToOneField(Phase, models.PROTECT, related_name="snapshot")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField()

    # Freezing and unfreezing (with the office's reason) stay in the audit trail; the
    # figures themselves are not copied into history.
    history = HistoricalRecords(excluded_fields=["data"])

    class Meta:
        verbose_name = "kết quả đã chốt"
        verbose_name_plural = "kết quả đã chốt"

    def __str__(self):
        return f"Kết quả chốt — {self.phase}"
