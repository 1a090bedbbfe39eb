"""Unit detail and the unit / position forms: scope, field errors from the services, audit events."""

from datetime import date

from django.urls import NoReverseMatch, reverse

from kinerja.audit.models import AuditEvent
from kinerja.core.testing import SYSTEM
from kinerja.organization import services as org
from kinerja.organization.models import Position, Unit
from kinerja.people import services as people


def url(name, *args):
    return reverse(f"organization:{name}", args=args)


def counts():
    return Unit.objects.count(), Position.objects.count(), AuditEvent.objects.count()


def tree_paths():
    return dict(Unit.objects.values_list("pk", "path"))


def profile_url(pk):
    try:
        return reverse("people:profile", args=[pk])
    except NoReverseMatch:  # the people pages are built separately
        return None


# --- unit detail ------------------------------------------------------------------------------------

def test_unit_detail_for_a_plain_employee(world, client_for):
    response = client_for(world.u_staff1).get(url("unit", world.dinkes.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert [c.unit for c in response.context["children"]] == [world.p2p, world.yankes]
    assert [r.position for r in response.context["rows"]] == [world.pos_kadinkes]
    assert response.context["node"].employees == 7 and response.context["direct_count"] == 1
    assert 'data-testid="unit-admin-actions"' not in html and url("unit_edit", world.dinkes.pk) not in html


def test_unit_detail_breadcrumbs_and_holders(world, client_for):
    response = client_for(world.u_kasi_surv).get(url("unit", world.surv.pk))
    assert [u.name for u in response.context["ancestors"]] == ["Dinas Kesehatan", "Bidang P2P"]
    rows = {r.position: r for r in response.context["rows"]}
    assert [h.employee for h in rows[world.pos_data].holders] == [world.staff1, world.staff2]
    assert [h.employee for h in rows[world.pos_kasi_surv].holders] == [world.kasi_surv]
    assert response.context["visible_ids"] == {world.kasi_surv.pk, world.staff1.pk, world.staff2.pk}
    link = profile_url(world.staff1.pk)
    if link:
        assert f'href="{link}"' in response.content.decode()


def test_names_link_to_profiles_only_when_visible(world, client_for):
    response = client_for(world.u_kabid_yankes).get(url("unit", world.surv.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["visible_ids"] == set()
    assert "Andi Pratama" in html  # the tree is public within the instance; the profile is not
    assert f'data-profile-link="{world.staff1.pk}"' not in html
    link = profile_url(world.staff1.pk)
    if link:
        assert f'href="{link}"' not in html


def test_admin_sees_the_buttons_only_in_scope(world, client_for):
    client = client_for(world.u_admin_opd)
    html = client.get(url("unit", world.p2p.pk)).content.decode()
    for name in ("unit_add_child", "unit_edit", "unit_move", "position_add"):
        assert url(name, world.p2p.pk) in html
    assert url("position_edit", world.pos_kabid_p2p.pk) in html
    html = client.get(url("unit", world.disdik.pk)).content.decode()
    assert url("unit_edit", world.disdik.pk) not in html


# --- unit create / edit / move -----------------------------------------------------------------------


def test_add_sub_unit(world, client_for):
    response = client_for(world.u_admin_opd).post(url("unit_add_child", world.p2p.pk), {
        "name": "Seksi Imunisasi", "short_name": "Imunisasi", "kind": "seksi", "is_active": "on"})
    unit = Unit.objects.get(name="Seksi Imunisasi")
    assert response.status_code == 302 and response["Location"] == url("unit", unit.pk)
    assert Unit.objects.get_parent(unit) == world.p2p and unit.instance == world.a and unit.is_active
    event = AuditEvent.objects.get(action="organization.unit.create", object_id=str(unit.pk))
    assert event.actor == world.u_admin_opd and event.source == "web"


def test_add_top_level_unit(world, client_for):
    response = client_for(world.u_admin_bkpsdm).post(url("unit_add"), {"name": "Kecamatan Ilir Timur",
                                                                        "kind": "kecamatan", "is_active": "on"})
    unit = Unit.objects.get(name="Kecamatan Ilir Timur")
    assert response.status_code == 302 and unit.depth == 1 and unit.instance == world.a
    assert AuditEvent.objects.filter(action="organization.unit.create", actor=world.u_admin_bkpsdm).exists()


def test_missing_name_is_a_field_error(world, client_for):
    before = counts()
    response = client_for(world.u_admin_opd).post(url("unit_add_child", world.p2p.pk), {"name": "", "kind": "seksi"})
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert counts() == before


def test_edit_unit(world, client_for):
    response = client_for(world.u_admin_opd).post(url("unit_edit", world.p2p.pk), {
        "name": "Bidang Pencegahan dan Pengendalian Penyakit", "short_name": "P2P", "kind": "bidang",
        "is_active": "on"})
    assert response.status_code == 302
    world.p2p.refresh_from_db()
    assert world.p2p.name.startswith("Bidang Pencegahan") and world.p2p.short_name == "P2P"
    event = AuditEvent.objects.get(action="organization.unit.update", object_id=str(world.p2p.pk))
    assert event.before["name"] == "Bidang P2P" and event.actor == world.u_admin_opd


def test_edit_form_shows_current_values(world, client_for):
    response = client_for(world.u_admin_opd).get(url("unit_edit", world.p2p.pk))
    assert response.context["form"]["name"].value() == "Bidang P2P"
    assert 'value="Bidang P2P"' in response.content.decode()


def test_duplicate_siasn_id_is_shown_on_its_field(world, client_for):
    org.update_unit(actor=SYSTEM, unit=world.surv, siasn_id="UNOR-1")
    before = counts()
    response = client_for(world.u_admin_opd).post(url("unit_edit", world.p2p.pk), {
        "name": "Bidang P2P", "kind": "bidang", "siasn_id": "UNOR-1", "is_active": "on"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["siasn_id"]
    assert 'data-field-error="siasn_id"' in response.content.decode()
    assert counts() == before
    world.p2p.refresh_from_db()
    assert world.p2p.siasn_id == ""


def test_move_under_own_descendant_is_an_error_on_parent(world, client_for):
    paths, before = tree_paths(), counts()
    response = client_for(world.u_admin_bkpsdm).post(url("unit_move", world.dinkes.pk), {"parent": world.surv.pk})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["parent"]
    assert "descendant" in response.context["form"].errors["parent"][0]
    assert tree_paths() == paths and counts() == before


def test_move_form_greys_out_the_own_subtree(world, client_for):
    html = client_for(world.u_admin_bkpsdm).get(url("unit_move", world.p2p.pk)).content.decode()
    assert f'value="{world.surv.pk}" disabled' in html and f'value="{world.yankes.pk}" disabled' not in html


def test_move_unit(world, client_for):
    response = client_for(world.u_admin_opd).post(url("unit_move", world.surv.pk), {"parent": world.yankes.pk})
    assert response.status_code == 302
    surv = Unit.objects.get(pk=world.surv.pk)
    assert Unit.objects.get_parent(surv) == world.yankes
    assert AuditEvent.objects.filter(action="organization.unit.move", object_id=str(surv.pk),
                                     actor=world.u_admin_opd).exists()


def test_opd_admin_cannot_move_out_of_scope_or_to_top_level(world, client_for):
    client = client_for(world.u_admin_opd)
    paths = tree_paths()
    response = client.post(url("unit_move", world.surv.pk), {"parent": world.disdik.pk})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["parent"]
    response = client.post(url("unit_move", world.surv.pk), {"parent": ""})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["parent"]
    assert tree_paths() == paths


# --- positions ----------------------------------------------------------------------------------

def position_data(**overrides):
    data = {"name": "Analis Kebijakan", "kind": "FUNGSIONAL", "single_holder": "", "is_active": "on"}
    return {**data, **overrides}


def test_add_position_with_default_superior(world, client_for):
    response = client_for(world.u_admin_opd).post(url("position_add", world.p2p.pk), position_data())
    assert response.status_code == 302
    position = Position.objects.get(name="Analis Kebijakan")
    assert position.unit == world.p2p and position.superior == world.pos_kabid_p2p and not position.single_holder
    assert AuditEvent.objects.filter(action="organization.position.create", object_id=str(position.pk)).exists()


def test_second_head_is_an_error_on_is_head(world, client_for):
    before = counts()
    response = client_for(world.u_admin_opd).post(url("position_add", world.p2p.pk), position_data(
        name="Kepala Bidang Kedua", kind="ADMINISTRATOR", is_head="on"))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["is_head"]
    assert "already has a head" in response.content.decode()
    assert counts() == before


def test_superior_from_another_instance_is_an_error_on_superior(world, client_for):
    before = counts()
    response = client_for(world.u_admin_opd).post(url("position_add", world.p2p.pk), position_data(
        superior=world.pos_kadinkes_b.pk))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["superior"]
    assert counts() == before


def test_superior_choices_come_from_the_instance(world, client_for):
    form = client_for(world.u_admin_opd).get(url("position_add", world.p2p.pk)).context["form"]
    choices = set(form.fields["superior"].queryset)
    assert world.pos_kadinkes in choices and world.pos_kadisdik in choices and world.pos_kadinkes_b not in choices


def test_edit_position(world, client_for):
    response = client_for(world.u_admin_opd).post(url("position_edit", world.pos_data.pk), position_data(
        name="Pengelola Data Surveilans", kind="PELAKSANA", superior=world.pos_kasi_surv.pk))
    assert response.status_code == 302
    world.pos_data.refresh_from_db()
    assert world.pos_data.name == "Pengelola Data Surveilans" and world.pos_data.superior == world.pos_kasi_surv
    event = AuditEvent.objects.get(action="organization.position.update", object_id=str(world.pos_data.pk))
    assert event.before["name"] == "Pengelola Data" and event.actor == world.u_admin_opd


def test_position_reporting_to_its_subordinate_is_refused(world, client_for):
    before = counts()
    response = client_for(world.u_admin_bkpsdm).post(url("position_edit", world.pos_kadinkes.pk), position_data(
        name="Kepala Dinas Kesehatan", kind="JPT", is_head="on", single_holder="on",
        superior=world.pos_kasi_surv.pk))
    assert response.status_code == 200 and list(response.context["form"].errors) == ["superior"]
    assert counts() == before


def test_multi_holder_position_cannot_become_single_holder(world, client_for):
    response = client_for(world.u_admin_opd).post(url("position_edit", world.pos_data.pk), position_data(
        name="Pengelola Data", kind="PELAKSANA", single_holder="on", superior=world.pos_kasi_surv.pk))
    assert list(response.context["form"].errors) == ["single_holder"]


def test_unit_detail_shows_acting_official(world, client_for):
    people.set_active(actor=SYSTEM, employee=world.kadisdik, active=False)
    people.assign_acting(actor=SYSTEM, employee=world.staff_disdik, position=world.pos_kadisdik, kind="plt",
                         start_date=date(2024, 1, 1))
    response = client_for(world.u_kadinkes).get(url("unit", world.disdik.pk))
    row = next(r for r in response.context["rows"] if r.position == world.pos_kadisdik)
    assert [(h.employee, h.prefix) for h in row.holders] == [(world.staff_disdik, "Plt.")] and row.vacant
    assert response.context["node"].holder.prefix == "Plt."
