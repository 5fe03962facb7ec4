from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "thrivekit.maps"
    label = "maps"
    verbose_name = "Pathway maps"
