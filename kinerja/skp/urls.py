from django.urls import path

from .views import admin, editor, pages, team, workflow

app_name = "skp"
urlpatterns = [
    path("", pages.mine, name="mine"),
    path("start/", pages.create, name="create"),
    path("team/", team.team, name="team"),
    path("monitoring/", team.monitoring, name="monitoring"),
    path("monitoring/set/", team.set_for, name="set_for"),
    path("periods/", admin.periods, name="periods"),
    path("periods/place/", admin.signing_place, name="signing_place"),
    path("periods/<int:period_pk>/close/", admin.period_close, name="period_close"),
    path("templates/", admin.templates, name="templates"),
    path("templates/new/", admin.template_create, name="template_create"),
    path("templates/<int:template_pk>/", admin.template_edit, name="template_edit"),
    path("<int:pk>/", pages.detail, name="detail"),
    path("<int:pk>/edit/", editor.edit, name="edit"),
    path("<int:pk>/section/<slug:name>/", editor.section, name="section"),
    path("<int:pk>/rhk/new/", editor.rhk_add, name="rhk_add"),
    path("<int:pk>/rhk/<int:rhk_pk>/", editor.rhk_edit, name="rhk_edit"),
    path("<int:pk>/rhk/<int:rhk_pk>/delete/", editor.rhk_delete, name="rhk_delete"),
    path("<int:pk>/rhk/<int:rhk_pk>/seen/", editor.seen, name="seen"),
    path("<int:pk>/rhk/<int:rhk_pk>/iki/new/", editor.iki_add, name="iki_add"),
    path("<int:pk>/iki/<int:iki_pk>/", editor.iki_edit, name="iki_edit"),
    path("<int:pk>/iki/<int:iki_pk>/delete/", editor.iki_delete, name="iki_delete"),
    path("<int:pk>/lampiran/<slug:kind>/", editor.appendix, name="appendix"),
    path("<int:pk>/expectations/", editor.expectations, name="expectations"),
    path("<int:pk>/copy/", editor.copy_previous, name="copy"),
    path("<int:pk>/template/", editor.use_template, name="template"),
    path("<int:pk>/submit/", workflow.transition, {"action": "submit"}, name="submit"),
    path("<int:pk>/withdraw/", workflow.transition, {"action": "withdraw"}, name="withdraw"),
    path("<int:pk>/approve/", workflow.approve, name="approve"),
    path("<int:pk>/return/", workflow.return_skp, name="return"),
    path("<int:pk>/revise/", workflow.revise, name="revise"),
]
