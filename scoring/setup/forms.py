"""Campaign set-up forms for the office: campaigns and phases (reference date, threshold,
the four step windows). Dates are shown dd/mm/yyyy and accepted in any of the one list of
formats (DATE_INPUT_FORMATS: 31/08/2022, 31.08.2022, …); every error names the field and
says what is wrong, in Vietnamese. Accounts: households.accounts.forms."""

from django import forms

from dongtam.forms import NamedEmptyChoices, style_fields
from households.text import nfc_clean
from scoring.models import Campaign, Phase


def _required_text(value: str, message: str) -> str:
    """Free text NFC-cleaned; blank after trimming counts as missing."""
    text = nfc_clean(value)
    if not text:
        raise forms.ValidationError(message)
    return text


def date_field(label: str, required: bool = True) -> forms.DateField:
    """A date typed by a person (the project's DATE_INPUT_FORMATS), shown dd/mm/yyyy."""
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
        error_messages={
            "required": f"Vui lòng nhập “{label}”.",
            "invalid": f"“{label}” phải theo dạng dd/mm/yyyy, ví dụ 31/08/2022.",
        },
    )


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["year", "name"]
        error_messages = {
            "year": {"required": "Vui lòng nhập năm.", "invalid": "Năm phải là một số."},
            "name": {"required": "Vui lòng nhập tên đợt thi đua."},
        }

    def __init__(self, *args, ward, **kwargs):
        super().__init__(*args, **kwargs)
        self.ward = ward
        self.instance.ward = ward
        style_fields(self)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("Năm phải trong khoảng 2000–2100.")
        clash = Campaign.objects.filter(ward=self.ward, year=year).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"Phường đã có đợt thi đua năm {year}.")
        return year

    def clean_name(self):
        return _required_text(self.cleaned_data["name"], "Vui lòng nhập tên đợt thi đua.")


WINDOW_LABELS = {
    1: "Bước 1 (hộ tự chấm)",
    2: "Bước 2 (tổ CĐS chấm, tổng hợp)",
    3: "Bước 3 (nộp hồ sơ)",
    4: "Bước 4 (sơ kết, tổng kết)",
}


class PhaseForm(NamedEmptyChoices, forms.ModelForm):
    reference_date = date_field("Ngày chốt số liệu")
    step1_opens = date_field("Bước 1 từ ngày")
    step1_closes = date_field("Bước 1 đến ngày")
    step2_opens = date_field("Bước 2 từ ngày")
    step2_closes = date_field("Bước 2 đến ngày")
    step3_opens = date_field("Bước 3 từ ngày")
    step3_closes = date_field("Bước 3 hạn nộp (ngày cuối)")
    step4_opens = date_field("Bước 4 từ ngày")
    step4_closes = date_field("Bước 4 đến ngày (để trống nếu chưa định)", required=False)

    class Meta:
        model = Phase
        fields = [
            "number",
            "kind",
            "name",
            "reference_date",
            "award_threshold",
            *Phase.WINDOW_FIELDS,
        ]
        error_messages = {
            "number": {
                "required": "Vui lòng nhập số thứ tự giai đoạn.",
                "invalid": "Giai đoạn phải là một số.",
            },
            "kind": {"required": "Vui lòng chọn loại (sơ kết / tổng kết)."},
            "name": {"required": "Vui lòng nhập tên giai đoạn."},
            "award_threshold": {
                "required": "Vui lòng nhập ngưỡng khen thưởng (%).",
                "invalid": "Ngưỡng khen thưởng phải là một số, ví dụ 85 hoặc 87,5.",
            },
        }
        labels = {"award_threshold": "Ngưỡng khen thưởng tổ dân phố (%)"}
        # Text, not type="number": browsers drop a value written with a decimal comma.
        widgets = {"award_threshold": forms.TextInput(attrs={"inputmode": "decimal"})}

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.instance.campaign = campaign
        self.fields["award_threshold"].localize = True
        self.fields["award_threshold"].widget.is_localized = True
        style_fields(self)

    def clean_number(self):
        number = self.cleaned_data["number"]
        if number < 1:
            raise forms.ValidationError("Giai đoạn phải từ 1 trở lên.")
        clash = Phase.objects.filter(campaign=self.campaign, number=number).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise forms.ValidationError(
                f"Đợt thi đua {self.campaign.year} đã có giai đoạn {number}."
            )
        return number

    def clean_name(self):
        return _required_text(self.cleaned_data["name"], "Vui lòng nhập tên giai đoạn.")

    def clean_award_threshold(self):
        value = self.cleaned_data["award_threshold"]
        if not 0 <= value <= 100:
            raise forms.ValidationError("Ngưỡng khen thưởng phải từ 0 đến 100 (%).")
        return value

    def clean(self):
        data = super().clean()
        for step, label in WINDOW_LABELS.items():
            opens, closes = data.get(f"step{step}_opens"), data.get(f"step{step}_closes")
            if opens and closes and opens > closes:
                self.add_error(
                    f"step{step}_closes",
                    f"{label}: ngày kết thúc ({closes:%d/%m/%Y}) phải từ ngày bắt đầu "
                    f"({opens:%d/%m/%Y}) trở đi.",
                )
        return data
