from django.urls import path

from thrivekit.planning import views_table

app_name = "redesign"

urlpatterns = [
    path("<str:redesign_code>", views_table.table_home, name="table"),
    path("<str:redesign_code>/<str:grouping>", views_table.table_draft, name="draft"),
]
