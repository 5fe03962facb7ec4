from django.urls import path

from thrivekit.qualitative import views

app_name = "qualitative"

urlpatterns = [
    path("", views.home, name="home"),
    path("import", views.upload, name="upload"),
    path("import/<uuid:upload_id>", views.mapping, name="mapping"),
    path("notes/add", views.notes_add, name="notes_add"),
    path("surveys/new", views.survey_new, name="survey_new"),
    path("surveys/<uuid:survey_id>", views.survey, name="survey"),
    path("surveys/<uuid:survey_id>/status", views.survey_status, name="survey_status"),
    path("surveys/<uuid:survey_id>/poster", views.survey_poster, name="survey_poster"),
    path("responses/<uuid:response_id>", views.response, name="response"),
    path("responses/<uuid:response_id>/review", views.response_review, name="review"),
    path("codings/<uuid:coding_id>/remove", views.coding_remove, name="coding_remove"),
    path("safeguarding/", views.flags, name="flags"),
    path("safeguarding/<uuid:flag_id>", views.flag_acknowledge, name="flag_acknowledge"),
    path("settings", views.feedback_settings, name="settings"),
    path("codebook/", views.codebook, name="codebook"),
    path("codebook/<uuid:code_id>", views.code, name="code"),
    path("codebook/export.csv", views.codebook_export, name="codebook_export"),
    path("codebook/import", views.codebook_import, name="codebook_import"),
    path("refi-qda/export.qdpx", views.qdpx_download, name="qdpx_export"),
    path("refi-qda/import", views.qdpx_upload, name="qdpx_import"),
    path("themes/", views.themes, name="themes"),
    path("themes/suggest", views.themes_suggest, name="themes_suggest"),
    path("themes/merge", views.themes_merge, name="themes_merge"),
    path("themes/<uuid:theme_id>", views.theme, name="theme"),
    path("themes/<uuid:theme_id>/approve", views.theme_approve, name="theme_approve"),
    path("themes/<uuid:theme_id>/remove", views.theme_remove, name="theme_remove"),
    path("lens", views.lens, name="lens"),
]
