"""The four-step procedure's dossiers, and what comes of step 4: proposals, decisions,
Giấy khen, "Gia đình công dân số" certificates, print jobs."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from households.models import Household, ResidentialGroup, Ward
from scoring.models import Campaign, Phase, Step


class Dossier(models.Model):
    """A TDP's dossier for one phase (steps 2–4). No row yet means "not started"."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", "Đang thực hiện"
        SUBMITTED = "submitted", "Đã nộp"
        RETURNED = "returned", "Trả lại để bổ sung"
        APPROVED = "approved", "Đã duyệt"

    phase = models.ForeignKey(Phase, models.CASCADE, related_name="dossiers")
    tdp = models.ForeignKey(ResidentialGroup, models.CASCADE, related_name="dossiers")
    state = models.CharField(
        "trạng thái", max_length=12, choices=State.choices, default=State.IN_PROGRESS
    )
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_late = models.BooleanField("nộp muộn", default=False)
    return_comment = models.TextField("ý kiến khi trả lại", blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "hồ sơ tổ dân phố"
        verbose_name_plural = "hồ sơ tổ dân phố"
        ordering = ["phase_id", "tdp__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["phase", "tdp"], name="dossier_one_per_tdp_phase"),
            models.CheckConstraint(
                condition=Q(state__in=["in_progress", "submitted", "returned", "approved"]),
                name="dossier_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_comment=""),
                name="dossier_returned_has_comment",
            ),
        ]

    def __str__(self):
        return f"Hồ sơ {self.tdp} — {self.phase}"


class WindowReopening(models.Model):
    """The office reopens a closed step for one TDP (or all TDPs) until a date, with reason."""

    phase = models.ForeignKey(Phase, models.CASCADE, related_name="reopenings")
    tdp = models.ForeignKey(
        ResidentialGroup,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="reopenings",
        help_text="Để trống: mở lại cho mọi tổ dân phố.",
    )
    step = models.PositiveSmallIntegerField("bước", choices=Step.choices)
    until = models.DateField("mở đến hết ngày")
    reason = models.TextField("lý do")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "mở lại thời hạn"
        verbose_name_plural = "mở lại thời hạn"
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="reopening_has_reason"),
            models.CheckConstraint(condition=Q(step__in=[1, 2, 3, 4]), name="reopening_step"),
        ]

    def __str__(self):
        return f"Mở lại bước {self.step} đến {self.until:%d/%m/%Y}"


class WardTarget(models.Model):
    """R8: a target (chỉ tiêu) the city assigned to the ward for the campaign."""

    class Indicator(models.TextChoices):
        DIGITAL_CITIZEN_PERCENT = "digital_citizen_percent", "Tỷ lệ công dân số (%)"
        DIGITAL_FAMILY_PERCENT = "digital_family_percent", "Tỷ lệ gia đình công dân số (%)"
        DIGITAL_TDPS = "digital_tdps", "Số tổ dân phố chuyển đổi số"
        DIGITAL_CULTURAL_HOUSES = "digital_cultural_houses", "Số nhà văn hóa số"
        OTHER = "other", "Chỉ tiêu khác (nhập kết quả)"

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="targets")
    indicator = models.CharField("chỉ tiêu", max_length=30, choices=Indicator.choices)
    label = models.CharField("diễn giải", max_length=255, blank=True)
    target_value = models.DecimalField("giá trị giao", max_digits=9, decimal_places=2)
    # For indicators the app cannot compute, the office enters the achieved value.
    manual_actual = models.DecimalField(
        "kết quả thực hiện (nhập tay)", max_digits=9, decimal_places=2, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "chỉ tiêu được giao"
        verbose_name_plural = "chỉ tiêu được giao"
        constraints = [
            models.CheckConstraint(condition=Q(target_value__gte=0), name="target_non_negative"),
        ]

    def __str__(self):
        return self.label or self.get_indicator_display()


class Pledge(models.Model):
    """A line of the pledge list (danh sách ký cam kết thi đua)."""

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="pledges")
    organisation = models.CharField("đơn vị", max_length=200)
    representative = models.CharField("người đại diện", max_length=150)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "đơn vị ký cam kết"
        verbose_name_plural = "danh sách ký cam kết thi đua"
        ordering = ["campaign_id", "position", "id"]

    def __str__(self):
        return f"{self.organisation} — {self.representative}"


