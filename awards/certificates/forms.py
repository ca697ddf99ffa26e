"""Forms of the certificate screens: revoking one (the reason is required and kept)."""

from django import forms


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Lý do thu hồi",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=True,
        error_messages={"required": "Phải nhập lý do thu hồi giấy chứng nhận."},
    )
