from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "thrivekit.planning"
    label = "planning"
    verbose_name = "Redesign and implementation planning"
