"""The tim monev's pages: what each role sees and does, bad input shown on the form with nothing written,
stale versions, and query counts that do not grow with the number of rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from kinerja.audit.models import AuditEvent
from kinerja.monev import services as mv
from kinerja.monev.models import EvidenceLink, Finding, Recommendation, RecommendationUpdate, Round, Session


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


def _told(response) -> list[tuple[str, str]]:
    """The messages the request left (with any earlier ones not shown yet before them)."""
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def test_a_form_page_shows_errors_then_saves_tells_and_goes_to_what_it_made(client_for, mw):
    client = client_for(mw.u_monev_chair)
    url = reverse("monev:round-add")
    today = timezone.localdate()
    data = {"period": mw.mv_period.pk, "name": "Monev Khusus", "start_date": today.isoformat(),
            "end_date": (today - timedelta(days=1)).isoformat()}
    before = (Round.objects.count(), AuditEvent.objects.count())
    response = client.post(url, data)
    assert response.status_code == 200 and 'data-testid="monev-form"' in response.content.decode()
    assert response.context["form"].errors and not _told(response)
    assert (Round.objects.count(), AuditEvent.objects.count()) == before
    response = client.post(url, {**data, "end_date": (today + timedelta(days=30)).isoformat()})
    made = Round.objects.get(name="Monev Khusus")
    assert response.status_code == 302 and response.url == reverse("monev:round", args=[made.pk])
    assert [level for level, _text in _told(response)] == ["success"]


def test_a_stale_form_is_refused_on_top_and_the_input_kept(client_for, mw):
    client = client_for(mw.u_monev_chair)
    session = mw.mv_session
    response = client.post(reverse("monev:session-edit", args=[session.pk]), {
        "kind": session.kind, "employee": mw.staff_yankes.nip, "held_on": session.held_on.isoformat(),
        "notes": "Dari tab lama", "lock_version": session.lock_version - 1})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="form-error"' in html and "Dari tab lama" in html
    assert Session.objects.get(pk=session.pk).notes == session.notes


def test_a_button_on_the_session_page_tells_what_it_did_or_what_was_wrong(client_for, mw):
    client = client_for(mw.u_monev_chair)
    back = reverse("monev:session", args=[mw.mv_session.pk])
    links = EvidenceLink.objects.count()
    response = client.post(reverse("monev:link-add", args=[mw.mv_session.pk]), {"url": "javascript:alert(1)"})
    assert response.status_code == 302 and response.url == back
    assert [level for level, _text in _told(response)] == ["error"] and EvidenceLink.objects.count() == links
    response = client.post(reverse("monev:link-add", args=[mw.mv_session.pk]), {"url": "https://example.org/b"})
    assert _told(response)[-1][0] == "success" and EvidenceLink.objects.count() == links + 1
    response = client.post(reverse("monev:finding-delete", args=[mw.mv_finding.pk]))
    assert response.url == back and _told(response)[-1][0] == "error"  # a recommendation rests on it
    assert Finding.objects.filter(pk=mw.mv_finding.pk).exists()
    round_url = reverse("monev:round-status", args=[mw.mv_round.pk])
    response = client.post(round_url, {"status": "open", "lock_version": mw.mv_round.lock_version})
    assert _told(response)[-1][0] == "error"  # already open: the service's refusal, nothing written
    response = client.post(round_url, {"status": "closed", "lock_version": mw.mv_round.lock_version})
    assert _told(response)[-1][0] == "success" and Round.objects.get(pk=mw.mv_round.pk).status == "closed"


def test_only_the_bkpsdm_admin_manages_the_team(client_for, mw):
    assert client_for(mw.u_monev_chair).get(reverse("monev:member-add")).status_code == 403
    assert client_for(mw.u_admin_bkpsdm).get(reverse("monev:member-add")).status_code == 200


def test_the_home_page_shows_members_the_round_and_owners_their_recommendations(client_for, mw):
    member = client_for(mw.u_monev_chair).get("/").content.decode()
    assert 'data-testid="monev-home"' in member and mw.mv_round.name in member
    assert mw.mv_rec_late.text in member  # overdue: pressing
    owner = client_for(mw.u_staff_yankes).get("/").content.decode()
    assert 'data-testid="monev-home"' in owner and mw.mv_rec.text in owner and mw.mv_rec_late.text not in owner
    assert 'data-testid="monev-home"' not in client_for(mw.u_admin_bkpsdm).get("/").content.decode()
    mv.change_status(actor=mw.u_staff_yankes, rec=mw.mv_rec, status="in_progress", lock_version=mw.mv_rec.lock_version)
    rec = Recommendation.objects.get(pk=mw.mv_rec.pk)
    mv.change_status(actor=mw.u_staff_yankes, rec=rec, status="done", lock_version=rec.lock_version)
    assert 'data-testid="monev-home"' not in client_for(mw.u_staff_yankes).get("/").content.decode()  # all done


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
