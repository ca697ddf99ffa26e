"""The register: wards, residential groups (TDP), households, residents, cultural houses,
and who may act for which TDP. Nothing here knows about scoring or awards."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from households.signals import bulk_write
from households.text import nfc

cccd_validator = RegexValidator(r"^\d{12}$", "Số CCCD phải gồm đúng 12 chữ số.")


class Ward(models.Model):
    code = models.CharField("mã phường", max_length=20, unique=True)
    name = models.CharField("tên phường", max_length=100)  # "Đồng Tâm"
    city = models.CharField("thành phố", max_length=100, blank=True)  # "Yên Bái"
    province = models.CharField("tỉnh", max_length=100, blank=True)
    chairman_name = models.CharField("Chủ tịch UBND phường", max_length=100, blank=True)

    class Meta:
        verbose_name = "phường"
        verbose_name_plural = "phường"
        ordering = ["name"]

    def __str__(self):
        return f"Phường {self.name}"


class ResidentialGroupQuerySet(models.QuerySet):
    def in_code_order(self):
        return self.order_by("ward_id", "sort_key", "code")


class ResidentialGroup(models.Model):
    """Tổ dân phố (TDP)."""

    ward = models.ForeignKey(Ward, models.PROTECT, related_name="tdps", verbose_name="phường")
    code = models.CharField("mã tổ", max_length=10)
    name = models.CharField("tên tổ dân phố", max_length=100)
    # Numeric codes sort numerically (2 before 10); filled from the code on save.
    sort_key = models.PositiveIntegerField(default=0, editable=False)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="tdps_in_charge",
        verbose_name="cán bộ phụ trách",
    )

    objects = ResidentialGroupQuerySet.as_manager()

    class Meta:
        verbose_name = "tổ dân phố"
        verbose_name_plural = "tổ dân phố"
        ordering = ["ward_id", "sort_key", "code"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "code"], name="tdp_code_unique_in_ward"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.sort_key = int(self.code) if self.code.isdigit() else 10_000
        super().save(*args, **kwargs)


class CulturalHouse(models.Model):
    """Nhà văn hóa: one per TDP (its R7 checklist is kept per phase in scoring)."""

    tdp = models.OneToOneField(
        ResidentialGroup, models.CASCADE, related_name="cultural_house", verbose_name="tổ dân phố"
    )
    name = models.CharField("tên nhà văn hóa", max_length=150)
    address = models.CharField("địa chỉ", max_length=255, blank=True)

    class Meta:
        verbose_name = "nhà văn hóa"
        verbose_name_plural = "nhà văn hóa"

    def __str__(self):
        return self.name


class RegisterQuerySet(models.QuerySet):
    """Bulk writes announce themselves (households.signals.bulk_write), in the transaction
    that makes them, since they send no per-object post_save."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        bulk_write.send(sender=self.model)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        bulk_write.send(sender=self.model)
        return created

    # bulk_update() goes through update().


class HouseholdQuerySet(RegisterQuerySet):
    def in_tdps(self, tdps):
        return self.filter(tdp__in=tdps)

    def search(self, term: str):
        term = nfc(term).strip()
        if not term:
            return self
        return self.filter(
            Q(code__iexact=term)
            | Q(code__icontains=term)
            | Q(residents__full_name__icontains=term)
        ).distinct()


class Household(models.Model):
    ward = models.ForeignKey(Ward, models.PROTECT, related_name="households", editable=False)
    tdp = models.ForeignKey(
        ResidentialGroup, models.PROTECT, related_name="households", verbose_name="tổ dân phố"
    )
    code = models.CharField("mã hộ", max_length=30)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    head = models.ForeignKey(
        "Resident",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chủ hộ",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["created_at"])
    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = "hộ gia đình"
        verbose_name_plural = "hộ gia đình"
        ordering = ["tdp__sort_key", "code"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "code"], name="household_code_unique_in_ward"),
        ]

    def __str__(self):
        return f"Hộ {self.code}"

    def save(self, *args, **kwargs):
        self.code = nfc(self.code).strip()
        self.ward_id = self.tdp.ward_id
        super().save(*args, **kwargs)

    def clean(self):
        if self.head_id and self.head.household_id != self.pk:
            raise ValidationError({"head": "Chủ hộ phải là thành viên của hộ."})


