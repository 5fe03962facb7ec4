from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "thrivekit.sites"
    label = "sites"

    def ready(self) -> None:
        from thrivekit.sites import audit

        audit.register_models()
