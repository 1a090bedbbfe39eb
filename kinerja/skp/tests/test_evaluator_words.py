"""Issue 7, item 12: what only the evaluator says on an SKP.

* the specific expectations of the superior (ekspektasi khusus pimpinan): the evaluator (holder or Plt/Plh)
  only — the service refuses the employee, the API answers 403, the page offers no button;
* approving asks for a confirmation on the web;
* returning may carry a comment per RHK: stored on the RHK, audited, shown at that RHK to the employee,
  kept in the version snapshot, cleared by the approval.
"""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.core.errors import ValidationError
from kinerja.skp import services
from kinerja.skp.models import Rhk, Skp, SkpStatus, SkpVersion

from .conftest import approved_skp, fill, lock_of, status_of


@pytest.fixture
def kasi(world, period):
    return approved_skp(world, period, world.kasi_surv, world.u_kasi_surv, world.u_kabid_p2p)


@pytest.fixture
def submitted(world, period, kasi):
    """Andi's SKP with two RHK, submitted to Rina (the kasi)."""
    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    parent = kasi.rhks.get()
    fill(skp, world.u_staff1, parent=parent, text="Tersusunnya rekap mingguan")
    fill(skp, world.u_staff1, parent=parent, text="Tersusunnya laporan bulanan")
    skp = Skp.objects.get(pk=skp.pk)
    services.submit(actor=world.u_staff1, skp=skp, lock_version=skp.lock_version)
    return Skp.objects.get(pk=skp.pk)


def rhks_of(skp) -> list[Rhk]:
    return list(Rhk.objects.filter(skp=skp).order_by("order", "pk"))


# --- expectations through the API ---------------------------------------------------------------------


def test_api_refuses_the_employee_expectations(world, submitted, client_for):
    url = f"/api/v1/skp/{submitted.pk}/expectations"
    body = json.dumps({"lock_version": lock_of(submitted), "expectations": {"loyal": "Saya sendiri"}})
    employee = client_for(world.u_staff1)
    assert employee.get(f"/api/v1/skp/{submitted.pk}").json()["can_set_expectations"] is False
    response = employee.put(url, body, content_type="application/json")
    assert response.status_code == 403 and response.json()["detail"]
    assert not submitted.expectations.exclude(expectation="").exists()
    evaluator = client_for(world.u_kasi_surv)
    assert evaluator.get(f"/api/v1/skp/{submitted.pk}").json()["can_set_expectations"] is True
    assert evaluator.put(url, body, content_type="application/json").status_code == 200
    assert submitted.expectations.get(value="loyal").expectation == "Saya sendiri"


# --- approve asks first ------------------------------------------------------------------------------------


def test_approve_asks_for_confirmation(world, submitted, client_for):
    client = client_for(world.u_kasi_surv)
    page = client.get(reverse("skp:detail", args=[submitted.pk])).content.decode()
    # the button opens a dialog (Bootstrap's data API, no inline script) whose form says it is confirmed
    assert 'data-testid="approve-skp"' in page and 'data-bs-target="#approve-dialog"' in page
    dialog = page[page.index('id="approve-dialog"'):]
    assert 'name="confirmed"' in dialog and 'data-testid="approve-confirm"' in dialog
    assert "<script>" not in dialog
    # a plain POST (an old form, a double click) does not approve: it asks on a page of its own
    asked = client.post(reverse("skp:approve", args=[submitted.pk]), {"lock_version": lock_of(submitted)})
    assert asked.status_code == 200 and 'data-testid="approve-form"' in asked.content.decode()
    assert 'name="confirmed"' in asked.content.decode()
    assert status_of(submitted) == SkpStatus.SUBMITTED
    # without JavaScript the link leads to the same question
    assert 'data-testid="approve-form"' in client.get(reverse("skp:approve", args=[submitted.pk])).content.decode()
    assert status_of(submitted) == SkpStatus.SUBMITTED
    done = client.post(reverse("skp:approve", args=[submitted.pk]),
                       {"lock_version": lock_of(submitted), "confirmed": "True"}, follow=True)
    assert status_of(submitted) == SkpStatus.APPROVED and "is approved" in done.content.decode()


def test_the_employee_is_never_asked_to_approve(world, submitted, client_for):
    client = client_for(world.u_staff1)
    assert 'id="approve-dialog"' not in client.get(reverse("skp:detail", args=[submitted.pk])).content.decode()
    response = client.post(reverse("skp:approve", args=[submitted.pk]), {"lock_version": lock_of(submitted)},
                           follow=True)
    assert "cannot approve your own SKP" in response.content.decode()
    assert status_of(submitted) == SkpStatus.SUBMITTED


# --- return with a comment per RHK --------------------------------------------------------------------------


