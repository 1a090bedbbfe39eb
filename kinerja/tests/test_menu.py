"""The menu each role sees: the same entries in the same order, whichever app declares them.

Written against the menu core assembled by hand (issue 8 item 1), kept green as each app declared its own.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.core.context_processors import menu_for
from kinerja.demo.data import SUPERUSER, load_demo
from kinerja.demo.world import INSTANCES

ADMIN = ["home", "org", "leadership", "plan", "dashboard", "cascade", "alignment", "directory", "evaluation_results",
         "skp_monitoring", "monev", "positions", "socialisation_manage", "feedback360_rounds", "skp_export", "users",
         "instance_settings", "audit", "api"]
EVALUATOR = ["home", "me", "skp_mine", "progress_mine", "progress_log", "evaluation_mine", "team", "skp_team",
             "progress_team", "dialogues", "feedback360", "evaluation_team", "monev_mine", "appeals", "socialisation",
             "org", "plan", "dashboard", "cascade", "alignment", "evaluation_results", "monev", "api"]
EMPLOYEE = ["home", "me", "skp_mine", "progress_mine", "progress_log", "evaluation_mine", "dialogues", "feedback360",
            "monev_mine", "appeals", "socialisation", "org", "plan", "cascade", "api"]
READER = ["home", "org", "plan", "dashboard", "cascade", "alignment", "directory", "evaluation_results",
          "skp_monitoring", "monev", "api"]

DEMO_MENUS = {
    "admin_bkpsdm": ADMIN,
    "admin_opd": [key for key in ADMIN if key not in ("users", "instance_settings", "audit", "leadership", "monev")],
    "auditor": [*READER[:-1], "instance_settings", "audit", "api"],
    # the demo's monev login is the tim monev's secretary, an employee of the Setda: their own pages, then the reader's
    "monev": [*EMPLOYEE[:EMPLOYEE.index("org")], *READER[1:]],
    "pegawai": EMPLOYEE,
    "penilai": EVALUATOR,
    "pimpinan": ["home", "me", "skp_mine", "progress_mine", "progress_log", "evaluation_mine", "team", "skp_team",
                 "progress_team", "dialogues", "feedback360", "evaluation_team", "monev_mine", "appeals",
                 "socialisation", "org", "leadership", "plan", "dashboard", "cascade", "alignment", "directory",
                 "evaluation_results", "skp_monitoring", "monev", "instance_settings", "api"],
    # the platform operator has no instance of their own: the instance settings are in the back office
    "superuser": [*(key for key in ADMIN if key != "instance_settings"), "admin"],
}

WORLD_MENUS = {
    "u_admin_b": ADMIN, "u_admin_bkpsdm": ADMIN, "u_admin_opd": DEMO_MENUS["admin_opd"],
    "u_auditor": DEMO_MENUS["auditor"], "u_monev": READER, "u_pimpinan": [*READER[:2], "leadership", *READER[2:-1],
                                                                       "instance_settings", "api"],
    "u_kabid_p2p": EVALUATOR, "u_kabid_yankes": EVALUATOR, "u_kadinkes": EVALUATOR, "u_kadinkes_b": EVALUATOR,
    "u_kadisdik": EVALUATOR, "u_kasi_surv": EVALUATOR,
    "u_staff1": EMPLOYEE, "u_staff2": EMPLOYEE, "u_staff_b": EMPLOYEE, "u_staff_disdik": EMPLOYEE,
    "u_staff_yankes": EMPLOYEE,
    "u_nobody": ["home", "org", "plan", "api"],
    "u_root": DEMO_MENUS["superuser"],
}

URLS = {
    "home": "/", "me": "/people/me/", "skp_mine": "/skp/", "progress_mine": "/progress/",
    "progress_log": "/progress/log/", "team": "/people/team/", "skp_team": "/skp/team/",
    "progress_team": "/progress/team/", "dialogues": "/feedback/dialogues/",
    "monev_mine": "/monev/recommendations/mine/", "monev": "/monev/", "socialisation": "/socialisation/",
    "org": "/org/", "plan": "/plan/", "dashboard": "/dashboard/", "cascade": "/alignment/",
    "alignment": "/alignment/report/", "directory": "/people/", "skp_monitoring": "/skp/monitoring/",
    "positions": "/org/positions/", "socialisation_manage": "/socialisation/manage/",
    "feedback360": "/360/", "feedback360_rounds": "/360/rounds/",
    "skp_export": "/skp/documents/export/", "users": "/accounts/users/", "audit": "/audit/", "api": "/api/v1/docs",
    "admin": "/admin/", "evaluation_mine": "/evaluation/", "evaluation_team": "/evaluation/team/",
    "appeals": "/evaluation/appeals/", "leadership": "/evaluation/reports/leadership/",
    "evaluation_results": "/evaluation/calibration/",
}


@pytest.mark.django_db
def test_each_demo_role_sees_the_same_menu_as_before():
    demo = {login.role: login.username for login in load_demo([INSTANCES[0]])}
    demo["superuser"] = SUPERUSER
    menus = {role: [item.key for item in menu_for(User.objects.get(username=demo[role]))] for role in DEMO_MENUS}
    assert menus == DEMO_MENUS


def test_each_test_world_login_sees_the_same_menu_as_before(world):
    menus = {name: [item.key for item in menu_for(getattr(world, name))] for name in WORLD_MENUS}
    assert menus == WORLD_MENUS


def test_a_staff_login_gets_the_back_office_last(world):
    world.u_staff1.is_staff = True
    assert [item.key for item in menu_for(world.u_staff1)] == [*EMPLOYEE, "admin"]


def test_an_anonymous_visitor_has_no_menu():
    from django.contrib.auth.models import AnonymousUser

    assert menu_for(AnonymousUser()) == []


def test_every_entry_links_where_it_did(world):
    items = {item.key: item for item in menu_for(world.u_root) + menu_for(world.u_kadinkes)}
    assert {key: item.url for key, item in items.items()} == URLS
    assert all(item.url == reverse(item.url_name) for item in items.values())
