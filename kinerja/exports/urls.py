from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("table/", views.table, name="table"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
