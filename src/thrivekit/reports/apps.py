from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "thrivekit.reports"
    label = "reports"
    verbose_name = "Phase 1 report"

    def ready(self) -> None:
        # Every tenant model is audited (thrivekit.sites.audit). A version's content is the whole
        # report (hundreds of kilobytes, charts included), so the log keeps who drafted, asked
        # for, signed off or returned it and when, but not a copy of the report each time.
        from auditlog.registry import auditlog

        from thrivekit.reports.models import ReportVersion

        if auditlog.contains(ReportVersion):
            auditlog.unregister(ReportVersion)
        auditlog.register(ReportVersion, exclude_fields=["content"])
