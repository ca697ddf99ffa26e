"""Forms of the proposals screens: nominations (R9), the Chairman's decision on a line, targets
(R8), the pledge list. Text is NFC-normalised here (the edge); rules and multi-step writes
live in awards.proposals.services."""

from __future__ import annotations

from django import forms

from awards.models import AwardProposal, Pledge, WardTarget
from dongtam.forms import NamedEmptyChoices
from households.text import nfc, nfc_clean
from scoring import targets as r8

Category = AwardProposal.Category


class NominationForm(NamedEmptyChoices, forms.ModelForm):
    """R9: an individual or a collective proposed by a unit, with its achievements."""

    category = forms.ChoiceField(
        label="Hình thức",
        choices=[(Category.INDIVIDUAL, "Cá nhân"), (Category.COLLECTIVE, "Tập thể")],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = AwardProposal
        fields = [
            "category",
            "recipient_sex",
            "recipient_name",
            "recipient_position",
            "tdp",
            "proposing_unit",
            "achievement",
        ]
        labels = {
            "recipient_sex": "Ông / Bà (cá nhân)",
            "recipient_name": "Tên cá nhân / tập thể được đề nghị",
            "recipient_position": "Chức vụ, đơn vị công tác",
            "tdp": "Tổ dân phố (nếu gắn với một tổ)",
            "proposing_unit": "Bộ phận, đơn vị đề nghị",
            "achievement": "Tóm tắt thành tích",
        }
        widgets = {"achievement": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, ward=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tdp"].required = False
        if ward is not None:
            self.fields["tdp"].queryset = self.fields["tdp"].queryset.filter(ward=ward)
        self.fields["proposing_unit"].required = True
        self.fields["recipient_sex"].required = False
        required = {
            "recipient_name": "Nhập tên cá nhân hoặc tập thể được đề nghị.",
            "achievement": "Nhập tóm tắt thành tích.",
            "proposing_unit": "Nhập bộ phận, đơn vị đề nghị.",
            "category": "Chọn hình thức: cá nhân hoặc tập thể.",
        }
        for name, message in required.items():
            self.fields[name].error_messages["required"] = message

    def clean_recipient_name(self):
        value = nfc_clean(self.cleaned_data.get("recipient_name"))
        if not value:
            raise forms.ValidationError("Nhập tên cá nhân hoặc tập thể được đề nghị.")
        return value

    def clean_achievement(self):
        text = nfc(self.cleaned_data.get("achievement") or "")
        text = "\n".join(nfc_clean(line) for line in text.splitlines()).strip()
        if not text:
            raise forms.ValidationError("Nhập tóm tắt thành tích.")
        return text

    def clean(self):
        data = super().clean()
        for name in ("recipient_position", "proposing_unit"):
            data[name] = nfc_clean(data.get(name))
        if data.get("category") == Category.INDIVIDUAL and not data.get("recipient_sex"):
            self.add_error("recipient_sex", "Với cá nhân, chọn Ông hoặc Bà (in trên Giấy khen).")
        if data.get("category") == Category.COLLECTIVE:
            data["recipient_sex"] = ""
        return data


class DecideForm(forms.Form):
    """The Chairman's decision on one line."""

    action = forms.ChoiceField(choices=[("approve", "Duyệt"), ("reject", "Không duyệt")])
    reason = forms.CharField(
        label="Lý do", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        data["reason"] = nfc_clean(data.get("reason"))
        if data.get("action") == "reject" and not data["reason"]:
            self.add_error("reason", "Cần ghi lý do không duyệt.")
        return data

    def error_text(self) -> str:
        """The form's errors on one line (the decision is posted from a list: no form page)."""
        return "; ".join(e for errors in self.errors.values() for e in errors)


class WardTargetForm(NamedEmptyChoices, forms.ModelForm):
    """R8: a target assigned by the city for the campaign."""

    class Meta:
        model = WardTarget
        fields = ["indicator", "label", "target_value", "manual_actual"]
        labels = {
            "label": "Diễn giải (để trống: dùng tên chỉ tiêu)",
            "target_value": "Giá trị được giao",
            "manual_actual": "Kết quả thực hiện (chỉ với “Chỉ tiêu khác”)",
        }

    def clean_label(self):
        return nfc_clean(self.cleaned_data.get("label"))

    def clean(self):
        data = super().clean()
        indicator = data.get("indicator")
        target = data.get("target_value")
        if indicator in r8.PERCENT_INDICATORS and target is not None and target > 100:
            self.add_error("target_value", "Chỉ tiêu tỷ lệ phải trong khoảng 0–100 %.")
        if indicator in r8.COUNT_INDICATORS and target is not None and target != int(target):
            self.add_error("target_value", "Chỉ tiêu đếm số lượng phải là số nguyên.")
        if indicator in r8.COMPUTED_INDICATORS and data.get("manual_actual") is not None:
            self.add_error(
                "manual_actual",
                "Chỉ tiêu này do phần mềm tự tính từ kết quả chấm điểm: để trống ô kết quả.",
            )
        if indicator == r8.OTHER and not data.get("label"):
            self.add_error("label", "Với chỉ tiêu khác, ghi rõ nội dung chỉ tiêu.")
        return data


class PledgeForm(forms.ModelForm):
    class Meta:
        model = Pledge
        fields = ["organisation", "representative"]

    def clean_organisation(self):
        value = nfc_clean(self.cleaned_data.get("organisation"))
        if not value:
            raise forms.ValidationError("Nhập tên đơn vị.")
        return value

    def clean_representative(self):
        value = nfc_clean(self.cleaned_data.get("representative"))
        if not value:
            raise forms.ValidationError("Nhập họ tên người đại diện.")
        return value
