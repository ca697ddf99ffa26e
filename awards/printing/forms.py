"""The certificate print form: a phase the user may see (the current one unless another is
asked for) and a TDP, or the whole ward."""

from __future__ import annotations

from django import forms

from households.access import ward_id_of
from households.models import ResidentialGroup
from scoring.phases import chosen_phase, phases_for_user


class PrintCertificatesForm(forms.Form):
    phase = forms.TypedChoiceField(
        label="Giai đoạn",
        coerce=int,
        error_messages={
            "invalid_choice": "Giai đoạn không hợp lệ.",
            "required": "Hãy chọn giai đoạn.",
        },
    )
    tdp = forms.ModelChoiceField(
        queryset=ResidentialGroup.objects.none(),
        required=False,
        empty_label="Toàn phường",
        label="Tổ dân phố",
        error_messages={"invalid_choice": "Tổ dân phố không hợp lệ."},
    )

    def __init__(self, *args, user, wanted_phase=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.phases = phases_for_user(user)
        self.fields["phase"].choices = [(p.pk, str(p)) for p in self.phases]
        if not self.is_bound:
            phase = chosen_phase(self.phases, wanted_phase)
            self.initial.setdefault("phase", phase.pk if phase else None)
        self.fields["tdp"].queryset = ResidentialGroup.objects.filter(
            ward_id=ward_id_of(user)
        ).in_code_order()

    decision_reference = forms.CharField(
        label="Số quyết định công nhận",
        required=False,
        max_length=40,
        help_text="Ví dụ 125/QĐ-UBND. Giấy chứng nhận ghi quyết định này và lấy ngày của nó; "
        "để trống nếu giai đoạn đã có quyết định, hoặc để điền tay sau.",
    )
    decision_date = forms.DateField(label="Ngày ký quyết định", required=False)

    def clean_phase(self):
        pk = self.cleaned_data["phase"]
        return next(p for p in self.phases if p.pk == pk)

    def clean(self):
        data = super().clean()
        reference, day = data.get("decision_reference"), data.get("decision_date")
        if bool(reference) != bool(day) and not self.errors.get("decision_date"):
            self.add_error(
                "decision_date" if reference else "decision_reference",
                "Ghi cả số và ngày ký của quyết định (hoặc để trống cả hai).",
            )
        return data

    def decision(self) -> tuple[str, object] | None:
        """(number, date) of the certificate decision typed in, if any (R14)."""
        reference = self.cleaned_data.get("decision_reference")
        return (reference, self.cleaned_data["decision_date"]) if reference else None

    def job_params(self) -> dict:
        """What the print job needs (awards.printing.tasks)."""
        tdp = self.cleaned_data["tdp"]
        return {"phase_id": self.cleaned_data["phase"].pk, "tdp_id": tdp.pk if tdp else None}
