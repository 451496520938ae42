"""The OpenAPI description, generated once per language and process, and the reference page read from it.

The description only changes with the code, so it is built on first use and kept (generating it walks every
view and serializer). The reference page (`/api/v1/docs/`) renders the same description as plain HTML in the
site's own layout: every resource with its addresses, query parameters and fields, readable without
JavaScript and by screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.utils import translation

from drf_spectacular.generators import SchemaGenerator

from api.schema import API_PREFIX


@lru_cache(maxsize=8)
def openapi_schema(language: str) -> dict:
    with translation.override(language):
        return SchemaGenerator().get_schema(request=None, public=True)


@dataclass
class Row:
    name: str
    kind: str
    description: str = ""
    choices: list[str] = field(default_factory=list)


@dataclass
class ResourceReference:
    name: str
    description: str
    list_path: str
    detail_path: str
    slug_path: str
    parameters: list[Row]
    fields: list[Row]
    detail_fields: list[Row]


def _component(schema: dict, ref: str) -> dict:
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def _kind(schema: dict, spec: dict) -> str:
    """A short type for people: `integer`, `date`, `list of PartyRef`, `Recording or null`."""
    nullable = spec.get("nullable", False)
    if "allOf" in spec:
        kind = spec["allOf"][0]["$ref"].rsplit("/", 1)[-1]
    elif "$ref" in spec:
        kind = spec["$ref"].rsplit("/", 1)[-1]
    elif spec.get("type") == "array":
        kind = f"list of {_kind(schema, spec.get('items', {}))}"
    else:
        kind = spec.get("format") or spec.get("type") or "any"
    return f"{kind} or null" if nullable else kind


def _fields(schema: dict, ref: str) -> list[Row]:
    component = _component(schema, ref)
    return [
        Row(name, _kind(schema, spec), spec.get("description", ""))
        for name, spec in component.get("properties", {}).items()
    ]


def resources(language: str) -> list[ResourceReference]:
    schema = openapi_schema(language)
    found = []
    for path, operations in schema["paths"].items():
        if path.count("/") != 4 or "{" in path or not path.startswith(API_PREFIX):
            continue
        operation = operations["get"]
        page_ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        item_ref = _component(schema, page_ref)["properties"]["results"]["items"]["$ref"]
        detail = schema["paths"][f"{path}{{id}}/"]["get"]
        detail_ref = detail["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        list_fields = _fields(schema, item_ref)
        listed = {row.name for row in list_fields}
        found.append(
            ResourceReference(
                name=operation["tags"][0],
                description=operation.get("description", ""),
                list_path=path,
                detail_path=f"{path}{{id}}/",
                slug_path=f"{path}by-slug/{{slug}}/",
                parameters=[
                    Row(
                        parameter["name"],
                        _kind(schema, parameter.get("schema", {})),
                        parameter.get("description", ""),
                        [str(choice) for choice in parameter.get("schema", {}).get("enum", []) if choice],
                    )
                    for parameter in operation.get("parameters", [])
                ],
                fields=list_fields,
                detail_fields=[row for row in _fields(schema, detail_ref) if row.name not in listed],
            )
        )
    return found
