"""The panels feedback adds to other apps' pages: the SKP page (registered) and the progress page (ready for the
employee pages' registry)."""

from __future__ import annotations

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.test import RequestFactory

from kinerja.feedback import permissions, services
from kinerja.feedback.panels import SKP_FEEDBACK, progress_feedback
from kinerja.skp.panels import panels_for

from .conftest import report_for, soon


def test_the_skp_panel_is_registered_and_costs_no_query(world, f, django_assert_num_queries):
    shown = {p["key"]: p for p in panels_for(f.skp)}
    assert shown[SKP_FEEDBACK.key]["template"] == "feedback/_skp_panel_slot.html"
    with django_assert_num_queries(0):  # its body loads with htmx, with the viewer's permissions
        assert SKP_FEEDBACK.context(f.skp) == {"url": f"/feedback/skp/{f.skp.pk}/panel/"}


def test_the_progress_panel(world, f, django_assert_max_num_queries):
    services.post_comment(actor=world.u_kasi_surv, report=f.report, body="Sesuai.")
    services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(2), agenda="Q4")
    other_month = report_for(f.skp, f.iki, month=4)
    ctx = SimpleNamespace(user=world.u_staff1, skp=f.skp, period=(f.report.period_start, f.report.period_end),
                          reports=[f.report, other_month])
    permissions.skp_q(world.u_staff1)  # the user's scope, computed once per request before the panels
    with django_assert_max_num_queries(3):
        panel = progress_feedback(ctx)
    assert panel["reports"] == [(f.report, 1)] and panel["upcoming"].agenda == "Q4"
    request = RequestFactory().get("/")
    request.user = world.u_staff1
    html = render_to_string("feedback/_progress_panel.html", {"panel": panel}, request=request)
    assert f"/feedback/reports/{f.report.pk}/" in html and "Q4" in html
    assert progress_feedback(SimpleNamespace(user=world.u_kabid_p2p, skp=f.skp, reports=[f.report])) is None


def test_the_progress_panel_is_registered(world, f):
    from kinerja.progress.panels import PanelContext
    from kinerja.progress.panels import panels_for as progress_panels

    ctx = PanelContext(user=world.u_staff1, skp=f.skp, period=(f.report.period_start, f.report.period_end),
                       reports=[f.report])
    shown = {p["key"]: p for p in progress_panels(ctx)}
    assert shown["feedback.reports"]["template"] == "feedback/_progress_panel.html"
    assert shown["feedback.reports"]["panel"]["reports"] == [(f.report, 0)]
