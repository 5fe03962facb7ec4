from django.urls import path

from thrivekit.priorities import views_table

app_name = "ranking"

urlpatterns = [
    path("<str:code>", views_table.table_ranking, name="table"),
    path("<str:code>/worksheets/<uuid:priority_id>", views_table.table_draft, name="draft"),
]
