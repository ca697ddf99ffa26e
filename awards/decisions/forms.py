"""The form that issues a decision: its header, and for each approved line not yet in a
decision a tick box, the amount (đồng) and the gold-book number. Text is NFC-normalised here;
the decision's rules and writes are awards.decisions.services."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms

from awards.decisions.services import (
    AwardLine,
    duplicate_number_message,
    next_decision_number,
    number_taken,
)
from households.text import nfc_clean

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


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
            ward_id = self.phase.campaign.ward_id
            if number_taken(ward_id, signed_on.year, number):
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

    HEADER = ("number", "signed_on", "signer_name", "signer_title", "title")

    def header(self) -> dict:
        """The decision's own fields, as create_decision takes them."""
        return {name: self.cleaned_data[name] for name in self.HEADER}

    def award_lines(self) -> list[AwardLine]:
        return [AwardLine(p.pk, amount, book) for p, amount, book in self.cleaned_data["picked"]]


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
