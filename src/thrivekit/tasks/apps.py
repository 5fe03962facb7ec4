from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "thrivekit.tasks"
    label = "tasks"
