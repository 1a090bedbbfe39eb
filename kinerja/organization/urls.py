from django.urls import path

from . import views

app_name = "organization"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("tree/children/<int:pk>/", views.tree_children, name="tree_children"),
    path("tree/search/", views.tree_search, name="tree_search"),
    path("units/add/", views.unit_create, name="unit_add"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/add/", views.unit_create, name="unit_add_child"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/move/", views.unit_move, name="unit_move"),
    path("units/<int:pk>/positions/add/", views.position_create, name="position_add"),
    path("positions/", views.positions, name="positions"),
    path("positions/<int:pk>/edit/", views.position_edit, name="position_edit"),
]
