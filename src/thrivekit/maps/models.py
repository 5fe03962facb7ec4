from django.conf import settings
from django.db import models

from thrivekit.core.models import TenantModel


class PathwayMapDocument(TenantModel):
    """A site's pathway map: services, entry points and routes, kept as one validated document
    (thrivekit.pathways/1) so that every edit is checked as a whole and versioned."""

    data = models.JSONField()
    # Where people dragged the nodes on the interactive map: id -> [x, y].
    positions = models.JSONField(default=dict, blank=True)
    # The activity data's team names, mapped once to services: team -> service id.
    team_services = models.JSONField(default=dict, blank=True)
    # Workforce per service: service id -> [{profession, band, wte, vacancies, training}].
    workforce = models.JSONField(default=dict, blank=True)
    # The mapping workshop's agreed scope: {groupings, local_areas, age_min, age_max, notes}.
    scope = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["site"], name="one_map_per_site")]

    def __str__(self) -> str:
        return "Pathway map"


class MapProposal(TenantModel):
    """A change a table proposes in the pathway-mapping workshop, for the facilitator to accept."""

    class Kind(models.TextChoices):
        SERVICE = "service", "Add a service"
        ROUTE = "route", "Add a route"
        NOTE = "note", "Something to look at"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        ACCEPTED = "accepted", "Accepted into the map"
        DECLINED = "declined", "Not taken forward"

    table = models.CharField(max_length=80)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)

    class Meta:
        ordering = ["status", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.table}"
