from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from thrivekit.nhsuk_forms import fields


class LoginForm(AuthenticationForm):
    username = fields.EmailField(label="Email address")
    password = fields.PasswordField(label="Password", autocomplete="current-password")

    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account has been turned off.",
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class TokenForm(forms.Form):
    token = fields.CharField(
        label="Security code",
        hint="The 6-digit code from your authenticator app",
        autocomplete="one-time-code",
        classes="nhsuk-input--width-10",
        max_length=8,
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError("Enter the 6-digit code from your authenticator app")
        return token


class NewAccountForm(forms.Form):
    full_name = fields.CharField(label="Full name", autocomplete="name", max_length=200)
    password = fields.PasswordField(
        label="Create a password",
        hint="At least 10 characters. A few unrelated words make a strong password.",
        autocomplete="new-password",
    )
    password_again = fields.PasswordField(
        label="Type the password again", autocomplete="new-password"
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password and password != cleaned.get("password_again"):
            self.add_error("password_again", "The passwords do not match")
        elif password:
            try:
                password_validation.validate_password(password)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned
