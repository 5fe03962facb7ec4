from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "thrivekit.priorities"
    label = "priorities"
