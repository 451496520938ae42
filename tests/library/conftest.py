import datetime
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from library.choices import Audience, ResourceKind
from library.demo.files import docx_bytes, pdf_bytes
from library.models import LibraryPage
from library.services import resource_create
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member, make_group, make_group_index, make_secretariat_user
from working_groups.choices import Visibility


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


def pdf_upload(name: str, title: str, *paragraphs: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(title, list(paragraphs)), content_type="application/pdf")


def docx_upload(name: str, title: str, *paragraphs: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, docx_bytes(title, list(paragraphs)), content_type="application/octet-stream"
    )


def make_resource(**fields):
    defaults = {
        "title": "A resource",
        "summary": "What it is for.",
        "kind": ResourceKind.GUIDANCE,
        "published_on": datetime.date(2025, 3, 1),
        "link_url": "https://example.org/resource",
    }
    defaults.update(fields)
    return resource_create(**defaults)


@pytest.fixture
def library_world(db):
    index = make_group_index()
    home = index.get_parent().specific
    library = LibraryPage(title="Library", slug="library", introduction="Guidance and tools.")
    home.add_child(instance=library)
    closed = make_group(index, Visibility.CLOSED, title="Gold traders", slug="gold-traders")
    member = add_member(closed).user
    outsider = UserFactory()
    secretariat = make_secretariat_user()
    public = make_resource(
        title="Smelter due diligence guidance",
        summary="How to check the smelters in a tin supply chain.",
        file=pdf_upload(
            "smelter-guidance.pdf", "Smelter guidance", "Look for cassiterite from conflict areas."
        ),
        link_url="",
        languages=["en"],
        minerals=["tin"],
    )
    group_only = make_resource(
        title="Grievance mechanism template",
        summary="A template for a grievance procedure.",
        kind=ResourceKind.TEMPLATE,
        file=docx_upload("grievance-template.docx", "Grievance template", "Complainants stay anonymous."),
        link_url="",
        audience=Audience.GROUP,
        group=closed,
        languages=["en"],
        minerals=["gold"],
    )
    return SimpleNamespace(
        home=home,
        library=library,
        group=closed,
        member=member,
        outsider=outsider,
        secretariat=secretariat,
        public=public,
        group_only=group_only,
    )
