"""Forms of the commitment pages. They shape and check the input; the services hold the rules.

A non-number in an indicator value or a baseline is a field error of the formset (nothing is saved and
everything typed comes back), never a server error.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cms import uploads
from commitments.models import Commitment, ProgressUpdate
from commitments.models.choices import CommitmentStatus, Direction
from commitments.models.commitment import party_organisation_id
from commitments.services.commitments import IndicatorInput
from working_groups import access
from working_groups.models import Organisation, WorkingGroupPage

DOCUMENT_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "txt", "csv"]
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _check_upload(upload):
    """Type by content (cms.uploads), size, and a safe file name for plan and evidence documents."""
    if upload is None:
        return None
    try:
        uploads.check_upload(upload, extensions=DOCUMENT_EXTENSIONS, max_bytes=MAX_UPLOAD_BYTES)
    except uploads.UploadRefused as refused:
        raise forms.ValidationError(refused.message, code="invalid_upload") from None
    return upload


class NumberField(forms.DecimalField):
    """A decimal typed as text (inputmode decimal), so whatever was typed comes back with a clear error; a
    decimal comma ("12,5") is read as a decimal point."""

    widget = forms.TextInput

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}

    def to_python(self, value):
        if isinstance(value, str) and "," in value and "." not in value and value.count(",") == 1:
            value = value.replace(",", ".")
        return super().to_python(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CommitmentForm(forms.ModelForm):
    plan_file = forms.FileField(
        label=_("Plan document"),
        required=False,
        help_text=_(
            "Gender action plans: upload the plan itself (PDF, Word or OpenDocument, at most 10 MB)."
        ),
    )

    class Meta:
        model = Commitment
        fields = [
            "title",
            "description",
            "kind",
            "parties",
            "group",
            "visibility",
            "themes",
            "due_diligence_steps",
            "sdg_targets",
            "start_date",
            "target_date",
            "status",
            "contact_person",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "kind": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            "parties": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "due_diligence_steps": forms.CheckboxSelectMultiple,
            "sdg_targets": forms.CheckboxSelectMultiple,
            "start_date": DateInput,
            "target_date": DateInput,
        }
        help_texts = {
            "parties": _("Your own party and any party that shares the commitment."),
            "group": _("Optional for public commitments; required for those only the group may see."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = Organisation.objects.order_by("name")
        self.fields["group"].queryset = (
            WorkingGroupPage.objects.live().visible_to(user).defer_streamfields().order_by("title")
        )
        people = get_user_model().objects.filter(is_active=True).select_related("profile")
        if not access.is_secretariat(user):
            people = people.filter(profile__organisation_id=party_organisation_id(user))
        self.fields["contact_person"].queryset = people.order_by("first_name", "last_name")
        self.fields["contact_person"].label_from_instance = lambda person: (
            getattr(getattr(person, "profile", None), "display_name", "")
            or person.get_full_name()
            or person.email
        )
        self.fields["contact_person"].help_text = _("Gets the reminders when a progress update is due.")
        if not self.instance.pk:
            self.fields["status"].initial = CommitmentStatus.PLANNED
            own = party_organisation_id(user)
            if own:
                self.fields["parties"].initial = [own]

    def clean_plan_file(self):
        return _check_upload(self.cleaned_data.get("plan_file"))

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class IndicatorForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Indicator"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=40)
    baseline = NumberField(label=_("Baseline"), max_digits=16, decimal_places=4)
    target = NumberField(label=_("Target"), max_digits=16, decimal_places=4)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices, initial=Direction.INCREASE)

    def clean(self):
        data = super().clean()
        baseline, target, direction = data.get("baseline"), data.get("target"), data.get("direction")
        if baseline is not None and target is not None:
            if direction == Direction.INCREASE and target < baseline:
                self.add_error("target", _("For an increase the target must not be below the baseline."))
            if direction == Direction.DECREASE and target > baseline:
                self.add_error("target", _("For a decrease the target must not be above the baseline."))
        return data


IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=1, can_delete=True)


def indicator_initial(commitment: Commitment | None) -> list[dict]:
    if commitment is None or not commitment.pk:
        return []
    return [
        {
            "id": indicator.pk,
            "name": indicator.name,
            "unit": indicator.unit,
            "baseline": indicator.baseline.normalize(),
            "target": indicator.target.normalize(),
            "direction": indicator.direction,
        }
        for indicator in commitment.indicators.all()
    ]


def indicator_inputs(formset) -> list[IndicatorInput]:
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or (not data.get("id") and data.get("DELETE")):
            continue
        rows.append(
            IndicatorInput(
                pk=data.get("id"),
                name=data["name"],
                unit=data["unit"],
                baseline=data["baseline"],
                target=data["target"],
                direction=data["direction"],
                delete=bool(data.get("DELETE")),
            )
        )
    return rows


class ProgressUpdateForm(forms.ModelForm):
    evidence_file = forms.FileField(
        label=_("Evidence document"),
        required=False,
        help_text=_("Optional: PDF, Word, OpenDocument, Excel, text or CSV."),
    )

    class Meta:
        model = ProgressUpdate
        fields = ["reported_on", "narrative", "evidence_url", "new_status"]
        widgets = {"reported_on": DateInput, "narrative": forms.Textarea(attrs={"rows": 6})}
        field_classes = {"evidence_url": forms.URLField}

    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")

    def clean_evidence_file(self):
        return _check_upload(self.cleaned_data.get("evidence_file"))

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class IndicatorValuesForm(forms.Form):
    """One optional number per indicator of the commitment, labelled with the indicator and its unit."""

    def __init__(self, *args, indicators=(), initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        initial_values = initial_values or {}
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.pk}"] = NumberField(
                label=f"{indicator.name} ({indicator.unit})",
                required=False,
                max_digits=16,
                decimal_places=4,
                initial=initial_values.get(indicator.pk),
                help_text=_("Baseline %(baseline)s, target %(target)s %(unit)s. Numbers only.")
                % {
                    "baseline": f"{indicator.baseline.normalize():f}",
                    "target": f"{indicator.target.normalize():f}",
                    "unit": indicator.unit,
                },
                error_messages={
                    "invalid": _("Enter a number in %(unit)s, such as 42 or 12.5.") % {"unit": indicator.unit}
                },
            )

    def values(self) -> dict:
        return {
            indicator.pk: self.cleaned_data[f"indicator_{indicator.pk}"]
            for indicator in self.indicators
            if self.cleaned_data.get(f"indicator_{indicator.pk}") is not None
        }


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the party (required to return)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