class Decision(models.Model):
    """Quyết định số …/QĐ-UBND: groups approved awards (Giấy khen) with their amounts."""

    ward = models.ForeignKey(Ward, models.PROTECT, related_name="decisions")
    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="decisions")
    phase = models.ForeignKey(
        Phase, models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    number = models.PositiveIntegerField("số quyết định")
    year = models.PositiveSmallIntegerField("năm")
    signed_on = models.DateField("ngày ký")
    signer_name = models.CharField("người ký", max_length=150)
    signer_title = models.CharField("chức vụ người ký", max_length=150, default="CHỦ TỊCH")
    title = models.CharField("trích yếu", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "quyết định khen thưởng"
        verbose_name_plural = "quyết định khen thưởng"
        ordering = ["-year", "-number"]
        constraints = [
            # Decision numbers never repeat within a ward's year.
            models.UniqueConstraint(
                fields=["ward", "year", "number"], name="decision_number_unique"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="decision_number_positive"),
        ]

    def __str__(self):
        return f"Quyết định số {self.number}/QĐ-UBND"

    @property
    def reference(self) -> str:
        return f"{self.number}/QĐ-UBND"


class AwardProposalQuerySet(models.QuerySet):
    def for_phase(self, phase):
        return self.filter(phase=phase)

    def computed(self):
        """Lines the app derives from the rules (R6, R8), as opposed to nominations (R9)."""
        return self.filter(category__in=["tdp", "ward_team"])

    def undecided(self):
        return self.filter(status="proposed")

    def unlocked(self):
        """Not yet in a decision: the Chairman may still change his mind."""
        return self.filter(decision__isnull=True)

    def ready_for_decision(self):
        """Approved by the Chairman and not yet grouped into a decision."""
        return self.filter(status="approved", decision__isnull=True)


class AwardProposal(models.Model):
    """One line of the award proposal of a campaign / phase (R6, R8, R9). The standing
    office compiles; the Chairman approves or rejects (with a reason); approved lines are
    grouped into a Decision, each with its amount and gold-book number."""

    class Category(models.TextChoices):
        TDP = "tdp", "Tổ dân phố chuyển đổi số"  # R6
        WARD_TEAM = "ward_team", "Tổ chuyển đổi số cộng đồng phường"  # R8
        INDIVIDUAL = "individual", "Cá nhân"  # R9
        COLLECTIVE = "collective", "Tập thể"  # R9

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Đề nghị"
        APPROVED = "approved", "Chủ tịch duyệt"
        REJECTED = "rejected", "Không duyệt"

    class Sex(models.TextChoices):
        MALE = "M", "Ông"
        FEMALE = "F", "Bà"

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="proposals")
    phase = models.ForeignKey(
        Phase, models.CASCADE, null=True, blank=True, related_name="proposals"
    )
    category = models.CharField("hình thức", max_length=12, choices=Category.choices)
    tdp = models.ForeignKey(
        ResidentialGroup, models.PROTECT, null=True, blank=True, related_name="proposals"
    )
    recipient_name = models.CharField("tên tập thể / cá nhân", max_length=200)
    recipient_sex = models.CharField("Ông / Bà", max_length=1, choices=Sex.choices, blank=True)
    recipient_position = models.CharField("chức vụ, đơn vị", max_length=200, blank=True)
    proposing_unit = models.CharField("đơn vị đề nghị", max_length=200, blank=True)
    achievement = models.TextField("thành tích")
    tie_flag = models.BooleanField("đồng hạng — Hội đồng xem xét", default=False)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    decision_reason = models.TextField("lý do", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.ForeignKey(
        Decision, models.PROTECT, null=True, blank=True, related_name="awards"
    )
    amount = models.DecimalField(
        "mức thưởng (đồng)", max_digits=12, decimal_places=0, null=True, blank=True
    )
    gold_book_number = models.CharField("số sổ vàng", max_length=30, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = AwardProposalQuerySet.as_manager()

    class Meta:
        verbose_name = "đề nghị khen thưởng"
        verbose_name_plural = "đề nghị khen thưởng"
        ordering = ["campaign_id", "phase_id", "category", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="proposal_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(decision__isnull=True) | Q(status="approved"),
                name="proposal_in_decision_is_approved",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="proposal_amount_non_negative",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.recipient_name}"

    @property
    def is_person(self) -> bool:
        return self.category == self.Category.INDIVIDUAL


# Verification codes are read aloud and typed by people holding the paper: no 0/O, no
# 1/I/L, upper case, three groups of six. 31 symbols ** 18 ≈ 2 ** 89: unguessable.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_GROUPS, CODE_GROUP_LENGTH = 3, 6


def new_verification_code() -> str:
    return "-".join(
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    )


def canonical_verification_code(raw: str) -> str:
    """The stored form of a code as a person typed it: case, spaces, dots and dashes do not
    matter ("k7qm3x pa9rtv w2hj8n" → "K7QM3X-PA9RTV-W2HJ8N"). Anything else (the older
    URL-safe codes already printed, which are case-sensitive) is returned trimmed as given."""
    text = "".join(str(raw or "").split())
    compact = text.replace("-", "").replace(".", "").upper()
    if len(compact) == CODE_GROUPS * CODE_GROUP_LENGTH and set(compact) <= set(CODE_ALPHABET):
        n = CODE_GROUP_LENGTH
        return "-".join(compact[i : i + n] for i in range(0, len(compact), n))
    return text


class CertificateDecision(models.Model):
    """R14: the Chairman's decision (Quyết định số …/QĐ-UBND, with its date) on which a
    phase's "Gia đình công dân số" certificates rest: each certificate of the phase shows it
    and is dated on it, whatever day it is printed."""

    phase = models.OneToOneField(
        Phase, models.PROTECT, related_name="certificate_decision", verbose_name="giai đoạn"
    )
    reference = models.CharField("số quyết định", max_length=40)  # "125/QĐ-UBND"
    signed_on = models.DateField("ngày ký")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "quyết định công nhận gia đình công dân số"
        verbose_name_plural = "quyết định công nhận gia đình công dân số"

    def __str__(self):
        return f"Quyết định số {self.reference} ngày {self.signed_on:%d/%m/%Y}"


class FamilyCertificate(models.Model):
    """Giấy chứng nhận "Gia đình công dân số" (R3). Re-printing keeps the number and code;
    the names are frozen from the phase's snapshot (R13) when issued."""

    # Numbers run per campaign, and a campaign belongs to one ward: wards of a city print
    # the same year's numbers without colliding.
    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="certificates")
    phase = models.ForeignKey(Phase, models.PROTECT, related_name="certificates")
    household = models.ForeignKey(Household, models.PROTECT, related_name="certificates")
    number = models.CharField("số giấy chứng nhận", max_length=30)
    verification_code = models.CharField(
        max_length=40, unique=True, default=new_verification_code, editable=False
    )
    head_name = models.CharField("chủ hộ", max_length=150)
    tdp_name = models.CharField("tổ dân phố", max_length=100)
    issued_on = models.DateField("ngày cấp")
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    revoked_reason = models.TextField("lý do thu hồi", blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "giấy chứng nhận gia đình công dân số"
        verbose_name_plural = "giấy chứng nhận gia đình công dân số"
        ordering = ["phase_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "household"], name="certificate_one_per_household_phase"
            ),
            models.UniqueConstraint(
                fields=["campaign", "number"], name="certificate_number_unique_in_campaign"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="certificate_revocation_has_reason",
            ),
        ]

    def __str__(self):
        return f"Giấy chứng nhận số {self.number}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class PrintJob(models.Model):
    """A long print (a whole ward's certificates, a decision's Giấy khen) run by the task
    worker; the browser polls its progress and downloads the file when done."""

    class Kind(models.TextChoices):
        FAMILY_CERTIFICATES = "family_certificates", "Giấy chứng nhận gia đình công dân số"
        MERIT_CERTIFICATES = "merit_certificates", "Giấy khen theo quyết định"

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang in"
        DONE = "done", "Hoàn thành"
        FAILED = "failed", "Lỗi"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # What the worker is doing now ("Đang dàn trang 120/1.000"), shown while polling.
    stage = models.CharField("giai đoạn xử lý", max_length=200, blank=True)
    file = models.FileField(upload_to="print-jobs/", blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "lượt in"
        verbose_name_plural = "lượt in"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.done * 100 // self.total)
