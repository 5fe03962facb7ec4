from django.urls import path

from thrivekit.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("compare", views.compare, name="compare"),
    path("<uuid:version_id>/", views.version, name="version"),
    path("<uuid:version_id>/preview", views.preview, name="preview"),
    path("<uuid:version_id>/report.<str:file_format>", views.download, name="download"),
    path("<uuid:version_id>/submit", views.submit, name="submit"),
    path("<uuid:version_id>/approve", views.approve, name="approve"),
    path("<uuid:version_id>/return", views.return_version, name="return"),
]
