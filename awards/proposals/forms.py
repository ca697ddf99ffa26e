"""Forms of the proposals and decisions screens. Text is NFC-normalised here (the edge);
rules and multi-step writes live in awards.proposals.services / services_decisions."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms

from awards.decisions.services import duplicate_number_message, next_decision_number
from awards.models import AwardProposal, Pledge, WardTarget
from dongtam.forms import NamedEmptyChoices
from households.text import nfc, nfc_clean
from scoring import targets as r8

Category = AwardProposal.Category

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


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


def parse_dong(raw) -> Decimal | None:
    """ "1.500.000", "1 500 000 đ", "1500000" → Decimal(1500000); empty → None."""
    text = nfc_clean(raw).lower().replace("đồng", "").replace("đ", "").strip()
    if not text:
        return None
    text = re.sub(r"[.\s,]", "", text)
    if not text.isdigit():
        raise ValueError(raw)
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - isdigit guards this
        raise ValueError(raw) from exc


class DecisionForm(forms.Form):
    """Issue a decision: its header plus, for each approved line not yet in a decision, a
    tick box, the amount (đồng) and the gold-book number."""

    number = forms.IntegerField(label="Số quyết định", min_value=1)
    signed_on = forms.DateField(label="Ngày ký", widget=DATE_WIDGET)
    signer_name = forms.CharField(label="Người ký", max_length=150)
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=150, initial="CHỦ TỊCH")
    title = forms.CharField(
        label="Trích yếu",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, phase, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.phase = phase
        self.lines = list(lines)
        for p in self.lines:
            self.fields[f"pick_{p.pk}"] = forms.BooleanField(required=False, initial=True)
            self.fields[f"amount_{p.pk}"] = forms.CharField(
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            )
            self.fields[f"gold_book_{p.pk}"] = forms.CharField(required=False, max_length=30)

    def rows(self):
        """(proposal, tick, amount, gold book) bound fields for the template."""
        return [
            (p, self[f"pick_{p.pk}"], self[f"amount_{p.pk}"], self[f"gold_book_{p.pk}"])
            for p in self.lines
        ]

    def clean_signer_name(self):
        return nfc_clean(self.cleaned_data.get("signer_name"))

    def clean_signer_title(self):
        return nfc_clean(self.cleaned_data.get("signer_title"))

    def clean_title(self):
        return nfc_clean(self.cleaned_data.get("title"))

    def clean(self):
        data = super().clean()
        number, signed_on = data.get("number"), data.get("signed_on")
        if number and signed_on:
            from awards.models import Decision

            ward_id = self.phase.campaign.ward_id
            if Decision.objects.filter(
                ward_id=ward_id, year=signed_on.year, number=number
            ).exists():
                self.add_error("number", duplicate_number_message(number, signed_on.year, ward_id))
        picked = []
        for p in self.lines:
            if not data.get(f"pick_{p.pk}"):
                continue
            raw = data.get(f"amount_{p.pk}")
            try:
                amount = parse_dong(raw)
            except ValueError:
                self.add_error(
                    f"amount_{p.pk}",
                    f"Mức thưởng của “{p.recipient_name}” không hợp lệ: nhập số tiền bằng "
                    "chữ số, ví dụ 1.500.000.",
                )
                continue
            if amount is None:
                self.add_error(f"amount_{p.pk}", f"Nhập mức thưởng cho “{p.recipient_name}”.")
                continue
            picked.append((p, amount, nfc_clean(data.get(f"gold_book_{p.pk}"))))
        if not picked and not self.errors:
            raise forms.ValidationError(
                "Chọn ít nhất một đề nghị đã được Chủ tịch duyệt để đưa vào quyết định."
            )
        data["picked"] = picked
        return data


def decision_initial(phase, ward, today) -> dict:
    return {
        "number": next_decision_number(ward, today.year),
        "signed_on": today,
        "signer_name": ward.chairman_name,
        "signer_title": "CHỦ TỊCH",
        "title": (
            "Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong phong "
            f"trào thi đua “Chuyển đổi số” — {phase.get_kind_display().lower()} giai đoạn "
            f"{phase.number} năm {phase.campaign.year}"
        ),
    }
