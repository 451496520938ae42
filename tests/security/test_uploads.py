"""Upload checks: type by content, size, safe file names — for forum attachments, Wagtail documents and
images, and commitment documents — and how forum attachments are served (inline only for checked PDFs and
images)."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Collection

import pytest

from cms import uploads
from cms.document_forms import CheckedDocumentForm
from commitments.forms import _check_upload as check_commitment_upload
from forums import services as forum_services
from forums.models import Attachment
from tests.factories.forums import ForumFactory
from tests.factories.working_groups import add_member, make_group, make_group_index
from working_groups.choices import Role, Visibility

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = png_bytes()
DOCUMENT_TYPES = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def check(file, max_bytes=1024 * 1024):
    return uploads.check_upload(file, extensions=DOCUMENT_TYPES, max_bytes=max_bytes)


# --- names ---


@pytest.mark.parametrize(
    ("hostile", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("a\x00b.pdf", "ab.pdf"),
        ("report\u202efdp.exe", "reportfdp.exe"),  # a right-to-left override would show "exe.pdf"
        (".htaccess", "htaccess"),
        ("audit summary (final).pdf", "audit_summary_final.pdf"),
        ("Überblick über Hütten.pdf", "Überblick_über_Hütten.pdf"),
        ("", "file"),
        ("../", "file"),
    ],
)
def test_file_names_lose_paths_control_characters_and_tricks(hostile, safe):
    assert uploads.safe_filename(hostile) == safe


def test_a_300_character_name_is_cut_with_its_extension_kept():
    name = uploads.safe_filename("a" * 300 + ".pdf")
    assert len(name) == uploads.MAX_NAME_LENGTH and name.endswith("a.pdf")


# --- types and sizes ---


def test_real_documents_of_every_allowed_type_pass_and_get_their_mime_type():
    files = {
        "plan.pdf": PDF,
        "notes.txt": "Smelter audit notes — übersicht\n".encode(),
        "figures.csv": b"smelter,audits\nNordvik,3\n",
        "letter.rtf": b"{\\rtf1\\ansi Hello}",
        "plan.docx": zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
        "figures.xlsx": zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
        "slides.pptx": zipped({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}),
        "minutes.odt": zipped(
            {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"}
        ),
    }
    found = {name: check(upload(name, content)) for name, content in files.items()}
    assert found["plan.pdf"] == "application/pdf"
    assert found["minutes.odt"] == "application/vnd.oasis.opendocument.text"
    assert found["plan.docx"].endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("run.exe", b"MZ\x90\x00", "allowed file types are"),
        ("../../etc/passwd", b"root:x:0:0", "allowed file types are"),
        ("evil.pdf", HTML, "not a real .pdf file"),
        ("evil.txt", HTML, "not a real .txt file"),
        ("binary.txt", b"\x00\x01\x02garbage", "not a real .txt file"),
        ("macro.docx", zipped({"evil.bin": b"x"}), "not a real .docx file"),
        ("renamed.odt", zipped({"[Content_Types].xml": b"", "word/x.xml": b""}), "not a real .odt file"),
        ("page.pdf", b"", "is empty"),
        ("photo.png", PNG, "allowed file types are"),
    ],
)
def test_wrong_types_are_refused_with_a_clear_message(name, content, says):
    with pytest.raises(uploads.UploadRefused, match=says):
        check(upload(name, content))


def test_oversize_files_are_refused_with_both_sizes():
    with pytest.raises(uploads.UploadRefused, match=r"is 2\.0.KB; the limit is 1\.0.KB"):
        check(upload("plan.pdf", PDF + b"0" * 2000), max_bytes=1024)


def test_a_hostile_name_on_a_good_file_is_made_safe():
    file = upload("../../a\x00b.pdf", PDF)
    check(file)
    assert file.name == "ab.pdf"


# --- forum attachments ---


@pytest.fixture
def thread(db, monkeypatch, tmp_path):
    from forums.models.posts import PrivateFileStorage

    # The field's storage is built once, when the model loads: point it at this test's own folder.
    field = Attachment._meta.get_field("file")
    monkeypatch.setattr(field, "storage", PrivateFileStorage(location=tmp_path / "attachments"))
    group = make_group(make_group_index(), Visibility.OPEN, title="Open tin roundtable")
    chair = add_member(group, role=Role.CHAIR).user
    forum = ForumFactory(title="Smelters", group=group)
    return forum_services.thread_create(
        author=chair, forum=forum, title="Smelter audits", body_markdown="How do we share results?"
    )


def attach(client, thread, file):
    member = add_member(thread.forum.group).user
    client.force_login(member)
    return client.post(f"/forums/t/{thread.pk}/reply/", {"body": "See the file.", "attachments": file})


def test_forum_attachment_of_html_renamed_pdf_is_refused_and_the_text_kept(client, thread):
    response = attach(client, thread, upload("evil.pdf", HTML))
    html = response.content.decode()
    assert response.status_code == 400
    assert "not a real .pdf file" in html and "See the file.</textarea>" in html
    assert not Attachment.objects.exists()


@override_settings(ROUNDTABLE_FORUMS_ATTACHMENT_MAX_BYTES=100)
def test_oversize_forum_attachment_is_refused(client, thread):
    response = attach(client, thread, upload("plan.pdf", PDF + b"0" * 200))
    assert response.status_code == 400 and "the limit is 100" in response.content.decode()
    assert not Attachment.objects.exists()


def test_forum_attachment_with_a_hostile_name_is_stored_and_served_under_a_safe_one(thread):
    author = add_member(thread.forum.group).user
    post = forum_services.post_create(
        author=author,
        thread=thread,
        body_markdown="Attached.",
        attachments=[upload("../../" + "x" * 300 + "\x00.pdf", PDF, content_type="text/html")],
    )
    attachment = post.attachments.get()
    assert attachment.filename == "x" * 96 + ".pdf"
    assert ".." not in attachment.file.name and "\x00" not in attachment.file.name
    assert attachment.content_type == "application/pdf"  # what the content showed, not what the browser said


def test_checked_pdfs_open_inline_and_other_files_download(client, thread):
    attach(client, thread, upload("plan.pdf", PDF))
    attach(client, thread, upload("notes.txt", b"<b>not html</b> just notes", content_type="text/html"))
    pdf, text = Attachment.objects.order_by("pk")
    pdf_response = client.get(pdf.get_absolute_url())
    text_response = client.get(text.get_absolute_url())
    assert pdf_response["Content-Disposition"].startswith("inline;")
    assert pdf_response["Content-Type"] == "application/pdf"
    assert "sandbox" not in pdf_response["Content-Security-Policy"]
    assert text_response["Content-Disposition"].startswith("attachment;")
    assert text_response["Content-Type"].startswith("text/plain")
    assert "sandbox" in text_response["Content-Security-Policy"]
    for response in (pdf_response, text_response):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"
        response.close()


# --- Wagtail documents and images ---


def document_form(file, **data):
    form_class = get_document_form(get_document_model())
    collection = Collection.get_first_root_node()
    return form_class({"title": "Audit protocol", "collection": collection.pk, **data}, {"file": file})


def test_wagtail_uses_the_checked_document_form(db):
    assert issubclass(get_document_form(get_document_model()), CheckedDocumentForm)


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("evil.pdf", HTML, "not a real .pdf file"),
        ("page.html", HTML, "is not allowed"),  # Wagtail's own extension check answers first
        ("a\x00b.pdf", HTML, "not a real .pdf file"),
    ],
)
def test_wagtail_documents_of_the_wrong_type_are_refused(db, name, content, says):
    form = document_form(upload(name, content))
    assert not form.is_valid()
    assert says in " ".join(form.errors["file"])


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=100)
def test_oversize_wagtail_documents_are_refused(db):
    form = document_form(upload("plan.pdf", PDF + b"0" * 200))
    assert not form.is_valid() and "file" in form.errors


def test_wagtail_documents_are_stored_under_a_safe_name(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    form = document_form(upload("../../" + "b" * 300 + "\x00.pdf", PDF))
    assert form.is_valid(), form.errors
    document = form.save()
    stored = document.file.name.rsplit("/", 1)[-1]
    assert stored.startswith("b") and stored.endswith(".pdf") and len(stored) <= 100
    assert ".." not in document.file.name


def image_form(file):
    form_class = get_image_form(get_image_model())
    collection = Collection.get_first_root_node()
    return form_class({"title": "Smelter", "collection": collection.pk}, {"file": file})


def test_a_real_png_is_accepted(db):
    form = image_form(upload("photo.png", PNG, content_type="image/png"))
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        ("evil.png", HTML),
        ("photo.jpg", PNG),  # a PNG dressed as a JPEG
    ],
)
def test_wagtail_images_of_the_wrong_type_are_refused(db, name, content):
    form = image_form(upload(name, content, content_type="image/png"))
    assert not form.is_valid() and "file" in form.errors


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=50)
def test_oversize_wagtail_images_are_refused(db):
    form = image_form(upload("photo.png", PNG, content_type="image/png"))
    assert not form.is_valid() and "file" in form.errors


# --- commitment documents (plans and evidence) ---


def test_commitment_documents_are_checked_by_content_and_named_safely():
    from django import forms

    with pytest.raises(forms.ValidationError, match=r"not a real \.pdf file"):
        check_commitment_upload(upload("plan.pdf", HTML))
    with pytest.raises(forms.ValidationError, match="allowed file types are"):
        check_commitment_upload(upload("plan.html", HTML))
    file = check_commitment_upload(upload("..\\plan\x00.pdf", PDF))
    assert file.name == "plan.pdf"
