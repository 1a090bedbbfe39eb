"""API documentation that works offline (government intranets have no CDN access).

* ``/api/v1/docs`` (``api:docs``): a server-rendered reference built from the OpenAPI schema, inside
  the site layout; no JavaScript needed.
* ``/api/v1/docs/swagger``: the interactive Swagger UI from the files django-ninja ships in
  ``ninja/static`` — served only when ``"ninja"`` is in ``INSTALLED_APPS`` (so that staticfiles finds
  them). Otherwise ninja would fall back to a CDN template; we redirect to the reference instead.
"""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from ninja.openapi.docs import Swagger

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def swagger_available() -> bool:
    return apps.is_installed("ninja")


class OfflineSwagger(Swagger):
    """ninja's Swagger page with its bundled assets; never the CDN variant."""

    def render_page(self, request, api, **kwargs):
        if not swagger_available():
            return redirect("api:docs")
        return super().render_page(request, api, **kwargs)


def type_label(schema: dict | None) -> str:
    """A short readable type for an OpenAPI schema fragment: ``list[UnitOut]``, ``integer | null``."""
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return " | ".join(type_label(part) for part in schema[key])
    if "enum" in schema:
        return " | ".join(repr(v) if isinstance(v, str) else str(v) for v in schema["enum"])
    kind = schema.get("type", "")
    if kind == "array":
        return f"list[{type_label(schema.get('items'))}]"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"dict[string, {type_label(schema['additionalProperties'])}]"
    return f"{kind} ({schema['format']})" if schema.get("format") else kind


def _json_schema(holder: dict) -> dict | None:
    return holder.get("content", {}).get("application/json", {}).get("schema")


def _file_media(holder: dict) -> str:
    """The content type of an answer that is a file (PDF, workbook), not JSON."""
    return ", ".join(media for media in holder.get("content", {}) if media != "application/json")


def _operation(path: str, method: str, op: dict) -> dict:
    return {
        "method": method.upper(),
        "path": path,
        "anchor": op.get("operationId", f"{method}-{path}"),
        "summary": op.get("summary", ""),
        "description": op.get("description", ""),
        "parameters": [
            {"name": p["name"], "in": p["in"], "required": p.get("required", False),
             "type": type_label(p.get("schema")), "description": p.get("description", "")}
            for p in op.get("parameters", [])
        ],
        "body": type_label(_json_schema(op.get("requestBody", {}))),
        "responses": [(code, type_label(_json_schema(resp)), resp.get("description", ""), _file_media(resp))
                      for code, resp in sorted(op.get("responses", {}).items(), key=lambda item: str(item[0]))],
    }


def reference(schema: dict) -> dict:
    """The OpenAPI schema regrouped for the template: operations by tag, then the schemas."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for path, methods in schema.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in methods:
                op = methods[method]
                groups[(op.get("tags") or ["other"])[0]].append(_operation(path, method, op))
    models = []
    for name, model in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(model.get("required", []))
        models.append({
            "name": name,
            "description": model.get("description", ""),
            "enum": [str(v) for v in model.get("enum", [])],
            "fields": [
                {"name": field, "type": type_label(spec), "required": field in required,
                 "description": spec.get("description", "")}
                for field, spec in model.get("properties", {}).items()
            ],
        })
    return {"groups": sorted(groups.items()), "models": models}


@login_required
def docs_page(request):
    from .api import api

    schema = api.get_openapi_schema(path_params={})
    context = {
        "api": api,
        "info": schema.get("info", {}),
        "openapi_url": reverse("api:openapi-json"),
        "swagger_url": reverse("api:openapi-view") if swagger_available() else "",
        "active_menu": "api",
        **reference(schema),
    }
    return render(request, "api/docs.html", context)