class ResidentQuerySet(RegisterQuerySet):
    def active(self):
        return self.filter(status=Resident.Status.ACTIVE)

    def born_on_or_before(self, date: datetime.date):
        return self.filter(birth_date__lte=date)

    def in_tdps(self, tdps):
        return self.filter(household__tdp__in=tdps)


class Resident(models.Model):
    class Sex(models.TextChoices):
        MALE = "M", "Nam"
        FEMALE = "F", "Nữ"

    class Status(models.TextChoices):
        ACTIVE = "active", "Đang cư trú"
        MOVED = "moved", "Đã chuyển đi"
        DECEASED = "deceased", "Đã mất"

    household = models.ForeignKey(
        Household, models.PROTECT, related_name="residents", verbose_name="hộ gia đình"
    )
    full_name = models.CharField("họ và tên", max_length=150)
    birth_date = models.DateField("ngày sinh")
    sex = models.CharField("giới tính", max_length=1, choices=Sex.choices, blank=True)
    cccd = models.CharField(
        "số CCCD", max_length=12, null=True, blank=True, unique=True, validators=[cccd_validator]
    )
    status = models.CharField(
        "tình trạng", max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    status_changed_on = models.DateField("ngày thay đổi tình trạng", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["created_at"])
    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = "nhân khẩu"
        verbose_name_plural = "nhân khẩu"
        ordering = ["household_id", "birth_date", "id"]
        indexes = [models.Index(fields=["household", "full_name", "birth_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(cccd__isnull=True) | Q(cccd__regex=r"^[0-9]{12}$"),
                name="resident_cccd_12_digits",
            ),
            models.CheckConstraint(condition=~Q(full_name=""), name="resident_name_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=["active", "moved", "deceased"]),
                name="resident_status_valid",
            ),
            models.CheckConstraint(condition=Q(sex__in=["", "M", "F"]), name="resident_sex_valid"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = nfc(self.full_name).strip()
        if self.cccd == "":
            self.cccd = None
        super().save(*args, **kwargs)

    @property
    def masked_cccd(self) -> str:
        return mask_cccd(self.cccd)

    def cccd_warnings(self) -> list[str]:
        from households.cccd import cccd_warnings

        return cccd_warnings(self.cccd, self.birth_date, self.sex)


def mask_cccd(cccd: str | None) -> str:
    """Only the last three digits are shown to roles that do not need the number."""
    if not cccd:
        return ""
    return "•" * 9 + cccd[-3:]


class Membership(models.Model):
    """A user's role in the ward and, for TDP roles, the TDPs it covers (object scope). The
    city's office (role `city`) belongs to no ward: it reads every ward of the city and sets
    their targets, and changes no ward's data."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Quản trị phường"
        OFFICE = "office", "Thường trực thi đua khen thưởng"
        CHAIRMAN = "chairman", "Lãnh đạo UBND phường"
        STAFF = "staff", "Văn phòng (in ấn, báo cáo)"
        TDP_TEAM = "tdp_team", "Tổ CĐS cộng đồng tổ dân phố"
        TDP_OFFICER = "tdp_officer", "Cán bộ phụ trách tổ dân phố"
        CITY = "city", "Phòng Văn hóa và Thông tin thành phố"

    TDP_ROLES = (Role.TDP_TEAM, Role.TDP_OFFICER)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="membership"
    )
    ward = models.ForeignKey(
        Ward, models.CASCADE, related_name="memberships", null=True, blank=True
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    tdps = models.ManyToManyField(
        ResidentialGroup, blank=True, related_name="memberships", verbose_name="tổ dân phố"
    )

    history = HistoricalRecords(m2m_fields=[tdps])

    class Meta:
        verbose_name = "vai trò người dùng"
        verbose_name_plural = "vai trò người dùng"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    role__in=[
                        "admin",
                        "office",
                        "chairman",
                        "staff",
                        "tdp_team",
                        "tdp_officer",
                        "city",
                    ]
                ),
                name="membership_role_valid",
            ),
            models.CheckConstraint(
                condition=(Q(role="city") & Q(ward__isnull=True))
                | (~Q(role="city") & Q(ward__isnull=False)),
                name="membership_ward_unless_city",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"

    @property
    def is_tdp_role(self) -> bool:
        return self.role in self.TDP_ROLES
