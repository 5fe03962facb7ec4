"""Base models: every row has a UUID, timestamps and a stable order; tenant rows belong to a site."""

import uuid

from django.db import models


class BaseModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["created_at"]


class TenantQuerySet(models.QuerySet):
    def for_site(self, site):
        return self.filter(site=site)


class TenantModel(BaseModel):
    """A row that belongs to one site. Reach it only through that site (for_site)."""

    site = models.ForeignKey("sites.Site", on_delete=models.CASCADE, related_name="+")

    objects = TenantQuerySet.as_manager()
    # Changes are recorded in the site's audit log unless a model says otherwise.
    audited = True

    class Meta:
        abstract = True
        ordering = ["created_at"]

    def get_additional_data(self) -> dict:
        # Stored with every audit entry so a site lead can read their own site's log.
        return {"site_id": str(self.site_id)}
