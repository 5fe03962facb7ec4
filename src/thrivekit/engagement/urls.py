from django.urls import path

from thrivekit.engagement import views

app_name = "engagement"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("register/", views.register, name="register"),
    path("register/add", views.stakeholder_add, name="stakeholder_add"),
    path("register/<uuid:stakeholder_id>/edit", views.stakeholder_edit, name="stakeholder_edit"),
    path(
        "register/<uuid:stakeholder_id>/remove", views.stakeholder_remove, name="stakeholder_remove"
    ),
    path("register/import", views.register_import, name="import"),
    path("register/export", views.register_export, name="export"),
    path(
        "register/export-for-the-site.<str:file_format>",
        views.export_for_site,
        name="export_for_site",
    ),
    path(
        "register/export-to-share.<str:file_format>", views.export_to_share, name="export_to_share"
    ),
    path("log/", views.log, name="log"),
    path("log/add", views.log_add, name="log_add"),
]
