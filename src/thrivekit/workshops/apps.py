from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "thrivekit.workshops"
    label = "workshops"
