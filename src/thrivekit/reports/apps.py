from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "thrivekit.reports"
    label = "reports"
    verbose_name = "Phase 1 report"
