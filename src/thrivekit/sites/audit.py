"""Audit of every tenant model with django-auditlog (works on SQLite and PostgreSQL).

Each entry stores the site id (the models' get_additional_data), so a site lead reads only
their own site's log.
"""

from django.apps import apps

from thrivekit.core.models import TenantModel

# Secrets never go into the log.
EXCLUDED_FIELDS = {"sites.Invitation": ["token_digest"]}


def register_models() -> None:
    from auditlog.registry import auditlog

    from thrivekit.sites.models import Site

    for model in apps.get_models():
        if (issubclass(model, TenantModel) and model.audited) or model is Site:
            label = f"{model._meta.app_label}.{model.__name__}"
            if not auditlog.contains(model):
                auditlog.register(model, exclude_fields=EXCLUDED_FIELDS.get(label, []))
