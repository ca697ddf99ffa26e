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

    def clean_phase(self):
        pk = self.cleaned_data["phase"]
        return next(p for p in self.phases if p.pk == pk)

    def job_params(self) -> dict:
        """What the print job needs (awards.printing.tasks)."""
        tdp = self.cleaned_data["tdp"]
        return {"phase_id": self.cleaned_data["phase"].pk, "tdp_id": tdp.pk if tdp else None}
