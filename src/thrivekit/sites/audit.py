"""Audit of every tenant model with django-auditlog (works on SQLite and PostgreSQL).

Each entry stores the site id (the models' get_additional_data), so a site lead reads only
their own site's log.
"""

from django.apps import apps

from thrivekit.core.models import TenantModel

# Never in the log: secrets, and analysis results (exact counts of people, before disclosure
# control; a site lead reads them through the pages that control them).
EXCLUDED_FIELDS = {
    "sites.Invitation": ["token_digest"],
    "extracts.Extract": ["analysis"],
    "scenarios.Scenario": ["result"],
    "workshops.AssessmentSnapshot": ["data"],
    "planning.Owner": ["link_key"],
    # A version's content is the whole report: the log keeps who did what to it and when.
    "reports.ReportVersion": ["content"],
    "planning.Indicator": ["baseline", "baseline_numerator", "baseline_denominator"],
}


def excluded_fields(model) -> list[str]:
    return EXCLUDED_FIELDS.get(f"{model._meta.app_label}.{model.__name__}", [])


def register_models() -> None:
    from auditlog.registry import auditlog

    from thrivekit.sites.models import Site

    for model in apps.get_models():
        if (issubclass(model, TenantModel) and model.audited) or model is Site:
            if not auditlog.contains(model):
                auditlog.register(model, exclude_fields=excluded_fields(model))
