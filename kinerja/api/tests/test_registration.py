"""The API is assembled from the apps: each AppConfig names its routers; kinerja.api imports no app."""

from __future__ import annotations

from django.apps import apps
from django.utils.module_loading import import_string

from kinerja.api.api import api


def test_every_router_an_app_names_is_mounted_in_installed_apps_order():
    named = [import_string(path) for config in apps.get_app_configs() for path in getattr(config, "api_routers", ())]
    mounted = [router for _prefix, router in api._routers if router is not api.default_router]
    assert named and mounted == named


def test_operation_ids_are_unique_and_the_published_ones_are_kept():
    ids = [op["operationId"] for methods in api.get_openapi_schema(path_params={})["paths"].values()
           for op in methods.values()]
    assert len(ids) == len(set(ids))
    # Clients are generated from these: a router that moved into its app keeps them (OPERATION_ID_PREFIX).
    assert {"kinerja_api_routers_skp_list_skps", "kinerja_api_routers_documents_skp_pdf",
            "kinerja_api_routers_organization_list_units", "kinerja_api_routers_positions_list_positions"} <= set(ids)
