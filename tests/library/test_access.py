"""Who finds what: anonymous, outsider, member, secretariat by public and group-only resource by every path
(the list, the resource page, the file, the library's own search, the site search, the sitemap)."""

import pytest

from library.models import LibraryPage

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "outsider", "member", "secretariat"]
SEES_GROUP_RESOURCE = {"anonymous": False, "outsider": False, "member": True, "secretariat": True}


def _client(client, world, who):
    if who != "anonymous":
        client.force_login(getattr(world, who))
    return client


def _detail_url(world, resource):
    return world.library.resource_url_for(resource.pk, resource.title)


def _file_url(resource):
    return f"/library-files/{resource.pk}/{resource.file_name}"


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("which", ["public", "group_only"])
def test_access_matrix(client, library_world, who, which):
    world = library_world
    resource = getattr(world, which)
    expected = which == "public" or SEES_GROUP_RESOURCE[who]
    client = _client(client, world, who)
    word = "cassiterite" if which == "public" else "Complainants"

    listing = client.get(world.library.url).content.decode()
    detail = client.get(_detail_url(world, resource))
    download = client.get(_file_url(resource))
    library_search = client.get(world.library.url, {"q": word}).content.decode()
    site_search = client.get("/search/", {"q": word}).content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()

    assert (resource.title in listing) is expected
    assert detail.status_code == (200 if expected else 404)
    assert download.status_code == (200 if expected else 404)
    assert (resource.title in library_search) is expected
    assert (resource.title in site_search) is expected
    assert (_detail_url(world, resource) in sitemap) is (which == "public")
    if expected:
        assert b"".join(download.streaming_content).startswith(b"%PDF" if which == "public" else b"PK")


def test_the_file_view_refuses_other_names_and_public_media_has_no_copy(client, library_world, settings):
    world = library_world
    assert client.get(f"/library-files/{world.public.pk}/other.pdf").status_code == 404
    assert client.get(f"/media/{world.public.file.name}").status_code == 404
    assert not (settings.MEDIA_ROOT / world.group_only.file.name).exists()


def test_group_files_are_not_cached_by_shared_caches(client, library_world):
    client.force_login(library_world.member)
    response = client.get(_file_url(library_world.group_only))
    b"".join(response.streaming_content)  # read to the end, as a browser does; the client then closes it
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment")


def test_a_member_who_leaves_loses_the_file(client, library_world):
    from working_groups.models import Membership

    client.force_login(library_world.member)
    response = client.get(_file_url(library_world.group_only))
    b"".join(response.streaming_content)  # read to the end, as a browser does; the client then closes it
    assert response.status_code == 200
    Membership.objects.filter(user=library_world.member).delete()
    assert client.get(_file_url(library_world.group_only)).status_code == 404


def test_library_page_is_in_the_sitemap(client, library_world):
    assert LibraryPage.objects.live().count() == 1
    assert library_world.library.url in client.get("/sitemap.xml").content.decode()
