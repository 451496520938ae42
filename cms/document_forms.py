"""Wagtail's document form with our upload checks (WAGTAILDOCS_DOCUMENT_FORM_BASE points here).

Every document uploaded in the admin, the chooser or the multiple upload is checked by its content, not only
its extension, and stored under a safe file name. Wagtail's own field applies WAGTAILDOCS_MAX_UPLOAD_SIZE too.
"""

from django import forms
from django.conf import settings

from wagtail.documents.forms import BaseDocumentForm

from cms import uploads

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file is None or "file" not in self.changed_data:
            return file
        try:
            uploads.check_upload(
                file,
                extensions=getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or list(uploads.MIME_TYPES),
                max_bytes=getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None) or DEFAULT_MAX_BYTES,
            )
        except uploads.UploadRefused as refused:
            raise forms.ValidationError(refused.message, code="invalid_upload") from None
        return file
