"""Forms of the register (sổ hộ): a new household, a resident's details, a move to another
household, moved away / deceased. Vietnamese labels; dates in the one list of accepted formats
(settings.DATE_INPUT_FORMATS, shown dd/mm/yyyy); text NFC-normalised here, at the edge."""

from django import forms
from django.utils import timezone

from households.models import Resident, cccd_validator, mask_cccd
from households.text import nfc_clean


class VNDateField(forms.DateField):
    """A date typed on a phone: any format of DATE_INPUT_FORMATS, shown in the first of
    them (dd/mm/yyyy)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"invalid": "Ngày không hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 17/05/1980."},
        )
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                attrs={
                    "placeholder": "dd/mm/yyyy",
                    "inputmode": "numeric",
                    "maxlength": "10",
                    "data-date-mask": "",
                    "autocomplete": "off",
                    "class": "form-control form-control-lg",
                },
            ),
        )
        super().__init__(**kwargs)


class VersionField(forms.CharField):
    """The version of the object a form edits (awards.entry.versions), hidden; empty on a
    form that creates one."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)


def _text(**attrs):
    return forms.TextInput(attrs={"class": "form-control form-control-lg", **attrs})


class HouseholdForm(forms.Form):
    code = forms.CharField(label="Mã hộ", max_length=30, widget=_text(autocomplete="off"))
    address = forms.CharField(label="Địa chỉ", max_length=255, required=False, widget=_text())
    version = VersionField()

    @classmethod
    def initial_for(cls, household) -> dict:
        return {"code": household.code, "address": household.address}

    def clean_code(self):
        code = nfc_clean(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError("Chưa nhập mã hộ.")
        return code

    def clean_address(self):
        return nfc_clean(self.cleaned_data["address"])


class ResidentForm(forms.Form):
    full_name = forms.CharField(
        label="Họ và tên", max_length=150, widget=_text(autocomplete="off", autocapitalize="words")
    )
    birth_date = VNDateField(label="Ngày sinh")
    sex = forms.ChoiceField(
        label="Giới tính",
        choices=[("", "—"), *Resident.Sex.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    cccd = forms.CharField(
        label="Số CCCD (không bắt buộc)",
        required=False,
        max_length=20,
        widget=_text(inputmode="numeric", autocomplete="off", placeholder="12 chữ số"),
    )
    is_head = forms.BooleanField(label="Là chủ hộ", required=False)
    version = VersionField()

    def __init__(self, *args, resident: Resident | None = None, full_cccd: bool = True, **kw):
        """`full_cccd` False (roles that may not see the number, households.access): an
        existing CCCD is shown masked, and sent back unchanged it keeps the stored number."""
        super().__init__(*args, **kw)
        self.resident, self.full_cccd = resident, full_cccd
        if resident is not None and resident.cccd and not full_cccd:
            self.initial["cccd"] = mask_cccd(resident.cccd)
            self.fields[
                "cccd"
            ].help_text = (
                "Số đã ghi được che; để nguyên nếu không đổi, hoặc nhập lại đủ 12 chữ số."
            )

    @classmethod
    def initial_for(cls, resident: Resident) -> dict:
        """The form filled with a resident's current details (for correcting them)."""
        return {
            "full_name": resident.full_name,
            "birth_date": resident.birth_date,
            "sex": resident.sex,
            "cccd": resident.cccd or "",
            "is_head": resident.household.head_id == resident.pk,
        }

    def clean_full_name(self):
        name = nfc_clean(self.cleaned_data["full_name"])
        if not name:
            raise forms.ValidationError("Chưa nhập họ và tên.")
        return name

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value > timezone.localdate():
            raise forms.ValidationError("Ngày sinh ở tương lai: kiểm tra lại năm sinh.")
        if value.year < 1900:
            raise forms.ValidationError("Năm sinh trước 1900: kiểm tra lại năm sinh.")
        return value

    def clean_cccd(self):
        raw = "".join(self.cleaned_data.get("cccd", "").split())
        if not raw:
            return None
        stored = self.resident.cccd if self.resident is not None else None
        if stored and not self.full_cccd and raw == mask_cccd(stored):
            return stored  # the masked number sent back unchanged
        if not raw.isdigit() or len(raw) != 12:
            raise forms.ValidationError(
                f"Số CCCD phải gồm đúng 12 chữ số (đã nhập {len(raw)} ký tự)."
            )
        cccd_validator(raw)
        return raw


class MoveForm(forms.Form):
    target_code = forms.CharField(
        label="Chuyển sang hộ (mã hộ)", max_length=30, widget=_text(autocomplete="off")
    )
    reason = forms.CharField(
        label="Lý do",
        required=False,
        max_length=500,
        widget=_text(placeholder="Ví dụ: tách hộ, nhập hộ"),
    )
    version = VersionField()

    def clean_target_code(self):
        return nfc_clean(self.cleaned_data["target_code"])

    def clean_reason(self):
        return nfc_clean(self.cleaned_data["reason"])


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Tình trạng",
        choices=Resident.Status.choices,
        widget=forms.RadioSelect,
    )
    on_date = VNDateField(label="Ngày chuyển đi / ngày mất", required=False)
    reason = forms.CharField(
        label="Ghi chú (lý do)", required=False, max_length=500, widget=_text()
    )
    version = VersionField()

    @classmethod
    def initial_for(cls, resident: Resident) -> dict:
        return {"status": resident.status, "on_date": resident.status_changed_on}

    def clean_reason(self):
        return nfc_clean(self.cleaned_data["reason"])

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status and status != Resident.Status.ACTIVE and not data.get("on_date"):
            self.add_error("on_date", "Cần ghi ngày chuyển đi hoặc ngày mất (ngày/tháng/năm).")
        on = data.get("on_date")
        if on and on > timezone.localdate():
            self.add_error("on_date", "Ngày ở tương lai: kiểm tra lại.")
        return data
