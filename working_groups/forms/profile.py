"""Forms of the member profile: the extra questions at sign-up and the profile page."""

import zoneinfo
from functools import cache

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from allauth.account.forms import SignupForm as AllauthSignupForm

from working_groups.models import MemberProfile
from working_groups.services.profile import profile_create


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone Python knows, sorted; built once per process."""
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class SignupForm(AllauthSignupForm):
    """allauth's sign-up plus the two things the covenant needs to know: your name and who you work for."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("How other members see you in working groups and discussions."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("The company, association, ministry, NGO or trade union you work for."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    field_order = ["email", "display_name", "organisation_name", "password1", "password2"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # allauth uses the label as placeholder; the site shows visible labels instead.
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)

    def custom_signup(self, request, user) -> None:
        profile_create(
            user=user,
            display_name=self.cleaned_data["display_name"],
            organisation_name=self.cleaned_data["organisation_name"],
            preferred_language=translation.get_language(),
        )


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("Dates and times of meetings and webinars are shown in this time zone."),
    )

    class Meta:
        model = MemberProfile
        fields = ["display_name", "job_title", "organisation_name", "preferred_language", "time_zone"]
        labels = {"display_name": _("Your name"), "preferred_language": _("Language")}
        help_texts = {
            "display_name": _("How other members see you in working groups and discussions."),
            "organisation_name": _("The company, association, ministry, NGO or trade union you work for."),
            "preferred_language": _("The site and our e-mails use this language when you are signed in."),
        }
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "preferred_language": forms.Select(attrs={"autocomplete": "language"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = settings.LANGUAGES
