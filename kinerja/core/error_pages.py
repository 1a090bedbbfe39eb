"""The application's own error pages: 400, 403, 404, 429, 500 and a refused CSRF check.

Each page is in the app's layout and the user's language, says what happened and what to do, and
offers a way back (the page the user came from, when it is ours, and the home page). Requests under
``/api/`` keep the API's JSON error shape ``{"detail": …}`` (see ``kinerja/api/errors.py``).

The 500 page is rendered without context processors or database queries: whatever broke the request
(the database, a context processor) cannot break the error page too.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

API_PREFIX = "/api/"

PAGES = {
    400: ("exclamation-octagon", gettext_lazy("The request could not be understood"),
          gettext_lazy("Something in the request was not right (an outdated link, or a form sent twice). "
                       "Go back and try again.")),
    403: ("shield-lock", gettext_lazy("You do not have access to this page"),
          gettext_lazy("Your role does not allow this action. If you think it should, ask your BKPSDM "
                       "administrator.")),
    404: ("signpost-split", gettext_lazy("Page not found"),
          gettext_lazy("The page does not exist or is not within your reach. Check the address, or go back "
                       "and choose from the menu.")),
    429: ("hourglass-split", gettext_lazy("Too many attempts"),
          gettext_lazy("Too many requests came in a short time. Wait a few minutes, then try again.")),
    500: ("tools", gettext_lazy("Something went wrong on our side"),
          gettext_lazy("The error has been recorded. Try again in a moment; if it keeps happening, tell your "
                       "BKPSDM administrator what you were doing.")),
    "csrf": ("arrow-clockwise", gettext_lazy("The form has expired"),
             gettext_lazy("For your security, a form can only be sent from a page that is still open in this "
                          "browser session. Go back, reload the page, and send the form again.")),
}

API_DETAILS = {
    400: gettext_lazy("Bad request."),
    403: gettext_lazy("You do not have permission to do this."),
    404: gettext_lazy("Not found."),
    429: gettext_lazy("Too many requests. Try again later."),
    500: gettext_lazy("Server error."),
    "csrf": gettext_lazy("CSRF check failed: send the CSRF token, or use a bearer token."),
}


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _home_url() -> str:
    try:
        return reverse("home:home")
    except NoReverseMatch:  # pragma: no cover - the URLconf is what broke
        return "/"


def back_url(request) -> str:
    """The page the user came from, when it is one of ours and not this one; else nothing."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return ""
    parts = urlsplit(referer)
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 of a bad Host header: no way back to trust
        return ""
    if parts.netloc and parts.netloc != host:
        return ""
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return "" if not path.startswith("/") or parts.path == request.path else path


def _reason(exception) -> str:
    """A PermissionDenied raised with a message (ours are translated sentences) is worth showing."""
    if exception is None or not exception.args:
        return ""
    message = exception.args[0]
    return str(message) if isinstance(message, (str, Promise)) else ""


def error_page(request, status, *, exception=None, template: str = "errors/error.html", use_request: bool = True,
               extra: dict | None = None) -> HttpResponse:
    code = 403 if status == "csrf" else status
    if is_api(request):
        return JsonResponse({"detail": str(API_DETAILS[status])}, status=code)
    icon, title, message = PAGES[status]
    context = {"status": code, "icon": icon, "title": title, "message": message,
               "reason": _reason(exception) if status == 403 else "",
               "home_url": _home_url(), "back_url": back_url(request), **(extra or {})}
    if use_request:
        body = loader.render_to_string(template, context, request)
    else:  # the 500 page: no context processors, no database
        body = loader.get_template(template).render(context)
    return HttpResponse(body, status=code)


def bad_request(request, exception=None):
    return error_page(request, 400, exception=exception)


def permission_denied(request, exception=None):
    return error_page(request, 403, exception=exception)


def page_not_found(request, exception=None):
    return error_page(request, 404, exception=exception)


def too_many_requests(request, exception=None):
    """429: any rate limit; the log-in lockout uses its own page (accounts/locked_out.html) of the same kind."""
    return error_page(request, 429, exception=exception)


def server_error(request):
    return error_page(request, 500, use_request=False)


def csrf_failure(request, reason: str = ""):
    return error_page(request, "csrf")
