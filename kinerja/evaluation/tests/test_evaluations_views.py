"""The evaluation pages: "Evaluasi tim" (rows, start, a bounded number of queries), the evaluation page (save,
refusals shown, live predikat), "Evaluasi saya" (read, acknowledge), the PDF, and the CLI."""

from __future__ import annotations

import re
import shutil
import subprocess

import click
import pytest
from click.testing import CliRunner
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.testing import make_nip
from kinerja.evaluation import services
from kinerja.evaluation.models import Evaluation
from kinerja.people import services as people
from kinerja.rules.skp import BERAKHLAK_CODES

from .evaluation_world import approved_skp

pytestmark = pytest.mark.django_db
MEETS = {code: {"rating": "sesuai", "feedback": "Konsisten dan tepat waktu."} for code in BERAKHLAK_CODES}


def team_url(e, window="annual"):
    return f"{reverse('evaluation:team')}?period={e.period.pk}&window={window}:{e.period.start_date.isoformat()}"


def start_team(w, e):
    services.start_evaluations(actor=w.u_kasi_surv, period=e.period, evaluator=w.kasi_surv)
    return Evaluation.objects.get(employee=w.staff1)


def final(w, e):
    ev = start_team(w, e)
    ev = services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai",
                       values=MEETS, evaluator_notes="Pertahankan kinerja.")
    return services.finalise(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version)


def test_team_page_lists_the_team_and_starts_their_evaluations(world, e, client_for):
    w = world
    client = client_for(w.u_kasi_surv)
    page = client.get(team_url(e))
    assert page.status_code == 200
    text = page.content.decode()
    assert w.staff1.full_name in text and w.staff2.full_name in text and "95.00%" in text
    assert "Team evaluation" in text and "Meets expectations" in text  # the test settings speak English
    response = client.post(reverse("evaluation:start"), {"period": e.period.pk,
                                                         "window": f"annual:{e.period.start_date.isoformat()}"})
    assert response.status_code == 302
    ev = Evaluation.objects.get(employee=w.staff1)
    assert reverse("evaluation:detail", args=[ev.pk]) in client.get(team_url(e)).content.decode()


def test_team_page_queries_do_not_grow_with_the_team(world, e, client_for):
    w = world
    start_team(w, e)
    client = client_for(w.u_kasi_surv)
    client.get(team_url(e))
    with CaptureQueriesContext(connection) as small:
        assert client.get(team_url(e)).status_code == 200
    for i in range(5):
        person = people.create_employee(actor=e.system, instance=w.a, name=f"Staf {i}", nip=make_nip(seq=70 + i),
                                        position=w.pos_data)
        approved_skp(e.period, person, w.u_admin_bkpsdm, w.u_kasi_surv)
    services.start_evaluations(actor=w.u_kasi_surv, period=e.period, evaluator=w.kasi_surv)
    with CaptureQueriesContext(connection) as big:
        page = client.get(team_url(e))
    assert page.content.decode().count("data-employee=") == 7
    assert len(big.captured_queries) == len(small.captured_queries)


def test_team_page_is_for_evaluators(world, e, client_for):
    assert client_for(world.u_staff1).get(reverse("evaluation:team")).status_code == 403


def test_the_evaluation_page_saves_and_shows_refusals(world, e, client_for):
    w = world
    ev = start_team(w, e)
    client = client_for(w.u_kasi_surv)
    page = client.get(reverse("evaluation:detail", args=[ev.pk])).content.decode()
    assert "Berorientasi Pelayanan" in page and "Understands and meets the public&#x27;s needs" in page
    assert "95.00%" in page
    data = {"lock_version": ev.lock_version, "result_rating": "di_atas", "result_reason": ""}
    data |= {f"rating_{c}": "sesuai" for c in BERAKHLAK_CODES}
    refused = client.post(reverse("evaluation:detail", args=[ev.pk]), data)
    assert refused.status_code == 422 and "write the reason" in refused.content.decode()
    assert Evaluation.objects.get(pk=ev.pk).result_rating == ""
    data["result_reason"] = "Tugas tambahan besar."
    assert client.post(reverse("evaluation:detail", args=[ev.pk]), data).status_code == 302
    ev.refresh_from_db()
    assert ev.predikat == "baik" and ev.result_reason == "Tugas tambahan besar."


def test_live_predikat_follows_the_ratings_without_saving(world, e, client_for):
    w = world
    ev = start_team(w, e)
    data = {"result_rating": "di_bawah"} | {f"rating_{c}": "di_bawah" for c in BERAKHLAK_CODES}
    answer = client_for(w.u_kasi_surv).post(reverse("evaluation:preview", args=[ev.pk]), data,
                                            HTTP_HX_REQUEST="true")
    text = answer.content.decode()
    assert answer.status_code == 200 and 'data-predikat="sangat_kurang"' in text
    assert 'id="deviation-flag" class="on"' in text
    assert Evaluation.objects.get(pk=ev.pk).predikat == ""


