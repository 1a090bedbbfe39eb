"""Users and roles: BKPSDM administrators (and superusers) list logins, create one for an employee,
grant and revoke roles. Everyone else gets 403; a user of another instance is 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.accounts import lockout, scope, services
from kinerja.accounts import permissions as account_permissions
from kinerja.accounts.models import RoleGrant, User
from kinerja.core.forms import apply_service_errors, run_service
from kinerja.core.keyset import InvalidCursor, paginate
from kinerja.organization.instances import instance_choices, instance_for
from kinerja.people.models import Employee
from kinerja.rules.nip import normalize

from .user_forms import RoleGrantForm, UserCreateForm, UserFilterForm

ORDERING = ["username", "id"]


def _require_manager(request) -> None:
    if not account_permissions.can_manage_users(request.user):
        raise PermissionDenied(_("Only BKPSDM administrators manage users and roles."))


def _managed_instance(request):
    _require_manager(request)
    instance = instance_for(request)
    if not scope.can_manage_instance(request.user, instance.pk):
        raise PermissionDenied(_("Only BKPSDM administrators manage users and roles."))
    return instance


def _grants():
    return Prefetch("role_grants", queryset=RoleGrant.objects.select_related("unit").order_by("role", "id"))


def _target(request, pk: int) -> User:
    """A user the requester manages: of their own instance (superusers: any instance), else 404."""
    _require_manager(request)
    users = account_permissions.managed_users(request.user, User.objects.filter(instance__isnull=False))
    target = get_object_or_404(users.select_related("instance", "employee__unit", "employee__position")
                               .prefetch_related(_grants()), pk=pk)
    if not scope.can_manage_instance(request.user, target.instance_id):
        raise PermissionDenied
    return target


@login_required
def users(request):
    instance = _managed_instance(request)
    qs = (User.objects.filter(instance=instance)
          .select_related("employee__unit", "employee__position").prefetch_related(_grants()))
    form = UserFilterForm(request.GET or None)
    if form.is_valid():
        text = form.cleaned_data["q"].strip()
        if text:
            match = (Q(username__icontains=text) | Q(employee__name__icontains=text)
                     | Q(first_name__icontains=text) | Q(last_name__icontains=text) | Q(email__icontains=text))
            digits = normalize(text)
            if digits.isdigit():
                match |= Q(employee__nip__startswith=digits)
            qs = qs.filter(match)
        if form.cleaned_data["role"]:
            qs = qs.filter(Exists(RoleGrant.objects.filter(user=OuterRef("pk"), role=form.cleaned_data["role"])))
    size = settings.KINERJA["PAGE_SIZE"]
    try:
        page = paginate(qs, ORDERING, size, request.GET.get("cursor"))
    except InvalidCursor:
        messages.warning(request, _("The page link had expired; showing the first page."))
        page = paginate(qs, ORDERING, size)
    locked = lockout.locked_keys([lockout.account_key(account) for account in page.items])
    for account in page.items:
        account.locked = lockout.account_key(account) in locked

    def page_url(cursor):
        if cursor is None:
            return None
        params = request.GET.copy()
        params["cursor"] = cursor
        return f"?{params.urlencode()}"

    return render(request, "accounts/users.html", {
        "active_menu": "users", "instance": instance, "instances": instance_choices(request), "form": form,
        "page": page, "next_url": page_url(page.next_cursor), "prev_url": page_url(page.prev_cursor),
    })


@login_required
def user_create(request):
    instance = _managed_instance(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        employee = None
        nip = normalize(data["nip"])
        if nip:
            employee = Employee.objects.filter(instance=instance, nip=nip).first()
            if employee is None:
                form.add_error("nip", _("No employee of %(instance)s has this NIP.") % {"instance": instance.name})
        if not form.errors:
            try:
                user = services.create_user(
                    actor=request.user, instance=instance, employee=employee, email=data["email"],
                    username=data["username"] or (employee.nip if employee else ""), password=data["password"],
                    must_change_password=True,  # the administrator knows it: the owner replaces it
                )
            except ValidationError as exc:
                apply_service_errors(form, exc, aliases={"employee": "nip"})
            else:
                messages.success(request, _("The login “%(username)s” was created. Grant it a role if needed.")
                                 % {"username": user.username})
                return redirect("accounts:user", pk=user.pk)
    return render(request, "accounts/users_form.html", {
        "active_menu": "users", "instance": instance, "form": form,
    })


def _detail(request, target: User, grant_form: RoleGrantForm | None = None):
    return render(request, "accounts/users_detail.html", {
        "active_menu": "users", "target": target, "grants": list(target.role_grants.all()),
        "grant_form": grant_form or RoleGrantForm(instance_id=target.instance_id),
        "target_is_employee": account_permissions.is_employee(target),
        "target_is_evaluator": account_permissions.is_evaluator(target), "locked": lockout.is_locked(target),
        "is_self": target.pk == request.user.pk,
    })


@login_required
def user_detail(request, pk: int):
    return _detail(request, _target(request, pk))


@login_required
@require_POST
def role_grant(request, pk: int):
    target = _target(request, pk)
    form = RoleGrantForm(request.POST, instance_id=target.instance_id)
    done = run_service(request, form, lambda data: services.grant_role(
        actor=request.user, user=target, role=data["role"], unit=data["unit"]))
    if done.ok:
        messages.success(request, _("Role “%(role)s” granted.") % {"role": done.result.get_role_display()})
        return redirect("accounts:user", pk=target.pk)
    return _detail(request, target, form)


@login_required
@require_POST
def role_revoke(request, pk: int, grant_pk: int):
    target = _target(request, pk)
    grant = get_object_or_404(RoleGrant.objects.filter(user=target), pk=grant_pk)
    label = grant.get_role_display()
    services.revoke_role(actor=request.user, grant=grant)
    messages.success(request, _("Role “%(role)s” revoked.") % {"role": label})
    return redirect("accounts:user", pk=target.pk)


@login_required
@require_POST
def user_unlock(request, pk: int):
    target = _target(request, pk)
    services.unlock_account(actor=request.user, user=target)
    messages.success(request, _("The login “%(username)s” is unlocked.") % {"username": target.username})
    return redirect("accounts:user", pk=target.pk)


@login_required
@require_POST
def user_reset_password(request, pk: int):
    """Sets a one-time password and shows it this once (the page is not cached and not stored)."""
    target = _target(request, pk)
    try:
        raw = services.reset_password(actor=request.user, user=target)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("accounts:user", pk=target.pk)
    response = render(request, "accounts/users_one_time_password.html", {
        "active_menu": "users", "target": target, "one_time_password": raw,
    })
    response["Cache-Control"] = "no-store"
    return response
