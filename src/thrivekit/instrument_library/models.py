from django.conf import settings
from django.db import models

from thrivekit.core.models import TenantModel


class SiteInstrument(TenantModel):
    """An alternative wording of an instrument that a site loaded, such as the official text
    it holds a licence for. Answers keep the instrument id and version they were given against."""

    kind = models.CharField(max_length=20)
    instrument_id = models.CharField(max_length=80)
    version = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    source_name = models.CharField(max_length=255)
    source_text = models.TextField(help_text="The YAML file as loaded, validated on load.")
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "instrument_id", "version"],
                name="unique_instrument_version_per_site",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.version}"
