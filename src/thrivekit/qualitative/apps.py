from django.apps import AppConfig


class QualitativeConfig(AppConfig):
    name = "thrivekit.qualitative"
    label = "qualitative"
    verbose_name = "Qualitative feedback"
