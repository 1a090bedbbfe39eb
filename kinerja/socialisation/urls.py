from django.urls import path

from . import views

app_name = "socialisation"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.item_create, name="item_add"),
    path("manage/<int:pk>/", views.manage_detail, name="manage_detail"),
    path("manage/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("manage/<int:pk>/publish/", views.item_publish, name="item_publish"),
    path("manage/<int:pk>/pending/", views.pending, name="pending"),
    path("manage/<int:pk>/remind/", views.remind, name="remind"),
]