def test_service_return_with_comments_snapshot_audit_and_approval(world, submitted):
    first, second = rhks_of(submitted)
    services.return_skp(actor=world.u_kasi_surv, skp=submitted, lock_version=submitted.lock_version,
                        reason="Perbaiki target", comments={first.pk: "  Target 52 laporan  ", second.pk: " "})
    assert [r.return_comment for r in rhks_of(submitted)] == ["Target 52 laporan", ""]
    version = SkpVersion.objects.filter(skp=submitted).order_by("-number").first()
    assert version.action == "return"
    assert [r["return_comment"] for r in version.content["rhks"]] == ["Target 52 laporan", ""]
    event = AuditEvent.objects.filter(action="skp.skp.return").latest("id")
    assert event.after["comments"] == {str(first.pk): "Target 52 laporan"} and event.before["comments"] == {}
    # the employee fixes and resubmits: the comment stays for the evaluator to check
    skp = Skp.objects.get(pk=submitted.pk)
    services.submit(actor=world.u_staff1, skp=skp, lock_version=skp.lock_version)
    assert rhks_of(skp)[0].return_comment == "Target 52 laporan"
    services.approve(actor=world.u_kasi_surv, skp=skp, lock_version=skp.lock_version)
    assert [r.return_comment for r in rhks_of(skp)] == ["", ""]
    approved = AuditEvent.objects.filter(action="skp.skp.approve").latest("id")
    assert approved.before["comments"] == {str(first.pk): "Target 52 laporan"} and approved.after["comments"] == {}
    # the return's version still holds it
    assert SkpVersion.objects.get(pk=version.pk).content["rhks"][0]["return_comment"] == "Target 52 laporan"


def test_service_refuses_comments_on_other_rhk_and_writes_nothing(world, submitted, kasi):
    foreign = kasi.rhks.get()
    for comments, code in (({foreign.pk: "x"}, "invalid_choice"), ({"abc": "x"}, "invalid_choice"),
                           ({rhks_of(submitted)[0].pk: 5}, "invalid"), ("teks", "invalid"),
                           ([{"comment": "x"}], "invalid"), ({rhks_of(submitted)[0].pk: "x" * 5001}, "too_long")):
        with pytest.raises(ValidationError) as exc:
            services.return_skp(actor=world.u_kasi_surv, skp=submitted, lock_version=submitted.lock_version,
                                reason="Perbaiki", comments=comments)
        assert [e.code for e in exc.value.error_dict["comments"]] == [code], comments
        assert status_of(submitted) == SkpStatus.SUBMITTED
    assert not Rhk.objects.filter(skp=submitted).exclude(return_comment="").exists()
    assert not Rhk.objects.filter(pk=foreign.pk).exclude(return_comment="").exists()


def test_web_return_form_has_a_comment_per_rhk_shown_at_the_rhk(world, submitted, client_for):
    first, second = rhks_of(submitted)
    client = client_for(world.u_kasi_surv)
    form_page = client.get(reverse("skp:return", args=[submitted.pk]))
    html = form_page.content.decode()
    assert f'name="comment_{first.pk}"' in html and f'name="comment_{second.pk}"' in html
    tag = re.search(rf'<textarea[^>]*name="comment_{first.pk}"[^>]*>', html).group(0)
    assert "form-control" in tag  # full width on a phone
    assert "A.1 Tersusunnya rekap mingguan" in html and "A.2 Tersusunnya laporan bulanan" in html
    client.post(reverse("skp:return", args=[submitted.pk]), {
        "reason": "Perbaiki target", "lock_version": lock_of(submitted),
        f"comment_{first.pk}": "Target minimal 52 laporan setahun", f"comment_{second.pk}": ""})
    assert status_of(submitted) == SkpStatus.RETURNED
    for user, url in ((world.u_staff1, reverse("skp:detail", args=[submitted.pk])),
                      (world.u_staff1, reverse("skp:edit", args=[submitted.pk])),
                      (world.u_kasi_surv, reverse("skp:detail", args=[submitted.pk]))):
        page = client_for(user).get(url).content.decode()
        assert f'data-testid="rhk-return-comment" data-rhk="{first.pk}"' in page, url
        assert "Target minimal 52 laporan setahun" in page
        assert f'data-testid="rhk-return-comment" data-rhk="{second.pk}"' not in page


def test_api_return_with_comments(world, submitted, client_for):
    first, second = rhks_of(submitted)
    client = client_for(world.u_kasi_surv)
    bad = client.post(f"/api/v1/skp/{submitted.pk}/return", json.dumps({
        "lock_version": lock_of(submitted), "reason": "Perbaiki", "comments": [{"rhk": 999999, "comment": "x"}]}),
        content_type="application/json")
    assert bad.status_code == 422 and "comments" in bad.json()["errors"]
    assert status_of(submitted) == SkpStatus.SUBMITTED
    response = client.post(f"/api/v1/skp/{submitted.pk}/return", json.dumps({
        "lock_version": lock_of(submitted), "reason": "Perbaiki",
        "comments": [{"rhk": second.pk, "comment": "Lengkapi aspek waktu"}]}), content_type="application/json")
    assert response.status_code == 200, response.content
    rhks = response.json()["rhks"]
    assert [r["return_comment"] for r in rhks] == ["", "Lengkapi aspek waktu"]
    versions = client_for(world.u_staff1).get(f"/api/v1/skp/{submitted.pk}/versions").json()
    latest = max(v["number"] for v in versions)
    content = client_for(world.u_staff1).get(f"/api/v1/skp/{submitted.pk}/versions/{latest}").json()
    assert [r["return_comment"] for r in content["content"]["rhks"]] == ["", "Lengkapi aspek waktu"]
