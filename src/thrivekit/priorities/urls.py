from django.urls import path

from thrivekit.priorities import views

app_name = "priorities"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("new", views.session_new, name="new"),
    path("<uuid:session_id>/", views.session_detail, name="detail"),
    path("<uuid:session_id>/aims", views.session_aims, name="aims"),
    path("<uuid:session_id>/status", views.session_status, name="status"),
    path("<uuid:session_id>/room", views.room, name="room"),
    path("<uuid:session_id>/tables/<uuid:table_id>", views.table_entry, name="table_entry"),
    path("<uuid:session_id>/confirm", views.confirm, name="confirm"),
    path("<uuid:session_id>/worksheets/<uuid:priority_id>", views.worksheet, name="worksheet"),
    path(
        "<uuid:session_id>/worksheets/<uuid:priority_id>/versions/<int:version>",
        views.worksheet_version,
        name="worksheet_version",
    ),
    path("<uuid:session_id>/export.<str:file_format>", views.export, name="export"),
]
