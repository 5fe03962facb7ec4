from django.apps import AppConfig


class ExtractsConfig(AppConfig):
    name = "thrivekit.extracts"
    label = "extracts"
    verbose_name = "Activity extracts"
