"""The set-up form "Sao chép sang năm mới": the year of the new campaign."""

from django import forms

from dongtam.forms import style_fields


class CopyCampaignForm(forms.Form):
    year = forms.IntegerField(
        label="Năm của đợt thi đua mới",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Vui lòng nhập năm của đợt thi đua mới.",
            "invalid": "Năm phải là số, ví dụ 2023.",
            "min_value": "Năm phải từ 2000 đến 2100.",
            "max_value": "Năm phải từ 2000 đến 2100.",
        },
    )

    def __init__(self, *args, source=None, **kwargs):
        super().__init__(*args, **kwargs)
        if source is not None:
            self.fields["year"].initial = source.year + 1
        style_fields(self)
