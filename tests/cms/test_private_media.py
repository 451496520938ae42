"""Private uploads live outside MEDIA_ROOT (cms.storage): no /media/ URL, of Django or of a web server's
alias, can serve a document; images stay public and are served with DEBUG off too."""

from pathlib import Path

from django.core.files.base import ContentFile

from wagtail.test.utils.wagtail_factories import DocumentFactory

import pytest

from cms.storage import MediaStorage, move_private_files_out_of_media, private_media_root
from tests.factories.cms import ImageFactory

pytestmark = pytest.mark.django_db

SECRET = b"Terms of reference of a private group: confidential."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path


def test_a_document_is_stored_outside_media_root_and_has_no_media_url(client, settings):
    document = DocumentFactory(file=ContentFile(SECRET, name="terms-of-reference-procurement.txt"))

    path = Path(document.file.path)
    assert path.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not path.is_relative_to(settings.MEDIA_ROOT)
    assert document.file.name.startswith("documents/")
    assert path.read_bytes() == SECRET
    assert document.url == f"/documents/{document.pk}/terms-of-reference-procurement.txt"
    with pytest.raises(NotImplementedError):
        document.file.storage.url(document.file.name)
    assert client.get(f"/media/{document.file.name}").status_code == 404
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SECRET


def test_a_second_document_of_the_same_name_keeps_its_private_prefix():
    first = DocumentFactory(file=ContentFile(b"one", name="notes.txt"))
    second = DocumentFactory(file=ContentFile(b"two", name="notes.txt"))
    assert first.file.name != second.file.name
    assert second.file.name.startswith("documents/notes")
    assert Path(second.file.path).read_bytes() == b"two"


def test_a_legacy_document_left_in_media_root_is_moved_and_never_served_meanwhile(client, settings):
    legacy = Path(settings.MEDIA_ROOT) / "documents" / "terms-of-reference-old.txt"
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(SECRET)
    # Before the move, the guarded media view already refuses every name under the private prefix.
    name = "documents/terms-of-reference-old.txt"
    for url in (f"/media/{name}", f"/media//{name}", f"/media/./{name}"):
        response = client.get(url)
        assert response.status_code == 404
        assert SECRET not in response.content

    assert move_private_files_out_of_media() == 1
    assert move_private_files_out_of_media() == 0
    assert not legacy.exists()
    moved = private_media_root() / "documents" / "terms-of-reference-old.txt"
    assert moved.read_bytes() == SECRET
    with MediaStorage().open("documents/terms-of-reference-old.txt") as handle:
        assert handle.read() == SECRET


def test_images_are_served_from_media_with_debug_off(client, settings):
    assert not settings.DEBUG
    image = ImageFactory()
    assert Path(image.file.path).is_relative_to(settings.MEDIA_ROOT)
    response = client.get(image.file.url)
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    with image.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    assert client.get("/media/%2E%2E/config/settings.py").status_code in (400, 404)
    assert client.post(image.file.url).status_code == 405


@pytest.mark.parametrize(
    "name",
    [
        "documents/a.txt",
        "/documents/a.txt",
        "./documents/a.txt",
        "//documents/a.txt",
        "images/../documents/a.txt",
        "Documents/a.txt",
        "DOCUMENTS/A.TXT",
        "documents\\a.txt",
    ],
)
def test_every_spelling_of_a_private_name_is_private(name):
    from cms.storage import is_private_name

    assert is_private_name(name)


def test_public_names_stay_public():
    from cms.storage import is_private_name

    assert not is_private_name("original_images/documents-of-the-covenant.png")
    assert not is_private_name("images/a.png")
