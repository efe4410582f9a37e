"""API framework views: the root index, the OpenAPI schema, the docs pages (HTML)."""

from __future__ import annotations

import json

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


class ApiRoot(APIView):
    """``GET /api/v1/``: links to the schema and the docs, and the version. Public."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(exclude=True)
    def get(self, request):
        return Response(
            {
                "version": "v1",
                "schema": request.build_absolute_uri(reverse("api:schema")),
                "docs": request.build_absolute_uri(reverse("api:docs")),
            }
        )


class SchemaView(SpectacularAPIView):
    """``GET /api/v1/schema/``: the OpenAPI 3 document (YAML, or JSON with ``?format=json``). Public."""

    permission_classes = [AllowAny]
    authentication_classes: list = []


class SwaggerDocs(SpectacularSwaggerView):
    """``GET /api/v1/docs/swagger/``: Swagger UI from self-hosted files (drf-spectacular-sidecar). Public.
    Its template adds the Content-Security-Policy nonce to the page's <style> and <script> elements."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    template_name = "api/swagger_ui.html"


_SCHEMA_CACHE: dict[str, dict] = {}


def api_schema() -> dict:
    """The OpenAPI document as a dict, in the active language (built once per process and language)."""
    language = get_language() or "id"
    if language not in _SCHEMA_CACHE:
        _SCHEMA_CACHE[language] = SchemaGenerator().get_schema(request=None, public=True)
    return _SCHEMA_CACHE[language]


def _resolve(schema: dict, node):
    """Follow one ``$ref`` into ``components`` (our schemas are never recursive at the top)."""
    if isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return name, schema["components"]["schemas"].get(name, {})
    return None, node or {}


def _schema_fields(schema: dict, node) -> tuple[str | None, list[dict]]:
    name, resolved = _resolve(schema, node)
    required = set(resolved.get("required", []))
    fields = []
    for field, spec in (resolved.get("properties") or {}).items():
        ref_name, inner = _resolve(schema, spec)
        kind = ref_name or inner.get("type") or ("enum" if "enum" in inner else "")
        if inner.get("type") == "array":
            item_name, item = _resolve(schema, inner.get("items", {}))
            kind = f"array of {item_name or item.get('type', '')}"
        fields.append(
            {
                "name": field,
                "type": kind,
                "format": inner.get("format", ""),
                "required": field in required,
                "read_only": bool(inner.get("readOnly")),
                "description": inner.get("description", ""),
                "enum": inner.get("enum") or [],
            }
        )
    return name, fields


def _examples(content: dict) -> list[dict]:
    examples = []
    for media_type, spec in (content or {}).items():
        for key, example in (spec.get("examples") or {}).items():
            examples.append(
                {
                    "media_type": media_type,
                    "summary": example.get("summary") or key,
                    "value": json.dumps(example.get("value"), indent=2, ensure_ascii=False)
                    if not isinstance(example.get("value"), str)
                    else example.get("value"),
                }
            )
    return examples


def docs_sections(schema: dict) -> list[dict]:
    """The schema as sections by tag, each with its operations ready for the template."""
    sections: dict[str, dict] = {}
    for tag in schema.get("tags", []):
        sections[tag["name"]] = {"name": tag["name"], "description": tag.get("description", ""), "operations": []}
    for path, item in schema.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            section = sections.setdefault(tag, {"name": tag, "description": "", "operations": []})
            body = (operation.get("requestBody") or {}).get("content") or {}
            body_schema = next(iter(body.values()), {}).get("schema") if body else None
            body_name, body_fields = _schema_fields(schema, body_schema) if body_schema else (None, [])
            responses = []
            for code, response in (operation.get("responses") or {}).items():
                content = response.get("content") or {}
                media = list(content)
                responses.append(
                    {
                        "code": code,
                        "description": response.get("description", ""),
                        "media_types": media,
                        "examples": _examples(content),
                    }
                )
            section["operations"].append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "security": sorted({name for entry in operation.get("security", []) for name in entry}),
                    "parameters": [
                        {
                            "name": p.get("name"),
                            "in": p.get("in"),
                            "required": bool(p.get("required")),
                            "type": (p.get("schema") or {}).get("type", ""),
                            "enum": (p.get("schema") or {}).get("enum") or [],
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body_name": body_name,
                    "body_media_types": list(body),
                    "body_fields": body_fields,
                    "body_examples": _examples(body),
                    "responses": responses,
                }
            )
    return [section for section in sections.values() if section["operations"]]


class ApiDocs(View):
    """``GET /api/v1/docs/``: the API reference as a plain, accessible HTML page, rendered from the schema.

    Works without JavaScript (no Swagger UI or Redoc in the way of screen readers); the Swagger UI
    is linked as an extra. Public: it documents shapes, never data.
    """

    def get(self, request):
        schema = api_schema()
        return render(
            request,
            "api/docs.html",
            {
                "info": schema.get("info", {}),
                "sections": docs_sections(schema),
                "breadcrumbs": [{"label": _("Home"), "url": reverse("home")}, {"label": _("API reference")}],
            },
        )
