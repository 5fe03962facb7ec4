"""Versions of a site's Phase 1 report: drafted, signed off by a second site lead, published.

A published version is immutable: its content was frozen (as `thrivekit.report/1` JSON) when
sign-off was asked for, and neither the services nor `save()` will change it afterwards.
"""

from django.conf import settings
from django.db import models

from thrivekit.core.models import TenantModel


class PublishedVersionError(Exception):
    """A published report version cannot be changed or deleted."""


class ReportVersion(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING = "awaiting", "Waiting for sign-off"
        PUBLISHED = "published", "Published"
        RETURNED = "returned", "Returned to the author"

    number = models.PositiveIntegerField()  # 1, 2, 3 ... per site
    title = models.CharField(max_length=200)
    sections = models.JSONField(default=list)  # the chosen section ids, in report order
    executive_summary = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(blank=True)
    # to_json(report): assembled by the build task, frozen again when sign-off is asked for.
    content = models.JSONField(default=dict, blank=True)
    build_task = models.ForeignKey(
        "tasks.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="one_report_version_number")
        ]

    def __str__(self) -> str:
        return f"Version {self.number}: {self.title}"

    @property
    def published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def _stored_status(self) -> str | None:
        if self._state.adding:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def save(self, *args, **kwargs):
        if self._stored_status() == self.Status.PUBLISHED:
            raise PublishedVersionError(f"Version {self.number} is published and cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_status() == self.Status.PUBLISHED:
            raise PublishedVersionError(f"Version {self.number} is published and cannot go.")
        return super().delete(*args, **kwargs)
