from django.conf import settings
from django.db import models

from thrivekit.core.models import TenantModel


class Extract(TenantModel):
    """A record-level activity extract: validated, pseudonymised and kept as Parquet.

    The raw upload is deleted once imported; only the analysis and the Parquet remain.
    """

    name = models.CharField(max_length=200)
    task = models.ForeignKey(
        "tasks.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    as_of = models.DateField(null=True, blank=True)
    analysis = models.JSONField(default=dict, blank=True)  # thrivekit.analysis/1
    folder = models.CharField(max_length=300, blank=True)  # under THRIVEKIT_EXTRACTS_DIR
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def ready(self) -> bool:
        return bool(self.analysis)
