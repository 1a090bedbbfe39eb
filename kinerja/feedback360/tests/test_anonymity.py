"""Anonymity that is real (issue 10 item 3): the rated employee and their superior, crawling every page and API
operation of the app (and their notifications), never see who rated whom or what anyone answered; the
database cannot join a response to an assignment; an admin does not see who rates themselves.

staff1 is rated by kasi_surv (superior), staff2 (peer) and, added by the HR admin, staff_yankes (Maya Sari),
kabid_yankes (Hendra Gunawan) and kabid_p2p (Budi Santoso). Of these three, those the viewer does not rate
themselves (kasi_surv rates kabid_p2p, her superior) must appear nowhere the viewer looks, by name or NIP.
"""

from __future__ import annotations

import json
import re

import pytest
from django.db import models
from django.test import Client
from django.urls import URLPattern, get_resolver

from kinerja.accounts import services as accounts
from kinerja.accounts.models import Role
from kinerja.core.testing import SYSTEM
from kinerja.feedback360 import services
from kinerja.feedback360.models import Assignment, Response

from .conftest import GOOD, answer_all

SECRET_COMMENT = "Komentar rahasia nomor tujuh"


@pytest.fixture
def answered(world, f):
    w = world
    answer_all(w, f, [w.staff_yankes, w.kabid_yankes], comment=SECRET_COMMENT)
    answer_all(w, f, [w.kabid_p2p], scores={**GOOD, "akuntabel": 1})
    return f


def _hidden(w, user) -> list[str]:
    """The raters of staff1 whom ``user`` does not rate themselves (those appear on their own task list)."""
    mine = set(Assignment.objects.filter(rater=user.employee).values_list("ratee_id", flat=True))
    people = [p for p in (w.staff_yankes, w.kabid_yankes, w.kabid_p2p) if p.pk not in mine]
    assert len(people) >= 2
    return [p.name for p in people] + [p.nip for p in people]


def _app_urls(f) -> list[str]:
    """Every URL of the app with every round and assignment id there is (GET)."""
    resolver = get_resolver()
    ids = {"round": list(f.round.__class__.objects.values_list("pk", flat=True)),
           "assignment": list(Assignment.objects.values_list("pk", flat=True))}
    urls = []
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) != "feedback360":
            continue
        for p in pattern.url_patterns:
            assert isinstance(p, URLPattern)
            route = "/360/" + str(p.pattern)
            if "<int:pk>" not in route:
                urls.append(route)
                continue
            for pk in ids["round"] + ids["assignment"]:
                urls.append(route.replace("<int:pk>", str(pk)))
    return urls


def _api_urls(f) -> list[str]:
    from kinerja.api.api import api

    urls = []
    rounds = list(f.round.__class__.objects.values_list("pk", flat=True))
    assignments = list(Assignment.objects.values_list("pk", flat=True))
    for path, ops in api.get_openapi_schema()["paths"].items():
        if not path.startswith("/api/v1/360/") or "get" not in ops:
            continue
        if "{" not in path:
            urls.append(path)
        for pk in rounds + assignments:
            urls.append(re.sub(r"\{[^}]+\}", str(pk), path))
    return urls


def _crawl(w, user, f) -> list[tuple[str, int, bytes]]:
    client = Client()
    client.force_login(user)
    seen = []
    for url in _app_urls(f) + _api_urls(f) + ["/notifications/", "/api/v1/notifications", "/audit/"]:
        response = client.get(url)
        seen.append((url, response.status_code, response.content))
    return seen


def _assert_reveals_nothing(w, user, f, *, released_to_ratee=False):
    hidden = _hidden(w, user)
    others = [a.pk for a in Assignment.objects.filter(ratee=w.staff1).exclude(rater=user.employee)]
    pages = _crawl(w, user, f)
    assert any(status == 200 for _u, status, _c in pages)
    for url, status, content in pages:
        text = content.decode("utf-8", "replace")
        comment = [] if released_to_ratee and user == w.u_staff1 and url.endswith("/results/") else [SECRET_COMMENT]
        if released_to_ratee and user == w.u_staff1 and url == "/api/v1/360/results":
            comment = []
        for needle in hidden + comment:
            assert needle not in text, f"{user.username} sees {needle!r} on {url} ({status})"
        for pk in others:  # a link to someone else's questionnaire (the page's own address aside)
            for link in (f"/360/tasks/{pk}/", f"/360/raters/{pk}/"):
                assert link == url or link not in text, (url, pk)
        if url.startswith("/api/") and status == 200:
            assert '"rater"' not in text, f"{url} names a rater to {user.username}"
    return pages


