from django.urls import path

from thrivekit.tasks import views

app_name = "tasks"

urlpatterns = [
    path("<uuid:task_id>", views.task_status, name="status"),
]
