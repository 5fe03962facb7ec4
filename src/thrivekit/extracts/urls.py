from django.urls import path

from thrivekit.extracts import views

app_name = "extracts"

urlpatterns = [
    path("", views.extract_list, name="list"),
    path("upload", views.extract_upload, name="upload"),
    path("<uuid:extract_id>/", views.extract_detail, name="detail"),
    path("<uuid:extract_id>/delete", views.extract_delete, name="delete"),
]
