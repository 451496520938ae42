"""The admin's resource form: facets as tick boxes, and a new file checked and read before anything is saved.

A refused file (wrong type, too big, encrypted, damaged) is a form error on the file field; the resource,
its tags and its old file stay as they were.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from library import services
from library.choices import Facet, Language, Mineral, Region
from library.storage import private_storage
from working_groups.models import StakeholderType

FACET_FIELDS = {
    "languages": (Facet.LANGUAGE, Language.choices, _("Languages")),
    "minerals": (Facet.MINERAL, Mineral.choices, _("Minerals and metals")),
    "regions": (Facet.REGION, Region.choices, _("Regions")),
    "stakeholder_types": (Facet.STAKEHOLDER, StakeholderType.choices, _("Stakeholder types it serves")),
}


class ResourceAdminForm(WagtailAdminModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    minerals = forms.MultipleChoiceField(
        label=_("Minerals and metals"),
        choices=Mineral.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions"), choices=Region.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    stakeholder_types = forms.MultipleChoiceField(
        label=_("Stakeholder types it serves"),
        choices=StakeholderType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prepared = None
        if self.instance.pk:
            for name, (facet, _choices, _label) in FACET_FIELDS.items():
                if name in self.fields:
                    self.initial[name] = [tag.value for tag in self.instance.tags.all() if tag.facet == facet]

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and file is not self.initial.get("file") and hasattr(file, "content_type"):
            try:
                self._prepared = services.resource_file_prepare(file)
            except services.ResourceFileRefused as refusal:
                raise forms.ValidationError(refusal.message) from None
        return file

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("file") or cleaned.get("link_url") or cleaned.get("recording_url")):
            self.add_error("file", _("Upload a file, or give a link or a recording."))
        return cleaned

    def save(self, commit=True):
        resource = self.instance
        replaced = self.initial.get("file")
        replaced_name = replaced.name if replaced else ""
        if self._prepared is not None:
            services.resource_apply_file(resource, self.cleaned_data["file"], self._prepared)
        elif not self.cleaned_data.get("file"):
            services.resource_clear_file(resource)
        saved = super().save(commit=commit)
        if replaced_name and replaced_name != (resource.file.name if resource.file else ""):
            # The old file goes once the new state has committed; a rollback keeps it.
            transaction.on_commit(lambda: private_storage.delete(replaced_name))
        return saved

    def _save_m2m(self):
        """Runs once the resource exists (at once with commit=True, or when the admin calls save_m2m())."""
        super()._save_m2m()
        for name, (facet, _choices, _label) in FACET_FIELDS.items():
            if name in self.cleaned_data:
                services.resource_set_tags(self.instance, facet, self.cleaned_data[name])
        # Indexed again now its translations are saved too (the save signal indexed it before they were).
        services.resource_reindex(self.instance)
