"""The city's choice of year and phase. Targets are edited with the ward's own
WardTargetForm (awards.proposals.forms): one form, one set of checks, whoever assigns."""

from django import forms


class PeriodForm(forms.Form):
    year = forms.TypedChoiceField(label="Năm", coerce=int)
    phase = forms.TypedChoiceField(label="Giai đoạn", coerce=int)

    def __init__(self, data, *, years: list[int], numbers: list[int]):
        super().__init__(data)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["phase"].choices = [(n, f"Giai đoạn {n}") for n in numbers or [1]]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
