"""Forms of step 4 (review). Reasons and comments are required and NFC-normalised; dates
are typed in any of the accepted formats (settings.DATE_INPUT_FORMATS), shown dd/mm/yyyy."""

from django import forms

from dongtam.forms import style_fields
from households.text import nfc_clean
from scoring.criteria import CRITERIA_SHORT
from scoring.models import CRITERIA, Step


def form_errors_text(form) -> str:
    """ "Label: error …" for every field in error, for a message on the next page."""
    return " ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())


def _text_field(label: str, required_message: str, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message},
    )


class _CleanTextMixin:
    """Required free text is NFC-cleaned (blank after trimming counts as missing); widgets
    get Bootstrap classes."""

    text_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self):
        data = super().clean()
        for name in self.text_fields:
            if name in data:
                data[name] = nfc_clean(data[name])
                if not data[name]:
                    self.add_error(name, self.fields[name].error_messages["required"])
        return data


class ReturnForm(_CleanTextMixin, forms.Form):
    text_fields = ("comment",)
    comment = _text_field(
        "Ý kiến gửi tổ dân phố (tổ sẽ thấy nội dung này)",
        "Vui lòng nhập ý kiến gửi tổ dân phố khi trả lại hồ sơ.",
    )


class ReasonForm(_CleanTextMixin, forms.Form):
    text_fields = ("reason",)
    reason = _text_field("Lý do", "Vui lòng nhập lý do.", rows=2)


class ReopenWindowForm(_CleanTextMixin, forms.Form):
    text_fields = ("reason",)
    step = forms.TypedChoiceField(
        label="Bước", choices=Step.choices, coerce=int, initial=Step.SUBMISSION
    )
    scope = forms.ChoiceField(
        label="Áp dụng cho",
        choices=[("tdp", "Chỉ tổ dân phố này"), ("all", "Tất cả tổ dân phố")],
        initial="tdp",
    )
    until = forms.DateField(
        label="Mở đến hết ngày (dd/mm/yyyy)",
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
        error_messages={
            "required": "Vui lòng nhập ngày mở đến.",
            "invalid": "Ngày mở đến phải theo dạng dd/mm/yyyy, ví dụ 15/09/2022.",
        },
    )
    reason = _text_field("Lý do mở lại", "Vui lòng nhập lý do mở lại thời hạn.", rows=2)


CONFIRM_REQUIRED = "Đánh dấu ô “Tôi xác nhận…” để tiếp tục."


def confirmed_field(label: str) -> forms.BooleanField:
    """The explicit "Tôi xác nhận …" box of every act that locks or freezes data. Unticked, the
    act is not done: the view shows its confirmation page."""
    return forms.BooleanField(
        label=label, required=False, error_messages={"required": CONFIRM_REQUIRED}
    )


class ConfirmMixin:
    """`confirmed` is the deliberate tick of a confirmation page."""

    def is_confirmed(self) -> bool:
        return self.is_valid() and bool(self.cleaned_data.get("confirmed"))


class ApproveForm(ConfirmMixin, forms.Form):
    confirmed = confirmed_field(
        "Tôi xác nhận duyệt hồ sơ này: số liệu của tổ dân phố sẽ bị khóa, kể cả với thường "
        "trực TĐKT, cho đến khi mở lại hồ sơ (có ghi lý do)."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class FreezeForm(ConfirmMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    confirm = forms.BooleanField(
        label="Vẫn chốt khi còn tổ dân phố chưa được duyệt hồ sơ", required=False
    )
    confirmed = confirmed_field(
        "Tôi xác nhận chốt kết quả giai đoạn: số liệu, xếp hạng và danh sách gia đình công "
        "dân số được lưu lại; khen thưởng và giấy chứng nhận dựa trên kết quả đã chốt."
    )


class BulkApproveForm(ConfirmMixin, forms.Form):
    dossiers = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={"required": "Chưa chọn hồ sơ nào để duyệt."},
    )
    confirmed = confirmed_field(
        "Tôi xác nhận duyệt các hồ sơ đã chọn: số liệu của các tổ dân phố này sẽ bị khóa."
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].choices = [(c, c) for c in choices]
        self.fields["dossiers"].error_messages["invalid_choice"] = (
            "Có hồ sơ được chọn không còn ở trạng thái “Đã nộp”; hãy tải lại trang."
        )


class CorrectionForm(_CleanTextMixin, forms.Form):
    """R10: the ward's correction of one resident's ten criteria, with its reason."""

    text_fields = ("reason",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i, name in enumerate(CRITERIA):
            self.fields[name] = forms.BooleanField(
                label=f"TC{i + 1}. {CRITERIA_SHORT[i]}", required=False
            )
        # Keep the reason last.
        self.fields["reason"] = self.fields.pop("reason")
        style_fields(self)

    reason = _text_field(
        "Lý do điều chỉnh (bắt buộc)",
        "Phường điều chỉnh điểm phải ghi lý do: vui lòng nhập lý do điều chỉnh.",
        rows=2,
    )

    def criteria(self) -> dict[str, bool]:
        return {name: self.cleaned_data.get(name, False) for name in CRITERIA}
