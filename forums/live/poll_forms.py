"""The action point form (a page of its own, with or without JavaScript)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from working_groups.models import Organisation


class ActionPointForm(forms.Form):
    source = forms.ChoiceField(label=_("Comes from"), required=False)
    title = forms.CharField(label=_("Action"), max_length=200)
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Left empty, the message's text or the poll's result is quoted (never its author)."),
    )
    owner = forms.ModelChoiceField(label=_("Owner (a party)"), queryset=Organisation.objects.order_by("name"))
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("Nothing in particular")), *sources]

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("Give a due date that is not in the past."))
        return due

    def source_ids(self) -> dict:
        kind, _sep, pk = (self.cleaned_data.get("source") or "").partition(":")
        return {"post_id": int(pk)} if kind == "post" else {"poll_id": int(pk)} if kind == "poll" else {}
