from django.urls import path

from thrivekit.phase1 import views

app_name = "phase1"

urlpatterns = [
    path("", views.home, name="home"),
    path("steps/<slug:step>", views.step, name="step"),
]
