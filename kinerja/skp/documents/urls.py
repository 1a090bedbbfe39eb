from django.urls import path

from . import views

app_name = "skp_documents"
urlpatterns = [
    path("<int:pk>/pdf/", views.skp_pdf, name="pdf"),
    path("<int:pk>/xlsx/", views.skp_xlsx, name="xlsx"),
    path("export/", views.period_export, name="export"),
]
