from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "thrivekit.engagement"
    label = "engagement"
