"""PP 46/2011 evaluations score the SKP from its activities: the rows made when the evaluation starts (one per IKI,
the realised quantity from the progress roll-up, time = the window's months), the evaluator's edits through
``rate``, the nilai SKP and the predikat computed by the rules, every bad value refused with nothing saved, and
the set-based annual opening (batch.py) making the same rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kinerja.audit.models import AuditEvent
from kinerja.core.actors import system_actor
from kinerja.core.errors import ValidationError
from kinerja.evaluation import activities as activity_rules
from kinerja.evaluation import batch, services
from kinerja.evaluation.models import Activity, Evaluation, EvaluationSettings
from kinerja.progress.models import IkiAchievement
from kinerja.rules.evaluation import schemes
from kinerja.rules.skp import BERAKHLAK_CODES
from kinerja.skp.models import Iki

pytestmark = pytest.mark.django_db
SCORES_80 = {code: {"score": "80"} for code in BERAKHLAK_CODES}


def pp46(e):
    e.period.scoring_scheme = "pp-46-2011"
    e.period.save()


def realised(skp, month: int, value) -> None:
    iki = Iki.objects.get(rhk__skp=skp)
    IkiAchievement.objects.create(instance_id=skp.instance_id, iki=iki, skp=skp, employee_id=skp.employee_id,
                                  unit_id=skp.unit_id, period_start=date(skp.period.year, month, 1),
                                  realisation=Decimal(value))


def second_iki(w, skp):
    """A second activity on staff1's SKP: 10 dokumen (written directly: the SKP's own flow is skp's tests')."""
    rhk = skp.rhks.first()
    return Iki.objects.create(instance_id=skp.instance_id, rhk=rhk, aspect="kuantitas", text="Jumlah dokumen",
                              target_value=10, measure_unit="dokumen", order=5)


def start(w, e, **kw):
    services.start_evaluations(actor=w.u_kasi_surv, period=e.period, evaluator=w.kasi_surv, **kw)
    return Evaluation.objects.get(employee=w.staff1, period=e.period, kind=kw.get("kind", "annual"))


def test_start_makes_one_activity_per_iki_with_the_reported_realisation(world, e):
    w = world
    pp46(e)
    realised(e.skp1, 3, "3")
    realised(e.skp1, 6, "7")
    realised(e.skp1, 12, "11")
    ev = start(w, e)
    (row,) = ev.activities.all()
    assert (row.name, row.measure_unit, row.position) == ("Jumlah laporan", "laporan", 1)
    assert row.iki_id == Iki.objects.get(rhk__skp=e.skp1).pk
    assert (row.target_output, row.realised_output) == (Decimal("12"), Decimal("11"))  # the running total at Dec
    assert (row.target_quality, row.realised_quality, row.target_time, row.realised_time) == (100, None, 12, None)
    assert row.target_cost is None and row.instance_id == w.a.pk
    assert Activity.objects.filter(evaluation__employee=w.staff2).count() == 1  # staff2 too, nothing reported
    assert Activity.objects.get(evaluation__employee=w.staff2).realised_output is None


def test_the_prefill_costs_the_same_queries_whatever_the_team_size(world, e):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .evaluation_world import add_staff_to_the_team

    w = world
    pp46(e)
    with CaptureQueriesContext(connection) as small:
        start(w, e)
    Evaluation.objects.all().delete()
    add_staff_to_the_team(w, e)
    with CaptureQueriesContext(connection) as big:
        start(w, e)
    assert Activity.objects.count() == 8
    assert len(big.captured_queries) == len(small.captured_queries)


def test_a_quarter_takes_what_was_reported_within_it(world, e):
    w = world
    pp46(e)
    EvaluationSettings.objects.create(instance=w.a, periodic_months=3)
    realised(e.skp1, 3, "3")
    realised(e.skp1, 6, "7")
    ev = start(w, e, kind="periodic", window_start=date(e.period.year, 4, 1))
    row = ev.activities.get()
    assert row.realised_output == Decimal("4") and row.target_time == Decimal("3")  # 7 by June less 3 by March


def test_a_rate_takes_the_latest_value_not_a_difference(world, e):
    w = world
    pp46(e)
    EvaluationSettings.objects.create(instance=w.a, periodic_months=3)
    Iki.objects.filter(rhk__skp=e.skp1).update(measure_unit="persen", target_value=90)
    realised(e.skp1, 3, "80")
    realised(e.skp1, 6, "85")
    ev = start(w, e, kind="periodic", window_start=date(e.period.year, 4, 1))
    assert ev.activities.get().realised_output == Decimal("85")


def test_other_schemes_make_no_activities(world, e):
    start(world, e)
    assert not Activity.objects.exists()


def rate(w, ev, **kw):
    return services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, **kw)


def test_rate_computes_the_skp_score_and_predikat_from_the_activities(world, e):
    """By hand. Activity 1 (12 laporan): kuantitas 12/12 = 100, kualitas 91/100 = 91, waktu 12 of 12 months:
    e = 0 ≤ 24 → (1.76·12 − 12)/12·100 = 76; score (100 + 91 + 76)/3 = 89.
    Activity 2 (10 dokumen, a budget): kuantitas 8/10 = 80, kualitas 95, waktu 6 of 12: e = 50 > 24 →
    76 − ((1.76·12 − 6)/12·100 − 100) = 76 − 26 = 50; biaya Rp 800.000 of 1.000.000: e = 20 ≤ 24 →
    (1.76 − 0.8)·100 = 96; score (80 + 95 + 50 + 96)/4 = 80.25.
    Nilai SKP (89 + 80.25)/2 = 84.625 → 84.63; perilaku 80; prestasi 84.625·60% + 80·40% = 82.775 → 82.78, Baik."""
    w = world
    pp46(e)
    second_iki(w, e.skp1)
    ev = start(w, e)
    first, second = ev.activities.all()
    assert second.name == "Jumlah dokumen" and second.position == 2
    ev = rate(w, ev, values=SCORES_80, activities={
        first.pk: {"realised_output": "12", "realised_quality": "91", "realised_time": "12"},
        second.pk: {"realised_output": "8", "realised_quality": "95", "realised_time": "6",
                    "target_cost": "1.000.000", "realised_cost": "800000"}})
    assert ev.result_score == Decimal("84.63")
    assert ev.behaviour_score == Decimal("80.00") and ev.final_score == Decimal("82.78") and ev.predikat == "baik"
    scored = activity_rules.score(ev.activities.all())
    one, two = scored.lines
    assert (one.shown.kuantitas, one.shown.kualitas, one.shown.waktu, one.shown.biaya, one.shown.score) == (
        Decimal("100.00"), Decimal("91.00"), Decimal("76.00"), None, Decimal("89.00"))
    assert one.calculation == Decimal("267.00")
    assert (two.shown.kuantitas, two.shown.kualitas, two.shown.waktu, two.shown.biaya, two.shown.score) == (
        Decimal("80.00"), Decimal("95.00"), Decimal("50.00"), Decimal("96.00"), Decimal("80.25"))
    assert scored.skp == Decimal("84.63")
    # the same as the published scheme computes from the same activities
    assert schemes.evaluate("pp-46-2011", activities=scored.activities, perilaku=80).score == ev.final_score
    assert services.missing(ev) == []
    event = AuditEvent.objects.filter(action="evaluation.evaluation.rate").latest("pk")
    assert event.after["activities"][str(second.pk)]["realised_cost"] == "800000.00"
    assert event.after["result_score"] in ("84.63", 84.63, Decimal("84.63"))
    # the quality drops: the score and the predikat follow
    ev = rate(w, ev, activities={first.pk: {"realised_quality": "40"}})
    assert ev.result_score == Decimal("76.13")  # (72 + 80.25)/2 = 76.125
    assert ev.final_score == Decimal("77.68") and ev.predikat == "baik"  # 76.125·0.6 + 32 = 77.675


def test_an_incomplete_activity_leaves_the_score_open_and_blocks_finalising(world, e):
    w = world
    pp46(e)
    ev = start(w, e)
    row = ev.activities.get()
    ev = rate(w, ev, values=SCORES_80, activities={row.pk: {"realised_output": "12", "realised_quality": "90"}})
    assert ev.result_score is None and ev.predikat == "" and ev.behaviour_score == Decimal("80.00")
    assert any("1" in gap for gap in services.missing(ev))
    with pytest.raises(ValidationError) as err:
        services.finalise(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version)
    assert err.value.error_dict["status"][0].code == "incomplete"
    ev = rate(w, ev, activities={row.pk: {"realised_time": "10"}})  # e = 16.67 ≤ 24: (21.12 − 10)/12 = 92.67
    assert ev.result_score == Decimal("94.22") and ev.predikat  # (100 + 90 + 92.666…)/3 = 94.222…


@pytest.mark.parametrize("given, key, words", [
    ({"realised_quality": "-5"}, "realised_quality", "0 or more"),
    ({"realised_time": "dua belas"}, "realised_time", "number"),
    ({"target_output": "0"}, "target_output", "more than 0"),
    ({"target_time": "0"}, "target_time", "more than 0"),
    ({"realised_cost": "500"}, "target_cost", "target cost"),
    ({"target_cost": "0", "realised_cost": "0"}, "target_cost", "more than 0"),
    ({"nope": "1"}, "nope", "unknown"),
])
def test_bad_activity_input_is_refused_and_nothing_is_saved(world, e, given, key, words):
    w = world
    pp46(e)
    ev = start(w, e)
    row = ev.activities.get()
    before_version, events = ev.lock_version, AuditEvent.objects.count()
    with pytest.raises(ValidationError) as err:
        rate(w, ev, values=SCORES_80, evaluator_notes="Catatan",
             activities={row.pk: {"realised_output": "5", **given}})
    messages = err.value.error_dict[activity_rules.field_key(row.pk, key)][0].messages
    assert words in messages[0] and "Activity 1 (Jumlah laporan)" in messages[0]
    fresh = Evaluation.objects.get(pk=ev.pk)
    assert fresh.lock_version == before_version and fresh.evaluator_notes == ""
    assert Activity.objects.get(pk=row.pk).realised_output is None
    assert AuditEvent.objects.count() == events


def test_the_skp_score_is_not_typed_in_and_others_have_no_activities(world, e):
    w = world
    pp46(e)
    ev = start(w, e)
    with pytest.raises(ValidationError) as err:
        rate(w, ev, result_score="90")
    assert err.value.error_dict["result_score"][0].code == "computed"
    with pytest.raises(ValidationError) as err:
        rate(w, ev, activities={999999: {"realised_output": "1"}})
    assert "activities" in err.value.error_dict


def test_parse_reads_indonesian_numbers():
    assert activity_rules.parse("1.250.000,50", "target_cost") == Decimal("1250000.50")
    assert activity_rules.parse("12,5", "realised_output") == Decimal("12.5000")
    assert activity_rules.parse("", "target_cost") is None
    for bad in ("abc", "NaN", "Infinity", "-1", True):
        with pytest.raises(ValueError):
            activity_rules.parse(bad, "realised_output")


def test_the_annual_opening_makes_the_same_rows_set_based(world, e):
    w = world
    pp46(e)
    realised(e.skp1, 6, "4")
    realised(e.skp1, 12, "9")
    second_iki(w, e.skp1)
    stats = batch.start_annual(instance_id=w.a.pk, period_id=e.period.pk, actor=system_actor("bkpsdm"))
    assert stats.created == 4
    ev = Evaluation.objects.get(employee=w.staff1, period=e.period)
    rows = list(ev.activities.values_list("position", "name", "measure_unit", "target_output", "realised_output",
                                          "target_quality", "target_time", "instance_id"))
    assert rows == [(1, "Jumlah laporan", "laporan", Decimal("12"), Decimal("9"), Decimal("100"), Decimal("12"),
                     w.a.pk),
                    (2, "Jumlah dokumen", "dokumen", Decimal("10"), None, Decimal("100"), Decimal("12"), w.a.pk)]
    # the same as the evaluator's own start would make
    built = activity_rules.prefill([ev], e.period.start_date, e.period.end_date)
    assert [(a.position, a.name, a.target_output, a.realised_output, a.target_time) for a in built] == \
        [(r[0], r[1], r[3], r[4], r[6]) for r in rows]
    assert Activity.objects.count() == Iki.objects.filter(rhk__skp__period=e.period).count() == 5
    # opened again: nothing new
    batch.start_annual(instance_id=w.a.pk, period_id=e.period.pk, actor=system_actor("bkpsdm"))
    assert Activity.objects.filter(evaluation=ev).count() == 2


# --- the page, the API, the PDF ------------------------------------------------------------------------------------

def started_with_activity(w, e):
    pp46(e)
    ev = start(w, e)
    return ev, ev.activities.get()


def test_the_page_edits_the_activities_with_live_scores(world, e, client_for):
    from django.urls import reverse

    w = world
    ev, row = started_with_activity(w, e)
    client = client_for(w.u_kasi_surv)
    page = client.get(reverse("evaluation:detail", args=[ev.pk])).content.decode()
    assert f'name="activity_{row.pk}_realised_quality"' in page and 'data-testid="activities"' in page
    assert 'name="result_score"' not in page  # computed, not typed
    key = f"activity_{row.pk}_"
    posted = {key + "realised_output": "12", key + "realised_quality": "90", key + "realised_time": "10",
              **{f"score_{c}": "80" for c in BERAKHLAK_CODES}}
    live = client.post(reverse("evaluation:preview", args=[ev.pk]), posted, HTTP_HX_REQUEST="true")
    text = live.content.decode()
    # (100 + 90 + 92.67)/3 = 94.22; prestasi 94.222…·0.6 + 32 = 88.53 Baik
    assert f'id="activity-score-{row.pk}"' in text and 'hx-swap-oob="true"' in text
    assert "92.67" in text and "94.22" in text and "88.53" in text
    assert Activity.objects.get(pk=row.pk).realised_quality is None  # a preview saves nothing
    bad = client.post(reverse("evaluation:detail", args=[ev.pk]),
                      {"lock_version": ev.lock_version, **posted, key + "realised_quality": "-1"})
    assert bad.status_code == 422
    body = bad.content.decode()
    assert "Activity 1 (Jumlah laporan)" in body and 'value="-1"' in body and "is-invalid" in body
    assert Activity.objects.get(pk=row.pk).realised_output is None
    saved = client.post(reverse("evaluation:detail", args=[ev.pk]), {"lock_version": ev.lock_version, **posted})
    assert saved.status_code == 302
    ev.refresh_from_db()
    assert ev.result_score == Decimal("94.22") and ev.final_score == Decimal("88.53") and ev.predikat == "baik"
    page = client.get(reverse("evaluation:detail", args=[ev.pk])).content.decode()
    assert "94.22" in page and 'value="90"' in page


def test_the_api_reads_and_writes_the_activities(world, e):
    from kinerja.api.testing import ApiClient

    w = world
    ev, row = started_with_activity(w, e)
    api = ApiClient(w.u_kasi_surv)
    got = api.get(f"/api/v1/evaluations/{ev.pk}").json()
    assert got["activities"][0]["id"] == row.pk and got["activities"][0]["target_output"] in ("12.0000", 12, "12")
    assert got["activities"][0]["score"] is None
    url = f"/api/v1/evaluations/{ev.pk}/ratings"
    refused = api.post(url, {"lock_version": ev.lock_version,
                             "activities": [{"id": row.pk, "realised_output": 12, "target_time": 0}]})
    assert refused.status_code == 422 and f"activity_{row.pk}_target_time" in refused.json()["errors"]
    assert api.post(url, {"lock_version": ev.lock_version, "result_score": 90}).status_code == 422
    assert api.post(url, {"lock_version": ev.lock_version,
                          "activities": [{"id": row.pk, "realised_output": "x"}]}).status_code == 422
    done = api.post(url, {"lock_version": ev.lock_version, "values": SCORES_80, "activities": [
        {"id": row.pk, "realised_output": 12, "realised_quality": "90", "realised_time": 18,
         "target_cost": 1000, "realised_cost": "1000"}]})
    assert done.status_code == 200, done.json()
    activity = done.json()["activities"][0]
    # waktu: e = −50 ≤ 24 → (21.12 − 18)/12 = 26; biaya (1.76 − 1)·100 = 76; (100 + 90 + 26 + 76)/4 = 73
    assert [float(activity[k]) for k in ("kuantitas", "kualitas", "waktu", "biaya", "calculation", "score")] == \
        [100, 90, 26, 76, 292, 73]
    assert float(done.json()["result_score"]) == 73 and done.json()["predikat"] == "baik"  # 73·0.6 + 32 = 75.8 > 75
    cleared = api.post(url, {"lock_version": done.json()["lock_version"],
                             "activities": [{"id": row.pk, "target_cost": None, "realised_cost": None}]})
    assert cleared.status_code == 200 and cleared.json()["activities"][0]["biaya"] is None


@pytest.mark.skipif(not __import__("shutil").which("pdftotext"), reason="poppler-utils comes with the test setup")
def test_the_pdf_lists_the_activities_like_the_pp46_form(world, e, client_for, tmp_path):
    import re
    import subprocess

    from django.urls import reverse

    w = world
    ev, row = started_with_activity(w, e)
    ev = rate(w, ev, values=SCORES_80, activities={row.pk: {
        "realised_output": "12", "realised_quality": "90", "realised_time": "12", "target_cost": "1250000",
        "realised_cost": "1000000", "target_credit": "2,5", "realised_credit": "2,5"}})
    response = client_for(w.u_kasi_surv).get(reverse("evaluation:pdf", args=[ev.pk]))
    path = tmp_path / "e.pdf"
    path.write_bytes(response.content)
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                                              text=True).stdout)
    (tmp_path / "e.txt").write_text(text)
    for words in ("PENILAIAN CAPAIAN SASARAN KERJA", "KEGIATAN TUGAS JABATAN", "TARGET", "REALISASI",
                  "PERHITUNGAN", "NILAI CAPAIAN SKP", "Kuant/ Output", "Kual/", "Mutu", "Waktu", "Biaya",
                  "Jumlah laporan", "1.250.000", "1.000.000", "2,5"):
        assert words.lower() in text.lower(), words
    # 100 + 90 + 76 + (1.76·1.25 − 1)/1.25·100 = 96 → 362, nilai 90.5
    assert "362,00 90,50" in text  # perhitungan and nilai capaian of the activity
    assert "Kuantitas 100,00 · Kualitas 90,00 · Waktu 76,00 · Biaya 96,00" in text
    assert re.search(r"Kategori\s+Sangat Baik", text), text  # the SKP's category (the predikat is Baik: 86.3)
