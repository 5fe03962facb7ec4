from django.conf import settings
from django.db import models

from thrivekit.core.models import TenantModel


class Scenario(TenantModel):
    """A saved "what if": a network of services (thrivekit.modelling's scenario format) and,
    once simulated, its results (thrivekit.model/1)."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    definition = models.JSONField()
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="variants"
    )
    extract = models.ForeignKey(
        "extracts.Extract", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    result = models.JSONField(default=dict, blank=True)
    task = models.ForeignKey(
        "tasks.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def calibrated(self) -> bool:
        """Calibrated from an extract as it is (not a what-if of another scenario)."""
        return self.extract_id is not None and self.based_on_id is None
