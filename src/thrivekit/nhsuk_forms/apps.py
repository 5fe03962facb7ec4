from django.apps import AppConfig


class NhsukFormsConfig(AppConfig):
    name = "thrivekit.nhsuk_forms"
    label = "nhsuk_forms"
