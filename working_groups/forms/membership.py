"""Forms of the membership actions; services hold the rules, these only shape the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from working_groups.choices import Role
from working_groups.services.membership import MOTIVATION_MIN_LENGTH


class JoinRequestForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why do you want to join?"),
        help_text=_("Tell the chairs who you are and what you bring to the group. They read every request."),
        min_length=MOTIVATION_MIN_LENGTH,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the requester (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    message = forms.CharField(
        label=_("Personal message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
