"""The calibration page's adjust form shows the current predikat and ratings: what the meeting changed is the
adjustment (found by the evaluate browser journey: changing only the predikat clashed with the ratings left as
they were)."""

from __future__ import annotations

from django.urls import reverse

from kinerja.evaluation.models import PredikatChange
from kinerja.evaluation.services import unit_ratings


def _post(client, r, w, ev, **data):
    url = reverse("evaluation:calibration-adjust", args=[r.period.pk, w.dinkes.pk, ev.pk])
    form = {"predikat": ev.predikat or ev.proposed_predikat, "result_rating": ev.result_rating,
            "behaviour_rating": ev.behaviour_rating, "lock_version": ev.lock_version, "reason": "Rapat kalibrasi"}
    return client.post(url, {**form, **data}, HTTP_HX_REQUEST="true")


def test_only_the_predikat_changed(world, r, client_for):
    w = world
    unit_ratings.set_unit_rating(actor=w.u_admin_bkpsdm, unit=w.dinkes, period=r.period, predikat="baik")
    ev = r.ev["staff2"]  # sesuai / di_atas → Baik
    response = _post(client_for(w.u_kadinkes), r, w, ev, predikat="butuh_perbaikan")
    assert response.status_code == 200 and response["HX-Trigger"] == "calibration-changed"
    ev.refresh_from_db()
    assert (ev.predikat, ev.result_rating, ev.behaviour_rating) == ("butuh_perbaikan", "sesuai", "di_atas")


def test_only_a_rating_changed_the_predikat_follows(world, r, client_for):
    w = world
    unit_ratings.set_unit_rating(actor=w.u_admin_bkpsdm, unit=w.dinkes, period=r.period, predikat="baik")
    ev = r.ev["staff1"]  # sesuai / sesuai → Baik
    response = _post(client_for(w.u_kadinkes), r, w, ev, result_rating="di_bawah")
    assert response.status_code == 200
    ev.refresh_from_db()
    assert ev.result_rating == "di_bawah" and ev.predikat == "butuh_perbaikan"


def test_nothing_changed_is_refused_in_place(world, r, client_for):
    w = world
    unit_ratings.set_unit_rating(actor=w.u_admin_bkpsdm, unit=w.dinkes, period=r.period, predikat="baik")
    response = _post(client_for(w.u_kadinkes), r, w, r.ev["staff1"])
    assert response.status_code == 422 and 'id="ev-' in response.content.decode()
    assert not PredikatChange.objects.exists()
