"""The set-up's account form: a user with a role and, for TDP roles, the TDPs it covers;
saved through households.accounts.services.save_account."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator

from dongtam.forms import style_fields
from households.access import membership_of
from households.accounts.services import save_account
from households.models import Membership, ResidentialGroup
from households.text import nfc_clean


class AccountForm(forms.Form):
    """A new account (`user=None`) or the account `user`, whose username stays."""

    username = forms.CharField(
        label="Tên đăng nhập",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        error_messages={"required": "Vui lòng nhập tên đăng nhập."},
        help_text="Chữ, số và các ký tự @ . + - _ (không dấu cách).",
    )
    full_name = forms.CharField(label="Họ và tên", max_length=150, required=False)
    role = forms.ChoiceField(
        label="Vai trò",
        choices=Membership.Role.choices,
        error_messages={"required": "Vui lòng chọn vai trò."},
    )
    tdps = forms.ModelMultipleChoiceField(
        label="Tổ dân phố (cho vai trò tổ dân phố)",
        queryset=ResidentialGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    password = forms.CharField(
        label="Mật khẩu",
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, ward, user=None, allow_admin=False, **kwargs):
        if user is not None:
            kwargs.setdefault("initial", _initial(user))
        super().__init__(*args, **kwargs)
        self.ward = ward
        self.user = user  # the account being edited (None: new)
        self.fields["tdps"].queryset = ResidentialGroup.objects.filter(ward=ward).in_code_order()
        # A ward's set-up never makes the city's office; only administrators make administrators.
        refused = {Membership.Role.CITY} | (set() if allow_admin else {Membership.Role.ADMIN})
        self.fields["role"].choices = [
            c for c in self.fields["role"].choices if c[0] not in refused
        ]
        if user is not None:
            self.fields["username"].disabled = True
            self.fields["password"].help_text = "Để trống nếu không đổi mật khẩu."
        else:
            self.fields["password"].required = True
            self.fields["password"].error_messages["required"] = "Vui lòng đặt mật khẩu."
        style_fields(self)

    def clean_username(self):
        username = nfc_clean(self.cleaned_data["username"])
        if self.user is None and get_user_model().objects.filter(username=username).exists():
            raise forms.ValidationError(f"Tên đăng nhập “{username}” đã có người dùng.")
        return username

    def clean_full_name(self):
        return nfc_clean(self.cleaned_data["full_name"])

    def clean(self):
        data = super().clean()
        role, tdps = data.get("role"), data.get("tdps")
        if role in Membership.TDP_ROLES and not tdps:
            self.add_error("tdps", "Vai trò tổ dân phố cần chọn ít nhất một tổ dân phố.")
        if role and role not in Membership.TDP_ROLES and tdps:
            self.add_error("tdps", "Vai trò cấp phường không gắn với tổ dân phố: bỏ chọn tổ.")
        password = data.get("password")
        if password:
            try:
                password_validation.validate_password(password, self.user)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data

    def save(self):
        """Create or update the account (AccountError for a refusal of the service)."""
        data = self.cleaned_data
        return save_account(
            data["username"] if self.user is None else self.user.username,
            data["role"],
            tdp_codes=[t.code for t in data["tdps"]],
            password=data["password"] or None,
            ward=self.ward,
            full_name=data["full_name"],
        )


def _initial(user) -> dict:
    """The form's values for an existing account (it may not have a role yet)."""
    m = membership_of(user)
    return {
        "username": user.username,
        "full_name": " ".join(p for p in (user.last_name, user.first_name) if p),
        "role": m.role if m else "",
        "tdps": list(m.tdps.all()) if m else [],
    }
