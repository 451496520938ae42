"""Writes of the library: check and read a file once, then save the resource with everything it needs.

Validate, then act: the upload check (cms.uploads) and the text extraction run before anything is written,
and the resource, its tags and its file are saved in one transaction, so a refused or broken file leaves
nothing behind (no row, no stored file).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from cms.uploads import UploadRefused, check_upload, extension_of
from library import app_settings
from library.choices import Facet, TextStatus
from library.extraction import ExtractionRefused, extract_text, looks_encrypted_office_file
from library.models import Resource, ResourceTag, ResourceTranslation


class ResourceFileRefused(Exception):
    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class PreparedFile:
    content_type: str
    size: int
    text: str
    text_status: str


def resource_file_prepare(file) -> PreparedFile:
    """Check an uploaded file by its content and read its text; raise ResourceFileRefused with the reason.

    Renames `file` to a safe name (cms.uploads). Reads the whole file, so call it before saving anything.
    """
    extension = extension_of(str(getattr(file, "name", "")))
    if extension in {"docx", "odt"} and looks_encrypted_office_file(file):
        raise ResourceFileRefused(
            _("“%(name)s” is encrypted or protected with a password: upload an unprotected copy.")
            % {"name": file.name}
        )
    try:
        content_type = check_upload(
            file, extensions=app_settings.file_extensions(), max_bytes=app_settings.max_upload_size()
        )
        extracted = extract_text(file, extension, file.name)
    except (UploadRefused, ExtractionRefused) as refusal:
        raise ResourceFileRefused(refusal.message) from None
    return PreparedFile(content_type, file.size, extracted.text, extracted.status)


def resource_apply_file(resource: Resource, file, prepared: PreparedFile) -> None:
    resource.file = file
    resource.file_type = prepared.content_type
    resource.file_size = prepared.size
    resource.extracted_text = prepared.text
    resource.text_status = prepared.text_status


def resource_clear_file(resource: Resource) -> None:
    resource.file = None
    resource.file_type = ""
    resource.file_size = 0
    resource.extracted_text = ""
    resource.text_status = TextStatus.NONE


def resource_reindex(resource: Resource) -> None:
    """Index the resource with its translations (saved after it, so its own save signal indexes too early)."""
    from wagtail.search import index

    index.insert_or_update_object(resource)


def resource_translate(resource: Resource, language: str, *, title: str, summary: str) -> ResourceTranslation:
    """Give the resource its title and summary in `language` (or replace them), searchable at once. Only the
    texts: who may see the resource, its file and its versions stay the resource's own."""
    translation = ResourceTranslation.objects.filter(resource=resource, language=language).first()
    translation = translation or ResourceTranslation(resource=resource, language=language)
    translation.title, translation.summary = title, summary
    translation.full_clean(exclude=["resource"])
    translation.save()
    resource_reindex(resource)
    return translation


def resource_set_tags(resource: Resource, facet: str, values) -> None:
    """Make the resource's values of one facet exactly `values`."""
    wanted = set(values)
    existing = set(resource.tags.filter(facet=facet).values_list("value", flat=True))
    resource.tags.filter(facet=facet, value__in=existing - wanted).delete()
    ResourceTag.objects.bulk_create(
        [ResourceTag(resource=resource, facet=facet, value=value) for value in sorted(wanted - existing)]
    )


def resource_create(
    *,
    file=None,
    themes=(),
    steps=(),
    languages=(),
    minerals=(),
    regions=(),
    stakeholder_types=(),
    **fields,
) -> Resource:
    """Create a resource (for scripts, the demo and tests; the admin form does the same in its own steps).

    Raises ResourceFileRefused for a file that cannot be accepted, and ValidationError for bad fields; in
    either case nothing is saved."""
    resource = Resource(**fields)
    if file is not None:
        prepared = resource_file_prepare(file)
        resource_apply_file(resource, file, prepared)
    resource.full_clean(exclude=["file"])
    try:
        with transaction.atomic():
            resource.save()
            resource.themes.set(themes)
            resource.due_diligence_steps.set(steps)
            for facet, values in (
                (Facet.LANGUAGE, languages),
                (Facet.MINERAL, minerals),
                (Facet.REGION, regions),
                (Facet.STAKEHOLDER, stakeholder_types),
            ):
                resource_set_tags(resource, facet, values)
    except Exception:
        resource_discard_stored_file(resource)
        raise
    return resource


def resource_discard_stored_file(resource: Resource) -> None:
    """Remove a file stored for a save that was rolled back (the storage is not transactional)."""
    if resource.file and getattr(resource.file, "_committed", False):
        resource.file.storage.delete(resource.file.name)


class CitationRefused(Exception):
    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message


def citation_targets(user):
    """The commitments (with their progress updates) a person may cite resources in: those of their party
    (Commitment.objects.editable_by), newest first, at most CITATION_TARGETS."""
    from commitments.models import Commitment

    if user is None or not user.is_authenticated:
        return []
    return list(
        Commitment.objects.editable_by(user)
        .prefetch_related("updates")
        .only("pk", "title")
        .order_by("-updated_at", "-pk")[:CITATION_TARGETS]
    )


CITATION_TARGETS = 50


def resource_cite(*, user, resource: Resource, commitment_id: int, update_id: int | None, purpose: str):
    """Let a person cite a resource they may see in a commitment (or one of its updates) they may edit."""
    from commitments.models import Commitment, ProgressUpdate
    from library.choices import CitationPurpose
    from library.models import ResourceCitation

    if not Resource.objects.visible_to(user).filter(pk=resource.pk).exists():
        raise CitationRefused(_("This resource cannot be cited."))
    commitment = Commitment.objects.editable_by(user).filter(pk=commitment_id).first()
    if commitment is None:
        raise CitationRefused(_("Choose one of your party's commitments."))
    update = None
    if update_id is not None:
        update = ProgressUpdate.objects.filter(pk=update_id, commitment=commitment).first()
        if update is None:
            raise CitationRefused(_("Choose a progress update of that commitment."))
    if purpose not in CitationPurpose.values:
        raise CitationRefused(_("Choose whether the resource is guidance or evidence."))
    citation, created = ResourceCitation.objects.get_or_create(
        resource=resource, commitment=commitment, progress_update=update, defaults={"purpose": purpose}
    )
    if not created and citation.purpose != purpose:
        citation.purpose = purpose
        citation.save(update_fields=["purpose"])
    return citation
