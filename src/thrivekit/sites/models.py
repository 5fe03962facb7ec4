import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from thrivekit.core.models import BaseModel, TenantModel


class Role(models.TextChoices):
    SITE_LEAD = "site_lead", "Site lead"
    FACILITATOR = "facilitator", "Facilitator"
    ANALYST = "analyst", "Analyst"
    CONTRIBUTOR = "contributor", "Contributor"
    VIEWER = "viewer", "Viewer"


ROLE_DESCRIPTIONS = {
    Role.SITE_LEAD: "Sets up the site, invites people, owns the plan and the report.",
    Role.FACILITATOR: "Runs workshops and keys in answers from paper forms.",
    Role.ANALYST: "Uploads activity data, checks data quality and runs the models.",
    Role.CONTRIBUTOR: "Adds and edits the site's maps, registers and worksheets.",
    Role.VIEWER: "Reads the site's work without changing it.",
}


class Site(BaseModel):
    """A place running Phase 1: an ICB place or a local authority footprint. The tenant."""

    slug = models.SlugField(unique=True, max_length=60)
    name = models.CharField(max_length=120)
    icb = models.CharField("Integrated care board", max_length=200, blank=True)
    local_authorities = models.JSONField(default=list, blank=True)
    population_0_25 = models.PositiveIntegerField("Population aged 0 to 25", null=True, blank=True)
    disclosure_threshold = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Counts of this many people or fewer are shown as *.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"site_id": str(self.id)}


class LocalArea(TenantModel):
    """A locality or organisation whose answers are compared with the others'."""

    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="unique_local_area_per_site")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TenantModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["user__full_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["site", "user"], name="one_membership_per_site")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(TenantModel):
    """An emailed invitation to join a site in a role. Only a digest of the token is stored."""

    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    token_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"
