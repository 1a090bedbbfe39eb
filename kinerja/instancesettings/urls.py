from django.urls import path

from . import views

app_name = "instancesettings"
urlpatterns = [
    path("", views.page, name="page"),
    path("<slug:key>/", views.save, name="save"),
]
