"""Forms of the member profile: the extra questions at sign-up and the profile page."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from allauth.account.forms import SignupForm as AllauthSignupForm

from cms.time_zones import time_zone_choices
from working_groups import access
from working_groups.choices import Gender
from working_groups.models import MemberProfile
from working_groups.services.profile import PROFILE_EDITABLE_FIELDS, profile_create
from working_groups.services.profile_gender import SELF_DESCRIPTION_MAX_LENGTH, gender_answer_clean


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
        fields = [
            "display_name",
            "job_title",
            "organisation_name",
            "preferred_language",
            "time_zone",
            "desk_email",
        ]
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

    # The optional gender question: form fields, not model fields of the form, so the ModelForm never writes
    # them; working_groups.services.profile_gender holds the rules (consent, self-description, withdrawal).
    gender = forms.ChoiceField(
        label=_("Your gender"),
        choices=[("", _("No answer (nothing is counted)")), *Gender.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    gender_self_description = forms.CharField(
        label=_("In your own words"),
        max_length=SELF_DESCRIPTION_MAX_LENGTH,
        required=False,
        help_text=_("Only kept when you choose “I describe myself another way”."),
    )
    gender_consent = forms.BooleanField(
        label=_("Count my answer in anonymous statistics"),
        required=False,
        help_text=_(
            "Needed to save an answer. We record when you agreed or withdrew, not what you answered."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = settings.LANGUAGES
        profile = self.instance
        if not access.is_secretariat(profile.user):
            del self.fields["desk_email"]  # the daily e-mail of the desk is the secretariat's
        self.initial.setdefault("gender", profile.gender)
        self.initial.setdefault("gender_self_description", profile.gender_self_description)
        self.initial.setdefault("gender_consent", profile.gender_consent_at is not None)

    def clean(self):
        cleaned = super().clean()
        if not any(name in self.errors for name in ("gender", "gender_self_description")):
            try:
                gender_answer_clean(
                    gender=cleaned.get("gender", ""),
                    self_description=cleaned.get("gender_self_description", ""),
                    consent=cleaned.get("gender_consent", False),
                )
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def profile_changes(self) -> dict:
        """The changed fields of the profile itself, for ``profile_update``."""
        return {
            name: self.cleaned_data[name] for name in self.changed_data if name in PROFILE_EDITABLE_FIELDS
        }

    def gender_answer(self) -> dict:
        """The gender question's answer, for ``profile_gender_save``."""
        return {
            "gender": self.cleaned_data["gender"],
            "self_description": self.cleaned_data["gender_self_description"],
            "consent": self.cleaned_data["gender_consent"],
        }
