"""Forms of the forums; services hold the rules, these only shape the input (and give it back on errors)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forums import app_settings


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; the services check their number, type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def body_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        label=_("Your post"),
        help_text=_(
            "Markdown: **bold**, *italic*, [link](https://…), > quote, - list. Mention someone with "
            "@[their name]."
        ),
        # No max_length here: the service refuses long posts with a message that says by how much.
        widget=forms.Textarea(attrs={"rows": 10}),
        strip=False,
        **kwargs,
    )


def attachments_field() -> MultipleFileField:
    return MultipleFileField(label=_("Attach files (optional)"), required=False)


class AttachmentsHelpMixin:
    """Says which files are accepted, in the reader's language and with the current settings."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = gettext(
            "Up to %(count)s files: %(types)s, at most %(size)s MB each."
        ) % {
            "count": app_settings.max_attachments_per_post(),
            "types": ", ".join(app_settings.attachment_extensions()),
            "size": app_settings.attachment_max_bytes() // (1024 * 1024),
        }


class PostForm(AttachmentsHelpMixin, forms.Form):
    body = body_field()
    attachments = attachments_field()
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    client_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class ThreadForm(AttachmentsHelpMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = body_field()
    tags = forms.CharField(
        label=_("Tags (optional)"),
        required=False,
        max_length=300,
        help_text=_("Separate tags with commas, e.g. smelter audits, cobalt."),
    )
    chatham_house = forms.BooleanField(
        label=_("Hold this thread under the Chatham House Rule"),
        required=False,
        help_text=_("Readers will see each speaker's stakeholder type, but not their name or organisation."),
    )
    attachments = attachments_field()
    client_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def clean_tags(self) -> list[str]:
        return [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]


class EditForm(forms.Form):
    body = body_field()


class ReactionForm(forms.Form):
    kind = forms.CharField(max_length=16)
