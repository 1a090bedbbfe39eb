from django.urls import path

from . import views

app_name = "alignment"
urlpatterns = [
    path("", views.cascade_map, name="map"),
    path("node/<str:key>/", views.map_node, name="map_node"),
    path("search/", views.map_search, name="search"),
    path("me/", views.my_chain, name="me"),
    path("employees/<int:pk>/", views.employee_chain, name="employee"),
    path("report/", views.alignment_report, name="report"),
    path("report/xlsx/", views.alignment_report_xlsx, name="report_xlsx"),
]
