from django.urls import path

from thrivekit.workshops import views

app_name = "workshops"

urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("new", views.workshop_new, name="new"),
    path("<uuid:workshop_id>/", views.workshop_detail, name="detail"),
    path("<uuid:workshop_id>/edit", views.workshop_edit, name="edit"),
    path("<uuid:workshop_id>/status", views.workshop_status, name="status"),
    path("<uuid:workshop_id>/projector", views.projector, name="projector"),
    path("<uuid:workshop_id>/projector/live", views.projector_live, name="projector_live"),
    path("<uuid:workshop_id>/results", views.workshop_results, name="results"),
    path("<uuid:workshop_id>/comments", views.comments, name="comments"),
    path("<uuid:workshop_id>/paper", views.paper, name="paper"),
    path("<uuid:workshop_id>/export.<str:file_format>", views.export, name="export"),
]
