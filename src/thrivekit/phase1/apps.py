from django.apps import AppConfig


class Phase1Config(AppConfig):
    name = "thrivekit.phase1"
    label = "phase1"
