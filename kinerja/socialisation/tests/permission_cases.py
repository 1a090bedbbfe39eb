"""Permission cases of the socialisation pages and API.

The item belongs to the Dinkes OPD admin and is addressed to Seksi Surveilans (staff1, staff2, kasi_surv).
"""

from django.urls import reverse

from kinerja.tests.permissions.harness import api, case
from kinerja.tests.permissions.world import pdf

MANAGERS = (("u_admin_bkpsdm", 200), ("u_admin_opd", 200))
NOT_MANAGERS = (("u_staff1", 403), ("u_kadinkes", 403), ("u_auditor", 403))
ITEM_SCOPE = {"unit": ("u_admin_opd_disdik", 404), "other": ("u_admin_b", 404)}


def _item(name):
    return lambda w: reverse(f"socialisation:{name}", args=[w.item.pk])


def _api(suffix=""):
    return lambda w: f"/api/v1/socialisation/manage/items/{w.item.pk}{suffix}"


CASES = [
    case("socialisation:mine", reverse("socialisation:mine"), ok=("u_staff1", 200), no_role=("u_nobody", 200),
         unit=("u_staff_disdik", 200), other=("u_staff_b", 200), hidden=lambda w: w.item.title,
         note="everyone's list: the items addressed to them"),
    case("socialisation:detail", _item("detail"), ok=(("u_staff1", 200), ("u_kasi_surv", 200)),
         no_role=("u_nobody", 404), unit=("u_staff_disdik", 404), other=("u_staff_b", 404)),
    case("socialisation:acknowledge", _item("acknowledge"), "post", ok=("u_staff1", 302),
         no_role=("u_nobody", 404), unit=("u_staff_disdik", 404), other=("u_staff_b", 404)),
    case("socialisation:attachment", lambda w: reverse("socialisation:attachment", args=[w.attachment.pk]),
         ok=(("u_staff1", 200), ("u_admin_opd", 200)), no_role=("u_nobody", 404), unit=("u_staff_disdik", 404),
         other=("u_staff_b", 404)),
    case("socialisation:manage", reverse("socialisation:manage"), ok=MANAGERS, no_role=NOT_MANAGERS,
         unit=("u_admin_opd_disdik", 200), other=("u_admin_b", 200), hidden=lambda w: w.item.title),
    case("socialisation:item_add", reverse("socialisation:item_add"), ok=MANAGERS, no_role=NOT_MANAGERS,
         unit="no object: the audience offered is the admin's own subtree", other=("u_admin_b", 200),
         hidden=lambda w: "Seksi Surveilans"),
    case("socialisation:manage_detail", _item("manage_detail"), ok=MANAGERS, no_role=NOT_MANAGERS, **ITEM_SCOPE),
    case("socialisation:item_edit", _item("item_edit"), ok=MANAGERS, no_role=NOT_MANAGERS, **ITEM_SCOPE),
    case("socialisation:item_publish", lambda w: reverse("socialisation:item_publish", args=[w.draft.pk]), "post",
         ok=("u_admin_opd", 302),
         no_role=NOT_MANAGERS, **ITEM_SCOPE),
    case("socialisation:pending", _item("pending"), ok=MANAGERS, no_role=NOT_MANAGERS, **ITEM_SCOPE),
    case("socialisation:remind", _item("remind"), "post", ok=("u_admin_opd", 302), no_role=NOT_MANAGERS,
         **ITEM_SCOPE),

    # API
    case(api("get", "/socialisation/items"), "/api/v1/socialisation/items", ok=("u_staff1", 200),
         no_role=("u_nobody", 200), unit=("u_staff_disdik", 200), other=("u_staff_b", 200),
         hidden=lambda w: w.item.title),
    case(api("get", "/socialisation/items/{item_id}"), lambda w: f"/api/v1/socialisation/items/{w.item.pk}",
         ok=("u_staff1", 200), no_role=("u_nobody", 404), unit=("u_staff_disdik", 404), other=("u_staff_b", 404)),
    case(api("post", "/socialisation/items/{item_id}/acknowledge"),
         lambda w: f"/api/v1/socialisation/items/{w.item.pk}/acknowledge", "post", ok=("u_staff1", 200),
         no_role=("u_nobody", 404), unit=("u_staff_disdik", 404), other=("u_staff_b", 404)),
    case(api("get", "/socialisation/manage/items"), "/api/v1/socialisation/manage/items", ok=MANAGERS,
         no_role=NOT_MANAGERS, unit=("u_admin_opd_disdik", 200), other=("u_admin_b", 200),
         hidden=lambda w: w.item.title),
    case(api("post", "/socialisation/manage/items"), "/api/v1/socialisation/manage/items", "post",
         lambda w: {"title": "Jadwal", "body": "Isi.", "category": "change", "units": [w.p2p.pk]},
         ok=(("u_admin_bkpsdm", 201), ("u_admin_opd", 201)), no_role=NOT_MANAGERS, unit=("u_admin_opd_disdik", 422),
         other=("u_admin_b", 422)),
    case(api("patch", "/socialisation/manage/items/{item_id}"), _api(), "patch", {"title": "Panduan SKP"},
         ok=MANAGERS, no_role=NOT_MANAGERS, **ITEM_SCOPE),
    case(api("post", "/socialisation/manage/items/{item_id}/attachments"), _api("/attachments"), "post",
         lambda w: {"file": pdf("Lampiran.pdf")}, multipart=True, ok=("u_admin_opd", 201), no_role=NOT_MANAGERS,
         **ITEM_SCOPE),
    case(api("delete", "/socialisation/manage/items/{item_id}/attachments/{attachment_id}"),
         lambda w: f"/api/v1/socialisation/manage/items/{w.item.pk}/attachments/{w.attachment.pk}", "delete",
         ok=("u_admin_opd", 204), no_role=NOT_MANAGERS, **ITEM_SCOPE),
    case(api("post", "/socialisation/manage/items/{item_id}/publish"),
         lambda w: f"/api/v1/socialisation/manage/items/{w.draft.pk}/publish", "post", ok=("u_admin_opd", 200),
         no_role=NOT_MANAGERS, **ITEM_SCOPE),
    case(api("get", "/socialisation/manage/items/{item_id}/coverage"), _api("/coverage"), ok=MANAGERS,
         no_role=NOT_MANAGERS, **ITEM_SCOPE),
    case(api("get", "/socialisation/manage/items/{item_id}/pending"), _api("/pending"), ok=MANAGERS,
         no_role=NOT_MANAGERS, **ITEM_SCOPE),
    case(api("post", "/socialisation/manage/items/{item_id}/remind"), _api("/remind"), "post", {},
         ok=("u_admin_opd", 202), no_role=NOT_MANAGERS, **ITEM_SCOPE),
]
