"""Engagement: the transformation group, the stakeholder register and the engagement log."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from thrivekit.core.models import TenantModel
from thrivekit.engagement.sectors import sector_ids


class Stakeholder(TenantModel):
    """Someone the site wants involved: their sector, how far they are engaged, their group role."""

    class Status(models.TextChoices):
        IDENTIFIED = "identified", "Identified"
        INVITED = "invited", "Invited"
        ENGAGED = "engaged", "Engaged"
        ATTENDED = "attended", "Attended a workshop"

    class GroupRole(models.TextChoices):
        NONE = "", "Not in the transformation group"
        CHAIR = "chair", "Chair"
        IMPLEMENTATION_LEAD = "implementation_lead", "Implementation lead"
        CHAMPION = "champion", "i-THRIVE champion"
        MEMBER = "member", "Member"

    name = models.CharField(max_length=200)
    job_title = models.CharField("Role (job title)", max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    sector = models.CharField(max_length=80)  # an id from the stakeholder sectors instrument
    email = models.EmailField("Contact email", max_length=254, blank=True)
    status = models.CharField(
        "Engagement status", max_length=12, choices=Status.choices, default=Status.IDENTIFIED
    )
    group_role = models.CharField(
        "Transformation group role",
        max_length=20,
        choices=GroupRole.choices,
        blank=True,
        default=GroupRole.NONE,
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # Workshop attendance is matched by name, so a name means one person in a site.
            models.UniqueConstraint(
                Lower("name"),
                "site",
                name="one_stakeholder_per_name",
                violation_error_message="Someone with this name is already in the register.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = " ".join(self.name.split())
        if self.sector and self.sector not in sector_ids():
            raise ValidationError({"sector": "Choose a sector from the list."})

    @property
    def in_group(self) -> bool:
        return bool(self.group_role)


class LogEntry(TenantModel):
    """A meeting, briefing or communication, and who it reached."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        BRIEFING = "briefing", "Briefing"
        COMMUNICATION = "communication", "Communication"
        OTHER = "other", "Other"

    date = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    sectors = models.JSONField(default=list, blank=True)  # sector ids reached
    people_reached = models.PositiveIntegerField("Number of people reached", null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name_plural = "log entries"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        known = sector_ids()
        unknown = [s for s in self.sectors if s not in known]
        if unknown:
            raise ValidationError({"sectors": "Choose sectors from the list."})
        if not self.sectors and self.people_reached is None:
            raise ValidationError(
                "Say who was reached: choose the sectors, enter a number of people, or both."
            )
