from django.urls import path

from thrivekit.qualitative import views_public as views

app_name = "say"

urlpatterns = [
    path("<str:survey_code>", views.survey, name="survey"),
    path("<str:survey_code>/thanks", views.thanks, name="thanks"),
]
