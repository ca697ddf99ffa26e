"""Forms of steps 1–2 that are not the register's: the cultural house checklist (R7). The
self-assessment sheet is read by awards.entry.services.parse_posted; the register's forms
(household, resident, move, status) are households.forms."""

from django import forms

from awards.entry.versions import version_of
from households.forms import VersionField
from scoring.models import CulturalHouseCheck


class CulturalHouseForm(forms.ModelForm):
    """The four R7 conditions; read-only (disabled) when the procedure does not allow
    changing them now."""

    class Meta:
        model = CulturalHouseCheck
        fields = CulturalHouseCheck.CONDITIONS
        widgets = {
            name: forms.CheckboxInput(attrs={"class": "form-check-input"})
            for name in CulturalHouseCheck.CONDITIONS
        }

    version = VersionField()

    @classmethod
    def versioned(cls, data, check, *, editable: bool):
        """The form on `check` (None before the first save) carrying its version."""
        return cls(data, instance=check, initial={"version": version_of(check)}, editable=editable)

    def __init__(self, *args, editable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not editable:
            for f in self.fields.values():
                f.disabled = True
