"""Admin panels of commitments that need more than Wagtail's own.

A commitment's indicators are edited inline. Progress updates report values for them and those values
protect their indicator, so deleting one that has been reported on would end in a ProtectedError when the
commitment is saved. The indicators' formset refuses such a deletion while it validates instead: the
commitment form is then invalid, nothing of the submission is saved, and the Indicators panel says which
indicator was kept and why.
"""

from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME

from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import InlinePanel


class KeepReportedIndicatorsFormSet(BaseChildFormSet):
    def clean(self):
        super().clean()
        deleting = {
            form.instance.pk: form
            for form in self.initial_forms
            if form.instance.pk and getattr(form, "cleaned_data", {}).get(DELETION_FIELD_NAME)
        }
        if not deleting:
            return
        refusals = self.model.objects.filter(pk__in=deleting).deletion_refusals()
        for pk in refusals:
            self._unmark_deletion(deleting[pk])
        if refusals:
            raise ValidationError(list(refusals.values()), code="indicator_reported")

    @staticmethod
    def _unmark_deletion(form) -> None:
        """Show the refused row again when the form comes back (Wagtail hides rows marked deleted), so the
        editor sees the indicator that was kept and saving again does not run into the same refusal."""
        form.data = form.data.copy()
        form.data[form.add_prefix(DELETION_FIELD_NAME)] = ""


class IndicatorsPanel(InlinePanel):
    """The inline indicators of a commitment, validated by KeepReportedIndicatorsFormSet."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = KeepReportedIndicatorsFormSet
        return options
