"""The SKP workflow tells the people concerned: submit → the evaluator, return (with the reason) and approve →
the owner; nobody else, and never the one who acted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.core.errors import ConflictError
from kinerja.notifications.models import Notification
from kinerja.skp import services

from .conftest import fill, lock_of


def _sent():
    return list(Notification.objects.order_by("pk").values_list("recipient__username", "kind", "title", "body", "url",
                                                                "object_type", "object_id"))


def test_submit_tells_the_evaluator(world, period):
    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    fill(skp, world.u_staff1)
    services.submit(actor=world.u_staff1, skp=skp, lock_version=lock_of(skp))
    assert _sent() == [("kasi_surv", "skp_submitted", "Andi Pratama submitted the SKP 2026 for your approval", "",
                        reverse("skp:detail", args=[skp.pk]), "skp.skp", str(skp.pk))]


def test_return_tells_the_owner_with_the_reason(world, period):
    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    fill(skp, world.u_staff1)
    services.submit(actor=world.u_staff1, skp=skp, lock_version=lock_of(skp))
    Notification.objects.all().delete()
    services.return_skp(actor=world.u_kasi_surv, skp=skp, lock_version=lock_of(skp),
                        reason="Target IKI belum terukur.")
    assert _sent() == [("staff1", "skp_returned", "Your SKP 2026 was returned for correction",
                        "Target IKI belum terukur.", reverse("skp:detail", args=[skp.pk]), "skp.skp", str(skp.pk))]


def test_approve_tells_the_owner(world, period):
    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    fill(skp, world.u_staff1)
    services.submit(actor=world.u_staff1, skp=skp, lock_version=lock_of(skp))
    Notification.objects.all().delete()
    services.approve(actor=world.u_kasi_surv, skp=skp, lock_version=lock_of(skp))
    assert _sent() == [("staff1", "skp_approved", "Your SKP 2026 was approved", "",
                        reverse("skp:detail", args=[skp.pk]), "skp.skp", str(skp.pk))]


def test_withdraw_and_revision_tell_nobody(world, period):
    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    fill(skp, world.u_staff1)
    services.submit(actor=world.u_staff1, skp=skp, lock_version=lock_of(skp))
    services.withdraw(actor=world.u_staff1, skp=skp, lock_version=lock_of(skp))
    assert [kind for _u, kind, *_rest in _sent()] == ["skp_submitted"]


def test_an_hr_admin_submitting_on_behalf_tells_the_evaluator_only(world, period):
    skp = services.create_skp(actor=world.u_admin_bkpsdm, employee=world.staff1, period=period)
    fill(skp, world.u_admin_bkpsdm)
    services.submit(actor=world.u_admin_bkpsdm, skp=skp, lock_version=lock_of(skp))
    assert [(u, kind) for u, kind, *_rest in _sent()] == [("kasi_surv", "skp_submitted")]


def test_an_owner_without_a_login_gets_nothing_and_the_step_still_works(world, period):
    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    fill(skp, world.u_staff1)
    services.submit(actor=world.u_staff1, skp=skp, lock_version=lock_of(skp))
    Notification.objects.all().delete()
    world.u_staff1.employee = None
    world.u_staff1.save(update_fields=["employee"])
    services.approve(actor=world.u_kasi_surv, skp=skp, lock_version=lock_of(skp))
    assert _sent() == []


def test_a_refused_step_notifies_nobody(world, period):
    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    fill(skp, world.u_staff1)
    services.submit(actor=world.u_staff1, skp=skp, lock_version=lock_of(skp))
    Notification.objects.all().delete()
    with pytest.raises(ConflictError):
        services.approve(actor=world.u_kasi_surv, skp=skp, lock_version=lock_of(skp) - 1)
    assert _sent() == []