@pytest.mark.parametrize("who", ["u_staff1", "u_kasi_surv"])
def test_the_ratee_and_the_superior_see_nothing_while_the_round_is_open(world, answered, who):
    _assert_reveals_nothing(world, getattr(world, who), answered)


@pytest.mark.parametrize("who", ["u_staff1", "u_kasi_surv"])
def test_after_closing_they_see_aggregates_only(world, answered, who):
    w = world
    services.close_round(actor=w.u_admin_opd, round_=answered.round)
    pages = _assert_reveals_nothing(w, getattr(w, who), answered, released_to_ratee=True)
    if who == "u_staff1":
        results = json.loads(next(c for u, s, c in pages if u == "/api/v1/360/results"))
        assert results[0]["released"] and results[0]["responses"] == 3
        assert set(results[0]) == {"round_id", "round_name", "round_closed", "closes_on", "min_responses",
                                   "responses", "released", "mean", "rating", "per_value", "comments"}
        assert results[0]["per_value"]["akuntabel"] == "3.67"


def test_comments_are_released_sorted_never_before(world, answered):
    w = world
    client = Client()
    client.force_login(w.u_staff1)
    assert SECRET_COMMENT.encode() not in client.get("/360/results/").content
    services.close_round(actor=w.u_admin_opd, round_=answered.round)
    page = client.get("/360/results/").content.decode()
    assert page.count(SECRET_COMMENT) == 2  # both comments, no author
    assert "Berorientasi Pelayanan" in page and "3.67" in page


def test_a_response_cannot_be_joined_to_an_assignment(world, answered):
    fields = {f.name: f for f in Response._meta.get_fields() if not f.auto_created or f.concrete}
    assert set(fields) == {"id", "instance", "round", "ratee", "comment", "berorientasi_pelayanan", "akuntabel",
                           "kompeten", "harmonis", "loyal", "adaptif", "kolaboratif"}
    assert isinstance(fields["id"], models.UUIDField)
    assert not any(isinstance(f, models.DateField | models.DateTimeField) for f in fields.values())
    assert not [f for f in fields.values() if f.is_relation and f.related_model is Assignment]
    assert {f.name for f in fields.values() if f.is_relation} == {"instance", "round", "ratee"}
    # no reverse link either: nothing on an assignment points at a response
    assert not [f for f in Assignment._meta.get_fields() if f.is_relation and f.related_model is Response]
    # what the rows hold: three responses about staff1, indistinguishable but for their content
    assert Response.objects.filter(ratee=world.staff1).count() == 3
    services.close_round(actor=world.u_admin_opd, round_=answered.round)
    assert not Assignment.objects.exclude(rater=None).exists()  # purged to counts


def test_the_answer_audit_event_holds_no_content(world, answered):
    from kinerja.audit.models import AuditEvent

    for event in AuditEvent.objects.filter(action="feedback360.answer"):
        blob = json.dumps([event.before, event.after, event.object_label])
        assert SECRET_COMMENT not in blob and "akuntabel" not in blob and str(world.staff1.name) not in blob


def test_an_admin_does_not_see_who_rates_them(world, f):
    w = world
    accounts.grant_role(actor=SYSTEM, user=w.u_staff1, role=Role.ADMIN_OPD, unit=w.dinkes)
    client = Client()
    client.force_login(w.u_staff1)
    items = client.get(f"/api/v1/360/rounds/{f.round.pk}/assignments?limit=500").json()["items"]
    assert items and all(item["ratee"]["id"] != w.staff1.pk for item in items)
    page = client.get(f"/360/rounds/{f.round.pk}/?q={w.staff1.nip}").content.decode()
    assert w.staff_yankes.name not in page
    mine = Assignment.objects.filter(round=f.round, ratee=w.staff1).first()
    assert client.post(f"/360/raters/{mine.pk}/remove/").status_code == 404
