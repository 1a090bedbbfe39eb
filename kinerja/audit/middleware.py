from __future__ import annotations

from .context import audit_context


class AuditContextMiddleware:
    """Tags every write made while serving a request with its source and client address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        source = "api" if path.startswith("/api/") else "admin" if path.startswith("/admin/") else "web"
        with audit_context(source, request.META.get("REMOTE_ADDR")):
            return self.get_response(request)
