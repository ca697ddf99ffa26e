"""The browser import's upload form: the phase the self-assessments are for (one of the
user's phases, scoring.phases) and the workbook, checked for its type and size."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings

from scoring.importing.reader import WORKBOOK_EXTENSIONS


def phase_label(phase) -> str:
    return (
        f"Năm {phase.campaign.year} — giai đoạn {phase.number} ({phase.get_kind_display()}, "
        f"chốt số liệu {phase.reference_date:%d/%m/%Y})"
    )


class RosterUploadForm(forms.Form):
    phase = forms.TypedChoiceField(
        label="Giai đoạn",
        coerce=int,
        help_text="Phiếu tự chấm (bước 1) trong tệp được ghi cho giai đoạn này.",
    )
    file = forms.FileField(
        label="Tệp danh sách (.xlsx, .xls, .ods)",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(WORKBOOK_EXTENSIONS)}),
    )

    def __init__(self, *args, phases, **kwargs):
        """`phases`: the user's phases (scoring.phases.phases_for_user)."""
        super().__init__(*args, **kwargs)
        self.phases = {p.pk: p for p in phases}
        self.fields["phase"].choices = [(p.pk, phase_label(p)) for p in phases]

    def clean_phase(self):
        return self.phases[self.cleaned_data["phase"]]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in WORKBOOK_EXTENSIONS:
            raise forms.ValidationError(
                f"Tệp “{upload.name}” không phải là bảng tính: chỉ nhận tệp "
                + ", ".join(WORKBOOK_EXTENSIONS)
                + "."
            )
        limit = settings.ROSTER_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"Tệp lớn quá {limit // (1024 * 1024)} MB; hãy chia thành nhiều tệp."
            )
        return upload
