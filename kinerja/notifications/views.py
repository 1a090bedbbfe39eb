"""The bell and the notifications pages: the unread count (polled by the bell), the latest few (the bell's
dropdown), the full list (keyset pages), mark one or all read, open one (marks it read and goes to its page)
and the e-mail preferences. Each user sees only their own: another's notification is a 404."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinerja.core.errors import ValidationError, error_dict
from kinerja.core.keyset import InvalidCursor, paginate

from . import permissions, services
from .languages import default_language
from .models import Kind, Notification

LATEST = 8
ORDERING = ["-created_at", "-id"]
SHOW = ("all", "unread")
CHANGED = "notifications-changed"  # the htmx event that makes the bell count again


def _mine(request):
    return permissions.restrict_notifications(Notification.objects.all(), request.user)


def unread_count(user) -> int:
    """One indexed query (notification_inbox: recipient, read_at)."""
    return permissions.restrict_notifications(Notification.objects.all(), user).filter(read_at__isnull=True).count()


def _fragment(template: str, context: dict) -> HttpResponse:
    """A fragment without the context processors (menu, scope): the bell polls it, so it costs its own query only."""
    return HttpResponse(render_to_string(template, context))


@login_required
@require_GET
def count(request):
    return _fragment("notifications/_count.html", {"unread": unread_count(request.user)})


@login_required
@require_GET
def latest(request):
    rows = list(_mine(request).order_by(*ORDERING)[:LATEST])
    return _fragment("notifications/_latest.html", {"rows": rows})


@login_required
@require_GET
def notification_list(request):
    shown = request.GET.get("show") if request.GET.get("show") in SHOW else "all"
    qs = _mine(request)
    if shown == "unread":
        qs = qs.filter(read_at__isnull=True)
    size = settings.KINERJA["PAGE_SIZE"]
    try:
        page = paginate(qs, ORDERING, size, request.GET.get("cursor"))
    except InvalidCursor:
        messages.warning(request, _("The page link had expired; showing the first page."))
        page = paginate(qs, ORDERING, size)
    return render(request, "notifications/list.html", {
        "active_menu": "notifications", "page": page, "shown": shown, "unread": unread_count(request.user)})


def _safe_target(request, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return reverse("notifications:list")


@login_required
@require_GET
def open_notification(request, pk: int):
    """Mark read and go to what it is about (a notification without a page: the list)."""
    notification = get_object_or_404(_mine(request), pk=pk)
    services.mark_read(actor=request.user, notification=notification)
    return redirect(_safe_target(request, notification.url))


@login_required
@require_POST
def read(request, pk: int):
    notification = get_object_or_404(_mine(request), pk=pk)
    services.mark_read(actor=request.user, notification=notification)
    if request.headers.get("HX-Request"):
        response = render(request, "notifications/_row.html", {"row": notification})
        response["HX-Trigger"] = CHANGED
        return response
    return redirect(_back(request))


@login_required
@require_POST
def read_all(request):
    done = services.mark_all_read(actor=request.user)
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Trigger"] = CHANGED
        response["HX-Refresh"] = "true"
        return response
    if done:
        messages.success(request, _("All notifications are marked read."))
    return redirect(_back(request))


def _back(request) -> str:
    target = request.POST.get("next", "")
    return _safe_target(request, target)


@login_required
def preferences(request):
    user = request.user
    errors = {}
    if request.method == "POST":
        try:
            services.set_email_preferences(actor=user, user=user, kinds_on=request.POST.getlist("kinds"),
                                           language=request.POST.get("language"))
        except ValidationError as exc:
            errors = error_dict(exc)
        else:
            messages.success(request, _("Your e-mail choices are saved."))
            return redirect("notifications:preferences")
    on = set(services.email_kinds_on(user))
    employee = user.employee if user.employee_id else None
    address = user.email or (employee.email if employee is not None else "")
    return render(request, "notifications/preferences.html", {
        "active_menu": "notifications", "kinds": [(value, label, value in on) for value, label in Kind.choices],
        "address": address, "errors": errors.get("kinds", []) + errors.get("language", []) + errors.get("__all__", []),
        "has_instance": user.instance_id is not None, "language": services.language_chosen(user),
        "languages": [(code, str(name)) for code, name in settings.LANGUAGES],
        "default_language_name": str(dict(settings.LANGUAGES).get(default_language(), default_language()))})
