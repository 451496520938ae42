"""The room's message form (used without JavaScript; the socket sends the same fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class LiveMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        help_text=_("Markdown works: **bold**, *italic*, [link](https://…)."),
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=False,
    )
    question = forms.BooleanField(label=_("Ask this as a question for the speakers"), required=False)
    client_id = forms.CharField(widget=forms.HiddenInput, max_length=64)
