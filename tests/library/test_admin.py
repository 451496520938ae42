"""The secretariat adds resources in the admin: a refused file is a message on the form and saves nothing."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from library.models import Resource
from tests.library.conftest import pdf_upload

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/library/resource/add/"


def _data(**fields):
    data = {
        "title": "Tin guidance",
        "summary": "How to buy tin responsibly.",
        "kind": "guidance",
        "published_on": "2025-04-01",
        "link_url": "",
        "recording_url": "",
        "publisher_name": "Covenant secretariat",
        "version": "",
        "audience": "public",
        "translations": inline_formset([]),
        "uses": inline_formset([]),
        "citations": inline_formset([]),
    }
    data.update(fields)
    # Tick boxes send one value per box (nested_form_data would number them like a formset).
    return {**nested_form_data(data), "languages": ["en"], "minerals": ["tin"]}


@pytest.fixture
def admin_client(client, library_world):
    """The secretariat, with no permission but those its group has (library 0002 grants the library's)."""
    client.force_login(library_world.secretariat)
    return client


def test_an_encrypted_or_broken_pdf_is_refused_on_the_form(admin_client, private_media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = Resource.objects.count()
    broken = SimpleUploadedFile("broken.pdf", b"%PDF-1.7\nnot really a pdf at all")
    response = admin_client.post(ADD_URL, {**_data(), "file": broken})

    assert response.status_code == 200
    assert "the PDF is damaged" in response.content.decode()
    assert Resource.objects.count() == before
    assert not any(path.is_file() for path in private_media.rglob("*broken*"))


def test_a_resource_with_a_pdf_is_saved_with_its_text_and_facets(admin_client):
    response = admin_client.post(
        ADD_URL, {**_data(), "file": pdf_upload("tin.pdf", "Tin", "Wolframite and coltan.")}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    resource = Resource.objects.get(title="Tin guidance")
    assert "coltan" in resource.extracted_text
    assert set(resource.tags.values_list("facet", "value")) == {("language", "en"), ("mineral", "tin")}


def test_a_resource_needs_a_file_a_link_or_a_recording(admin_client):
    response = admin_client.post(ADD_URL, _data())

    assert response.status_code == 200
    assert "Upload a file, or give a link or a recording." in response.content.decode()


def test_replacing_or_deleting_removes_the_old_file(
    admin_client, library_world, private_media, django_capture_on_commit_callbacks
):
    resource = library_world.public
    old_path = private_media / resource.file.name
    assert old_path.exists()
    url = f"/admin/snippets/library/resource/edit/{resource.pk}/"
    data = {
        **_data(title=resource.title, summary=resource.summary),
        "file": pdf_upload("second.pdf", "Second", "A new edition."),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)

    assert response.status_code == 302
    resource.refresh_from_db()
    assert "A new edition." in resource.extracted_text
    assert not old_path.exists()
    new_path = private_media / resource.file.name
    assert new_path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        resource.delete()
    assert not new_path.exists()
