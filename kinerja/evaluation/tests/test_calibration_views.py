"""The calibration, appeal and report pages: what each shows, the live curve, bad input, query counts."""

from __future__ import annotations

import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from kinerja.evaluation.models import Appeal, CalibrationStatus, Evaluation, PredikatChange, UnitRating
from kinerja.evaluation.services import calibration, unit_ratings

from .conftest import make_evaluation


def _rate(w, r, predikat="baik"):
    return unit_ratings.set_unit_rating(actor=w.u_admin_bkpsdm, unit=w.dinkes, period=r.period, predikat=predikat)


def _page(r, w):
    return reverse("evaluation:calibration", args=[r.period.pk, w.dinkes.pk])


def test_the_calibration_page_names_each_violation(world, r, client_for, django_assert_max_num_queries):
    w = world
    _rate(w, r)
    client = client_for(w.u_kadinkes)
    client.get(_page(r, w))  # warm the session and scope caches
    with django_assert_max_num_queries(26) as queries:
        response = client.get(_page(r, w))
    baseline = len(queries)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Good at most 70%: 5 of 7 employees (71.43%), at most 4" in text and 'data-testid="violation"' in text
    assert text.count('data-testid="evaluation-row"') == 7 and 'data-testid="lock-form"' in text
    assert "data-distribution=" in text and "chart.umd.min.js" in text
    # more employees, the same number of queries
    from kinerja.core.testing import SYSTEM, make_nip
    from kinerja.people import services as people
    from kinerja.skp import services as skp_services

    for n in range(3):
        e = people.create_employee(actor=SYSTEM, instance=w.a, nip=make_nip(seq=700 + n), name=f"Pegawai {n}",
                                   position=w.pos_data)
        make_evaluation(skp_services.create_skp(actor=SYSTEM, employee=e, period=r.period))
    with django_assert_max_num_queries(baseline):
        response = client.get(_page(r, w))
    assert response.content.decode().count('data-testid="evaluation-row"') == 10


