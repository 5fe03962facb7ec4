from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "thrivekit.demo"
    label = "demo"
