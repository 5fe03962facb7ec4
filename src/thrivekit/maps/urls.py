from django.urls import path

from thrivekit.maps import views

app_name = "maps"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("services/new", views.service_edit, name="service_new"),
    path("services/<slug:service_id>", views.service_edit, name="service_edit"),
    path("entry-points/new", views.entry_point_new, name="entry_point_new"),
    path("nodes/<slug:node_id>/remove", views.node_remove, name="node_remove"),
    path("routes/new", views.route_new, name="route_new"),
    path("routes/<int:index>/remove", views.route_remove, name="route_remove"),
    path("positions", views.positions, name="positions"),
    path("positions/reset", views.positions_reset, name="positions_reset"),
    path("import", views.map_import, name="import"),
    path("analysis", views.analysis, name="analysis"),
    path("analysis/send", views.finding_send, name="finding_send"),
    path("teams", views.teams, name="teams"),
    path("workforce", views.workforce, name="workforce"),
    path("workforce.<str:file_format>", views.workforce_export, name="workforce_export"),
    path("workshop", views.mapping_workshop, name="workshop"),
    path("workshop/<slug:step>", views.mapping_workshop, name="workshop_step"),
    path("export.<str:file_format>", views.export, name="export"),
]
