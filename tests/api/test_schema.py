"""The OpenAPI description (valid OpenAPI 3, YAML by default, JSON on request, this API only) and the
browsable documentation page (our own static files only, no inline script or style)."""

import re

from django.contrib.staticfiles import finders

import pytest
import yaml
from openapi_spec_validator import validate

from api.resources import registered_resources


@pytest.fixture
def schema_yaml(db, client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return response


def test_schema_is_yaml_by_default_and_valid_openapi(schema_yaml):
    assert schema_yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    schema = yaml.safe_load(schema_yaml.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["version"] == "1.1.0"


def test_schema_as_json_when_asked_and_valid(db, client):
    response = client.get("/api/v1/schema/", headers={"accept": "application/json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    schema = response.json()
    validate(schema)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["ETag"]


def test_schema_describes_every_resource_and_nothing_else(schema_yaml):
    schema = yaml.safe_load(schema_yaml.content)
    paths = set(schema["paths"])
    for resource in registered_resources():
        assert f"/api/v1/{resource.prefix}/" in paths
        assert f"/api/v1/{resource.prefix}/{{id}}/" in paths
        assert f"/api/v1/{resource.prefix}/by-slug/{{slug}}/" in paths
    assert all(path.startswith("/api/v1/") for path in paths)
    for path, operations in schema["paths"].items():
        assert set(operations) == {"get"}, path


def test_schema_lists_the_pages_filters_and_never_private_fields(schema_yaml):
    schema = yaml.safe_load(schema_yaml.content)
    parameters = {p["name"] for p in schema["paths"]["/api/v1/commitments/"]["get"]["parameters"]}
    assert {
        "q",
        "theme",
        "status",
        "stakeholder_type",
        "party",
        "group",
        "step",
        "sdg",
        "overdue",
        "sort",
    } <= (parameters)
    assert {"ordering", "page", "page_size"} <= parameters
    event_parameters = {p["name"] for p in schema["paths"]["/api/v1/events/"]["get"]["parameters"]}
    assert {
        "when",
        "kind",
        "theme",
        "group",
        "attendance",
        "language",
        "date_from",
        "date_to",
    } <= event_parameters
    library = schema["components"]["schemas"]["LibraryResource"]["properties"]
    assert "Accept-Language" in library["title"]["description"]
    assert {"title", "summary", "text_language"} <= set(library) and "translations" not in library
    text = schema_yaml.content.decode()
    for private in ("join_url", "join_passcode", "passcode", "email", "gender", "review_comment", "author"):
        assert not re.search(rf"\b{private}\b", text), private


def test_reference_page_lists_every_resource_its_parameters_and_fields(db, client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    for resource in registered_resources():
        assert f'id="resource-{resource.prefix}"' in html
        assert f'href="/api/v1/{resource.prefix}/"' in html
    for text in ("date_from", "stakeholder_type", "ical_url", "indicators", "contact_person", "chairs"):
        assert f'<th scope="row">{text}</th>' in html, text
    assert 'href="/api/v1/schema/"' in html and 'href="/api/v1/explorer/"' in html


def test_explorer_loads_only_this_sites_files_and_no_inline_script(db, client):
    response = client.get("/api/v1/explorer/")
    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "no inline script"
    assert "<style" not in html and " style=" not in html
    for address in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert address.startswith("/") or address.startswith("#"), address
    assert 'data-schema-url="/api/v1/schema/"' in html
    for static_path in (
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        "api/api-explorer.js",
        "api/api-explorer.css",
    ):
        assert finders.find(static_path), static_path


def test_api_index_links_resources_schema_and_docs(db, client):
    data = client.get("/api/v1/").json()
    assert data["version"] == "v1"
    assert set(data["resources"]) == {
        "events",
        "commitments",
        "parties",
        "groups",
        "news",
        "library-resources",
    }
    assert data["schema"].endswith("/api/v1/schema/")
    assert data["docs"].endswith("/api/v1/docs/")
    assert data["explorer"].endswith("/api/v1/explorer/")


def test_docs_page_speaks_dutch_when_asked(db, client):
    html = client.get("/api/v1/docs/", headers={"accept-language": "nl"}).content.decode()
    assert "Open-data-API" in html and "De OpenAPI-beschrijving (YAML)" in html
