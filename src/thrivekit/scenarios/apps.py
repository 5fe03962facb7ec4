from django.apps import AppConfig


class ScenariosConfig(AppConfig):
    name = "thrivekit.scenarios"
    label = "scenarios"
    verbose_name = "Demand and capacity scenarios"