def test_the_curve_fragment_and_an_htmx_adjustment(world, r, client_for):
    w = world
    _rate(w, r)
    client = client_for(w.u_admin_opd)
    ev = r.ev["staff2"]
    url = reverse("evaluation:calibration-adjust", args=[r.period.pk, w.dinkes.pk, ev.pk])
    # without a reason: refused in place, nothing changes
    response = client.post(url, {"predikat": "butuh_perbaikan", "reason": "", "lock_version": ev.lock_version},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and "Give the reason" in response.content.decode()
    assert not PredikatChange.objects.exists()
    response = client.post(url, {"predikat": "butuh_perbaikan", "reason": "Rapat kalibrasi",
                                 "lock_version": ev.lock_version}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Trigger"] == "calibration-changed"
    assert "Needs improvement" in response.content.decode()
    check = client.get(reverse("evaluation:calibration-check", args=[r.period.pk, w.dinkes.pk]))
    assert 'data-testid="fits"' in check.content.decode() and 'data-testid="violation"' not in check.content.decode()


def test_lock_from_the_page_and_no_edit_after_it(world, r, client_for):
    w = world
    _rate(w, r)
    client = client_for(w.u_kadinkes)
    lock_url = reverse("evaluation:calibration-lock", args=[r.period.pk, w.dinkes.pk])
    response = client.post(lock_url, {"notes": ""}, follow=True)
    text = response.content.decode()
    assert "The calibration was not locked" in text and "Good at most 70%: 5 of 7" in text  # refused, and why
    # each violation named once, in the live curve panel (not again in the list before the lock, nor in a message
    # at the top that would stay after the meeting fixes it)
    assert text.count("Good at most 70%: 5 of 7") == 1
    assert 'class="messages"' not in text
    assert not Evaluation.objects.filter(locked_at__isnull=False).exists()
    calibration.adjust(actor=w.u_kadinkes, evaluation=r.ev["staff2"], predikat="butuh_perbaikan", reason="Rapat")
    response = client.post(lock_url, {"notes": "Rapat 10 Januari"}, follow=True)
    assert 'data-testid="locked"' in response.content.decode() and 'data-testid="lock-form"' not in \
        response.content.decode()
    assert Evaluation.objects.filter(locked_at__isnull=False).count() == 7
    ev = Evaluation.objects.get(pk=r.ev["staff1"].pk)
    url = reverse("evaluation:calibration-adjust", args=[r.period.pk, w.dinkes.pk, ev.pk])
    response = client.post(url, {"predikat": "sangat_baik", "reason": "Terlambat", "lock_version": ev.lock_version},
                           follow=True)
    assert "The calibration of this unit is locked" in response.content.decode()
    response = client.post(url, {"predikat": "sangat_baik", "reason": "Terlambat", "lock_version": ev.lock_version},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and "The calibration of this unit is locked" in response.content.decode()
    assert Evaluation.objects.get(pk=ev.pk).predikat == "baik"


def test_who_sees_the_calibration(world, r, client_for):
    w = world
    _rate(w, r)
    for user, status in ((w.u_pimpinan, 200), (w.u_kadinkes, 200), (w.u_admin_opd, 200), (w.u_kasi_surv, 404),
                         (w.u_staff1, 404), (w.u_kadisdik, 404), (w.u_admin_b, 404)):
        assert client_for(user).get(_page(r, w)).status_code == status, user
    text = client_for(w.u_pimpinan).get(_page(r, w)).content.decode()
    assert 'data-testid="lock-form"' not in text and 'data-testid="adjust"' not in text  # read-only
    url = reverse("evaluation:calibration-adjust", args=[r.period.pk, w.dinkes.pk, r.ev["staff2"].pk])
    assert client_for(w.u_pimpinan).post(url, {"predikat": "kurang", "reason": "x"}).status_code == 403


def test_the_org_predikat_form(world, r, client_for):
    w = world
    url = reverse("evaluation:unit-rating", args=[r.period.pk, w.p2p.pk])
    assert client_for(w.u_kabid_p2p).get(url).status_code == 403  # reads the unit, but is not the level above
    client = client_for(w.u_kadinkes)
    assert client.get(url).status_code == 200
    response = client.post(url, {"predikat": "istimewa", "reason": ""})
    assert response.status_code == 302 and UnitRating.objects.get(unit=w.p2p).predikat == "istimewa"
    assert client_for(w.u_admin_opd).get(url).status_code == 403


def test_appeal_pages(world, r, client_for):
    w = world
    _rate(w, r)
    calibration.adjust(actor=w.u_kadinkes, evaluation=r.ev["staff2"], predikat="butuh_perbaikan", reason="Rapat")
    calibration.lock(actor=w.u_kadinkes, unit=w.dinkes, period=r.period)
    ev = r.ev["staff2"]
    client = client_for(w.u_staff2)
    mine = client.get(reverse("evaluation:appeal-mine")).content.decode()
    assert 'data-testid="appeal"' in mine
    # someone else's evaluation: not found
    assert client_for(w.u_staff1).get(reverse("evaluation:appeal-file", args=[ev.pk])).status_code == 404
    client = client_for(w.u_staff2)
    response = client.post(reverse("evaluation:appeal-file", args=[ev.pk]), {"reason": ""})
    assert response.status_code == 200 and not Appeal.objects.exists()
    response = client.post(reverse("evaluation:appeal-file", args=[ev.pk]),
                           {"reason": "Data belum dihitung", "requested_predikat": "baik"})
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    # the evaluator is not the decider: no form, and a POST is refused
    kasi = client_for(w.u_kasi_surv)
    assert kasi.get(reverse("evaluation:appeal", args=[appeal.pk])).status_code == 404
    decider = client_for(w.u_kabid_p2p)
    page = decider.get(reverse("evaluation:appeal", args=[appeal.pk])).content.decode()
    assert 'data-testid="decide-form"' in page
    response = decider.post(reverse("evaluation:appeal-decide", args=[appeal.pk]),
                            {"grant": "grant", "reason": "Terbukti", "lock_version": appeal.lock_version})
    assert response.status_code == 302
    assert Evaluation.objects.get(pk=ev.pk).predikat == "baik"


def test_an_appeal_after_the_deadline_is_refused_on_the_page(world, r, client_for):
    w = world
    ev = r.ev["staff1"]
    Evaluation.objects.filter(pk=ev.pk).update(locked_at=timezone.now() - timedelta(days=20), predikat="baik")
    client = client_for(w.u_staff1)
    assert "The appeal window has closed" in client.get(reverse("evaluation:appeal-mine")).content.decode()
    response = client.post(reverse("evaluation:appeal-file", args=[ev.pk]), {"reason": "Terlambat"})
    assert response.status_code == 200 and "window closed" in response.content.decode()
    assert not Appeal.objects.exists()


def test_reports_pages(world, r, client_for, django_assert_max_num_queries):
    w = world
    _rate(w, r)
    client = client_for(w.u_pimpinan)
    url = reverse("evaluation:reports") + f"?period={r.period.pk}"
    client.get(url)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200 and 'data-testid="per-unit"' in text and "Dinas Kesehatan" in text
    with django_assert_max_num_queries(20):
        listing = client.get(reverse("evaluation:report-list") + f"?period={r.period.pk}&predikat=baik")
    assert listing.content.decode().count("<tr>") >= 5
    with django_assert_max_num_queries(20):
        pending = client.get(reverse("evaluation:report-pending") + f"?period={r.period.pk}")
    text = pending.content.decode()
    assert "Joko Widodo" in text and "Agus Salim" in text and "Andi Pratama" not in text  # Disdik not evaluated
    with django_assert_max_num_queries(20):
        leadership = client.get(reverse("evaluation:leadership") + f"?period={r.period.pk}")
    text = leadership.content.decode()
    assert "Curve:" in text and "Calibration not locked yet" in text
    response = client.get(reverse("evaluation:report-xlsx") + f"?period={r.period.pk}")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(response.content))
    recap = list(book.worksheets[0].iter_rows(values_only=True))
    assert any(row[1] == "Dinas Kesehatan" and row[4] == 5 for row in recap if row and len(row) > 4)
    assert book.worksheets[1].max_row == 8  # header + 7 evaluations
    # keyset: page 2 of the pending list
    from kinerja.evaluation.views import reports as report_views

    report_views.PAGE, old = 1, report_views.PAGE
    try:
        first = client.get(reverse("evaluation:report-pending") + f"?period={r.period.pk}")
        assert 'data-testid="next"' in first.content.decode()
        assert client.get(reverse("evaluation:report-pending") + f"?period={r.period.pk}&cursor=bad").status_code \
            == 400
    finally:
        report_views.PAGE = old


def test_reports_are_scoped(world, r, client_for):
    w = world
    assert client_for(w.u_staff1).get(reverse("evaluation:reports")).status_code == 404
    assert client_for(w.u_kadinkes).get(reverse("evaluation:leadership")).status_code == 404
    text = client_for(w.u_admin_b).get(reverse("evaluation:reports")).content.decode()
    assert "Dinas Kesehatan<" not in text
    assert CalibrationStatus.OPEN == "open"


def test_the_curve_panel_in_indonesian_and_the_chart_shows_allowed_ranges_only_where_a_limit_exists(world, r,
                                                                                                  client_for):
    import html
    import json
    import re

    from django.conf import settings

    w = world
    _rate(w, r)
    client = client_for(w.u_kadinkes)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    text = client.get(_page(r, w)).content.decode()
    assert "Baik paling banyak 70%: 5 dari 7 pegawai (71,43%), paling banyak 4" in text
    assert "paling sedikit 1 pegawai Butuh Perbaikan dan/atau Kurang" in text
    spec = json.loads(html.unescape(re.search(r'data-distribution="([^"]*)"', text).group(1)))
    # Sangat Baik, Baik, Butuh Perbaikan, Kurang, Sangat Kurang under an organisation predikat "Baik": only Baik has a
    # limit of its own (at most 70% of 7 = 4 employees = 57.14%); the group floor (Butuh Perbaikan and/or Kurang)
    # and the advice (Baik the largest share) draw no band, and nothing shows a made-up 0-100%
    assert spec["band"] == [None, [0.0, 57.14], None, None, None]
    assert spec["outside"] == [False, True, False, False, False]
    assert spec["actual"][1] == 71.43


def test_an_adjustment_refused_as_stale_comes_back_with_the_current_version_so_the_retry_can_succeed(world, r,
                                                                                                      client_for):
    """A row refused because someone adjusted it meanwhile shows the evaluation as it is now: its form carries the
    current version (not the one the refused post had), so the meeting's retry is not refused again."""
    w = world
    _rate(w, r)
    client = client_for(w.u_kadinkes)
    ev = Evaluation.objects.get(pk=r.ev["staff2"].pk)
    stale = ev.lock_version
    calibration.adjust(actor=w.u_kadinkes, evaluation=ev, predikat="butuh_perbaikan", reason="Rapat")
    current = Evaluation.objects.get(pk=ev.pk).lock_version
    assert current != stale
    url = reverse("evaluation:calibration-adjust", args=[r.period.pk, w.dinkes.pk, ev.pk])
    refused = client.post(url, {"predikat": "kurang", "reason": "Rapat lagi", "lock_version": stale},
                          HTTP_HX_REQUEST="true")
    assert refused.status_code == 422
    text = refused.content.decode()
    assert f'name="lock_version" value="{current}"' in text and f'name="lock_version" value="{stale}"' not in text
    retried = client.post(url, {"predikat": "kurang", "reason": "Rapat lagi", "lock_version": current},
                          HTTP_HX_REQUEST="true")
    assert retried.status_code == 200 and retried["HX-Trigger"] == "calibration-changed"
    assert Evaluation.objects.get(pk=ev.pk).predikat == "kurang"
