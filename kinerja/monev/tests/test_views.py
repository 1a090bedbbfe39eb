"""The tim monev's pages: what each role sees and does, bad input shown on the form with nothing written,
stale versions, and query counts that do not grow with the number of rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kinerja.audit.models import AuditEvent
from kinerja.monev import services as mv
from kinerja.monev.models import Recommendation, RecommendationUpdate, Session


def test_dashboard_shows_counts_overdue_and_owners(client_for, mw):
    page = client_for(mw.u_monev_chair).get(reverse("monev:dashboard"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-count="overdue">1<' in html and 'data-count="open">2<' in html
    assert mw.mv_rec_late.text in html  # the overdue one is listed
    assert 'data-testid="new-round"' in html
    reader = client_for(mw.u_pimpinan).get(reverse("monev:dashboard")).content.decode()
    assert mw.mv_round.name in reader and 'data-testid="new-round"' not in reader  # read-only


def test_owner_moves_their_recommendation_on(client_for, mw):
    client = client_for(mw.u_staff_yankes)
    mine = client.get(reverse("monev:mine")).content.decode()
    assert mw.mv_rec.text in mine and mw.mv_rec_late.text not in mine
    url = reverse("monev:recommendation", args=[mw.mv_rec.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="status-form"' in page and 'data-testid="edit-recommendation"' not in page
    response = client.post(reverse("monev:recommendation-status", args=[mw.mv_rec.pk]),
                           {"status": "done", "lock_version": mw.mv_rec.lock_version})
    assert response.status_code == 422  # out of order: in progress first
    assert "in progress" in response.content.decode().lower() or "sedang berjalan" in response.content.decode().lower()
    response = client.post(reverse("monev:recommendation-status", args=[mw.mv_rec.pk]),
                           {"status": "in_progress", "note": "Sudah mendaftar", "lock_version": mw.mv_rec.lock_version})
    assert response.status_code == 302
    rec = Recommendation.objects.get(pk=mw.mv_rec.pk)
    assert rec.status == "in_progress"
    # a stale version (the page opened before): refused, the text kept
    response = client.post(reverse("monev:recommendation-note", args=[rec.pk]),
                           {"note": "Catatan dari tab lama", "lock_version": mw.mv_rec.lock_version})
    assert response.status_code == 422 and "Catatan dari tab lama" in response.content.decode()
    assert RecommendationUpdate.objects.filter(recommendation=rec).count() == 1


def test_recommendation_form_errors_are_clear_and_nothing_is_written(client_for, mw):
    client = client_for(mw.u_monev_chair)
    url = reverse("monev:recommendation-add", args=[mw.mv_session.pk])
    before = (Recommendation.objects.count(), AuditEvent.objects.count())
    response = client.post(url, {"text": "Pelatihan", "category": "training",
                                 "due_on": (mw.mv_session.held_on + timedelta(days=3)).isoformat()})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-field-error="owner_employee"' in html
    response = client.post(url, {"text": "Pelatihan", "category": "training", "owner_employee": mw.staff1.nip,
                                 "due_on": (mw.mv_session.held_on - timedelta(days=1)).isoformat()})
    assert 'data-field-error="due_on"' in response.content.decode()
    assert (Recommendation.objects.count(), AuditEvent.objects.count()) == before
    response = client.post(url, {"text": "Pelatihan", "category": "training", "owner_employee": mw.staff1.nip,
                                 "due_on": (mw.mv_session.held_on + timedelta(days=3)).isoformat()})
    assert response.status_code == 302


def test_a_reader_is_refused_writing(client_for, mw):
    for user in (mw.u_monev, mw.u_auditor):
        client = client_for(user)
        assert client.get(reverse("monev:session-add", args=[mw.mv_round.pk])).status_code == 403
        response = client.post(reverse("monev:finding-add", args=[mw.mv_session.pk]),
                               {"text": "X", "category": "other", "severity": "low"})
        assert response.status_code == 403
    assert client_for(mw.u_kadisdik).get(reverse("monev:session", args=[mw.mv_session.pk])).status_code == 404


def test_session_page_shows_findings_links_and_recommendations(client_for, mw):
    html = client_for(mw.u_kabid_yankes).get(reverse("monev:session", args=[mw.mv_session.pk])).content.decode()
    assert mw.mv_finding.text in html and "https://example.org/bukti-kunjungan" in html and "Notulen" in html
    assert mw.mv_rec.text in html and 'data-testid="finding-form"' not in html  # a head reads


def _more(mw, n):
    today = timezone.localdate()
    for i in range(n):
        session = mv.create_session(actor=mw.u_monev_chair, round_=mw.mv_round, unit=mw.yankes if i % 2 else mw.surv,
                                    held_on=today - timedelta(days=i % 30), participants=[mw.staff1, mw.staff2])
        mv.add_finding(actor=mw.u_monev_chair, session=session, text=f"Temuan {i}", category="targets")
        owner = {"owner_employee": mw.staff1} if i % 2 else {"owner_unit": mw.p2p}
        mv.create_recommendation(actor=mw.u_monev_chair, session=session, text=f"Rekomendasi {i}",
                                 due_on=session.held_on + timedelta(days=5), **owner)


@pytest.mark.parametrize("name", ["dashboard", "recommendations", "round", "mine"])
def test_query_counts_do_not_grow(client_for, mw, name, django_assert_max_num_queries):
    client = client_for(mw.u_monev_chair if name != "mine" else mw.u_kabid_p2p)
    args = [mw.mv_round.pk] if name == "round" else []
    url = reverse(f"monev:{name}", args=args)
    client.get(url)  # warm (session, scope)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _more(mw, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
    assert Session.objects.count() >= 13
