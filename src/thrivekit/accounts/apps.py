from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "thrivekit.accounts"
    label = "accounts"
