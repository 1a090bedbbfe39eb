"""The back office lists, searches and opens every plan model."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

MODELS = list(apps.get_app_config("planning").get_models())


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_plan_model_is_registered():
    assert len(MODELS) == 13
    assert all(admin.site.is_registered(model) for model in MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_search_change_and_add_pages(world, plan, client_for, model):
    client = client_for(world.u_root)
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200
    obj = model.objects.order_by("pk").first()
    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 200
