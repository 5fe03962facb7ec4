from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thrivekit.core"
    label = "core"
