"""drf-spectacular additions: the bearer-token scheme and the shared error responses on every operation."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.drainage import add_trace_message
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import get_view_model

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error response (api.exceptions).",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "description": "Machine code: invalid, not_authenticated, ..."},
                "message": {"type": "string", "description": "Translated sentence for people."},
                "fields": {
                    "type": "object",
                    "description": "Field name → messages (input errors only; empty otherwise).",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
            "required": ["code", "message", "fields"],
        }
    },
    "required": ["error"],
}

ERROR_EXAMPLES = {
    "400": ("invalid", "The request has errors: see the fields.", {"name": ["This field is required."]}),
    "401": ("not_authenticated", "Sign in or send an API token: Authorization: Bearer <token>.", {}),
    "403": ("permission_denied", "You do not have permission to do this here.", {}),
    "404": ("not_found", "Not found.", {}),
    "429": ("throttled", "Too many requests. Try again in 12 seconds.", {}),
}
ERROR_DESCRIPTIONS = {
    "400": "Invalid input.",
    "401": "No credentials, or an invalid, expired or revoked token.",
    "403": "No permission here, or a read-only token used to write.",
    "404": "Not found in this city.",
    "429": "Too many requests.",
}


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (`ijc_<city>_<secret>`), created under /akun/token-api/.",
        }


class PortalSessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PortalSessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "The portal's sign-in session (browser); unsafe methods also need the CSRF token.",
        }


class CityDjangoFilterExtension(DjangoFilterExtension):
    """django-filter parameters for views over tenant models: an empty queryset built without a manager."""

    target_class = "api.filters.CityFilterBackend"
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        model = get_view_model(auto_schema.view)
        if not model:
            return []
        filterset_class = self.target.get_filterset_class(auto_schema.view, QuerySet(model=model).none())
        if not filterset_class:
            return []
        result = []
        with add_trace_message(filterset_class):
            for field_name, filter_field in filterset_class.base_filters.items():
                result += self.resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        return result


def only_api_v1(endpoints):
    """Pre-processing hook: document only ``/api/v1/`` (older API-only views elsewhere are left out)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def add_error_responses(result, generator, request, public):
    """Post-processing hook: the ``Error`` component, and its responses on every operation that lacks them.

    Public operations (``security`` allowing no credentials) get 400/404/429; the others also
    401 and 403.
    """
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            public_operation = {} in operation.get("security", [{}]) or not operation.get("security")
            codes = ["404", "429"] if method == "get" else ["400", "404", "429"]
            if not public_operation:
                codes += ["401", "403"]
            if method == "get" and any(p.get("in") == "query" for p in operation.get("parameters", [])):
                codes.append("400")
            for code in sorted(set(codes)):
                if code in responses:
                    continue
                err_code, message, fields = ERROR_EXAMPLES[code]
                responses[code] = {
                    "description": ERROR_DESCRIPTIONS[code],
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"},
                            "examples": {
                                err_code: {
                                    "summary": err_code,
                                    "value": {"error": {"code": err_code, "message": message, "fields": fields}},
                                }
                            },
                        }
                    },
                }
    return result