def test_the_employee_reads_only_a_final_evaluation_and_acknowledges_it(world, e, client_for):
    w = world
    ev = start_team(w, e)
    client = client_for(w.u_staff1)
    assert client.get(reverse("evaluation:detail", args=[ev.pk])).status_code == 404
    ev = services.rate(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version, result_rating="sesuai",
                       values=MEETS)
    services.finalise(actor=w.u_kasi_surv, evaluation=ev, lock_version=ev.lock_version)
    mine = client.get(reverse("evaluation:mine")).content.decode()
    assert reverse("evaluation:detail", args=[ev.pk]) in mine and "Good" in mine
    page = client.get(reverse("evaluation:detail", args=[ev.pk])).content.decode()
    assert "Acknowledge my evaluation" in page and 'data-testid="acknowledge-hint"' in page
    assert 'data-testid="to-acknowledge"' in mine  # "Awaiting your acknowledgement"
    ev.refresh_from_db()
    client.post(reverse("evaluation:acknowledge", args=[ev.pk]), {"lock_version": ev.lock_version, "notes": "Siap."})
    ev.refresh_from_db()
    assert ev.status == "acknowledged" and ev.employee_notes == "Siap."
    page = client.get(reverse("evaluation:detail", args=[ev.pk])).content.decode()
    assert "Acknowledged by the employee on" in page and "Acknowledge my evaluation" not in page
    mine = client.get(reverse("evaluation:mine")).content.decode()
    assert 'data-testid="to-acknowledge"' not in mine and ">Acknowledged<" in mine


def test_menu_entries(world, e, client_for):
    page = client_for(world.u_kasi_surv).get("/").content.decode()
    assert reverse("evaluation:team") in page and reverse("evaluation:mine") in page


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils comes with scripts/bootstrap.sh --test")
def test_the_pdf_follows_the_official_form(world, e, client_for, tmp_path):
    w = world
    ev = final(w, e)
    response = client_for(w.u_staff1).get(reverse("evaluation:pdf", args=[ev.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "e.pdf"
    path.write_bytes(response.content)
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                                              text=True).stdout)
    for heading in ("DOKUMEN EVALUASI KINERJA PEGAWAI", "PERIODE: AKHIR", "PERIODE PENILAIAN",
                    "PEGAWAI YANG DINILAI", "PEJABAT PENILAI KINERJA", "ATASAN PEJABAT PENILAI KINERJA",
                    "EVALUASI KINERJA", "CAPAIAN KINERJA ORGANISASI", "POLA DISTRIBUSI", "HASIL KERJA",
                    "RATING HASIL KERJA", "PERILAKU KERJA", "RATING PERILAKU KERJA", "PREDIKAT KINERJA PEGAWAI",
                    "CATATAN/REKOMENDASI", "Pegawai yang Dinilai", "Pejabat Penilai Kinerja"):
        assert heading.lower() in text.lower(), heading
    assert w.staff1.full_name in text and w.staff1.nip in text and w.kasi_surv.full_name in text
    assert w.kabid_p2p.full_name in text  # atasan pejabat penilai
    assert "Berorientasi Pelayanan" in text and "Kolaboratif" in text and "BAIK" in text
    assert "Pertahankan kinerja." in text


@pytest.fixture
def cli():
    from kinerja.evaluation import cli as evaluation_cli

    group = click.Group()
    group.add_command(evaluation_cli.evaluate_group)
    return group


def run(cli, *args):
    return CliRunner().invoke(cli, ["evaluate", *map(str, args)])


def test_the_command_is_registered():
    from kinerja.cli import _register, cli

    _register()
    assert "evaluate" in cli.commands


def test_cli_start_and_show(world, e, cli):
    w = world
    result = run(cli, "start", "--period", e.period.pk, "--evaluator", w.kasi_surv.nip)
    assert result.exit_code == 0, result.output
    assert "2 evaluasi dimulai" in result.output or "2 evaluation(s) started" in result.output
    assert Evaluation.objects.filter(evaluator=w.kasi_surv).count() == 2
    again = run(cli, "start", "--period", e.period.pk, "--evaluator", w.kasi_surv.nip)
    assert again.exit_code == 0 and ("2 sudah" in again.output or "2 already" in again.output)
    shown = run(cli, "show", "--employee", w.staff1.nip, "--period", e.period.pk)
    assert shown.exit_code == 0 and "Akuntabel" in shown.output and "95.00" in shown.output


def test_cli_refuses_bad_input_clearly(world, e, cli):
    w = world
    assert run(cli, "start", "--period", 999999, "--evaluator", w.kasi_surv.nip).exit_code == 2
    bad = run(cli, "start", "--period", e.period.pk, "--evaluator", "000")
    assert bad.exit_code == 2 and "000" in bad.output
    wrong = run(cli, "start", "--period", e.period.pk, "--evaluator", w.kasi_surv.nip, "--kind", "periodic",
                "--window", f"{e.period.year}-02-01")
    assert wrong.exit_code == 1 and "window_start" in wrong.output
    none = run(cli, "show", "--employee", w.staff1.nip, "--period", e.period.pk)
    assert none.exit_code == 1
