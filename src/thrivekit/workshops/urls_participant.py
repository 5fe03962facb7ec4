from django.urls import path

from thrivekit.workshops import views_participant as views

app_name = "participate"

urlpatterns = [
    path("", views.enter, name="enter"),
    path("<str:code>", views.join, name="join"),
    path("<str:code>/answers", views.progress, name="progress"),
    path("<str:code>/questions/<int:number>", views.question, name="question"),
    path("<str:code>/break", views.instrument_break, name="break"),
    path("<str:code>/results", views.results, name="results"),
]
