from django.urls import path

from thrivekit.scenarios import views

app_name = "scenarios"

urlpatterns = [
    path("", views.scenario_list, name="list"),
    path("new", views.scenario_new, name="new"),
    path("compare", views.scenario_compare, name="compare"),
    path("<uuid:scenario_id>/", views.scenario_detail, name="detail"),
    path("<uuid:scenario_id>/what-if", views.scenario_variant, name="variant"),
    path("<uuid:scenario_id>/simulate", views.scenario_simulate, name="simulate"),
    path("<uuid:scenario_id>/delete", views.scenario_delete, name="delete"),
]
