"""Resources and their files: text read once at upload, refused files leave nothing behind."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from pypdf import PdfWriter

from library.choices import Audience, Facet, TextStatus
from library.demo.files import odt_bytes, scanned_pdf_bytes
from library.extraction import extract_text
from library.models import Resource, ResourceTag
from library.services import ResourceFileRefused
from tests.library.conftest import docx_upload, make_resource, pdf_upload

pytestmark = pytest.mark.django_db


def _files(root):
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_pdf_text_is_extracted_and_stored_privately(private_media, settings):
    resource = make_resource(file=pdf_upload("guide.pdf", "Guide", "Artisanal cassiterite miners."))

    assert resource.text_status == TextStatus.TEXT
    assert "cassiterite" in resource.extracted_text
    assert resource.file_type == "application/pdf"
    stored = _files(private_media)
    assert len(stored) == 1
    assert str(settings.MEDIA_ROOT) not in str(stored[0])
    with pytest.raises(ValueError):
        resource.file.url  # noqa: B018  (no public address exists)


def test_word_and_opendocument_text_is_extracted():
    word = make_resource(file=docx_upload("plan.docx", "Plan", "Mica mines in Jharkhand."))
    odt = make_resource(
        file=SimpleUploadedFile("plan.odt", odt_bytes("Plan", ["Kobalt uit Katanga."])),
    )

    assert "Jharkhand" in word.extracted_text
    assert "Katanga" in odt.extracted_text


def test_a_scanned_pdf_is_kept_and_says_it_has_no_text():
    resource = make_resource(file=SimpleUploadedFile("scan.pdf", scanned_pdf_bytes()))

    assert resource.text_status == TextStatus.NO_TEXT
    assert resource.extracted_text == ""
    assert resource.file


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("locked.pdf", _encrypted_pdf(), "encrypted or protected with a password"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage", "damaged"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "encrypted or protected"),
        ("fake.pdf", b"<html><script>alert(1)</script></html>", "not a real .pdf file"),
        ("tool.exe", b"MZ\x90\x00", "allowed file types"),
    ],
)
def test_refused_files_leave_nothing_behind(private_media, name, content, message):
    with pytest.raises(ResourceFileRefused) as refusal:
        make_resource(title="Refused", file=SimpleUploadedFile(name, content), languages=["en"])

    assert message in str(refusal.value)
    assert not Resource.objects.filter(title="Refused").exists()
    assert not ResourceTag.objects.exists()
    assert _files(private_media) == []


def test_a_broken_docx_is_refused():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(ResourceFileRefused, match="damaged"):
        make_resource(file=SimpleUploadedFile("broken.docx", out.getvalue()))


def test_xml_entities_are_not_expanded():
    import zipfile

    from library.extraction import ExtractionRefused

    bomb = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]><w:document>&a;</w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", bomb)
    with pytest.raises(ExtractionRefused):
        extract_text(out, "docx", "bomb.docx")


def test_a_group_resource_needs_its_group():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_resource(audience=Audience.GROUP)


def test_tags_are_set_per_facet():
    resource = make_resource(languages=["en", "nl"], minerals=["gold"])

    assert set(resource.tags.filter(facet=Facet.LANGUAGE).values_list("value", flat=True)) == {"en", "nl"}
    assert list(resource.tags.filter(facet=Facet.MINERAL).values_list("value", flat=True)) == ["gold"]
