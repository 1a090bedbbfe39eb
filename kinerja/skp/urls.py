from django.urls import path

from . import views

app_name = "skp"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("start/", views.create, name="create"),
    path("team/", views.team, name="team"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("monitoring/set/", views.set_for, name="set_for"),
    path("periods/", views.periods, name="periods"),
    path("periods/place/", views.signing_place, name="signing_place"),
    path("periods/<int:period_pk>/close/", views.period_close, name="period_close"),
    path("templates/", views.templates, name="templates"),
    path("templates/new/", views.template_create, name="template_create"),
    path("templates/<int:template_pk>/", views.template_edit, name="template_edit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/section/<slug:name>/", views.section, name="section"),
    path("<int:pk>/rhk/new/", views.rhk_add, name="rhk_add"),
    path("<int:pk>/rhk/<int:rhk_pk>/", views.rhk_edit, name="rhk_edit"),
    path("<int:pk>/rhk/<int:rhk_pk>/delete/", views.rhk_delete, name="rhk_delete"),
    path("<int:pk>/rhk/<int:rhk_pk>/seen/", views.seen, name="seen"),
    path("<int:pk>/rhk/<int:rhk_pk>/iki/new/", views.iki_add, name="iki_add"),
    path("<int:pk>/iki/<int:iki_pk>/", views.iki_edit, name="iki_edit"),
    path("<int:pk>/iki/<int:iki_pk>/delete/", views.iki_delete, name="iki_delete"),
    path("<int:pk>/lampiran/<slug:kind>/", views.appendix, name="appendix"),
    path("<int:pk>/expectations/", views.expectations, name="expectations"),
    path("<int:pk>/copy/", views.copy_previous, name="copy"),
    path("<int:pk>/template/", views.use_template, name="template"),
    path("<int:pk>/submit/", views.transition, {"action": "submit"}, name="submit"),
    path("<int:pk>/withdraw/", views.transition, {"action": "withdraw"}, name="withdraw"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/return/", views.return_skp, name="return"),
    path("<int:pk>/revise/", views.revise, name="revise"),
]
