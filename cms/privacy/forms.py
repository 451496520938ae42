"""The confirmation a person gives before their account is deleted."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AccountDeleteForm(forms.Form):
    """Typing the account's e-mail address shows the person means it (re-authentication shows it is them)."""

    email = forms.CharField(
        label=_("Type your e-mail address to confirm"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        typed = self.cleaned_data["email"].strip()
        if typed.casefold() != (self.user.email or "").casefold():
            raise forms.ValidationError(_("This is not the e-mail address of your account."))
        return typed
