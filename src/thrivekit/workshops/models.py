"""Live workshops: the THRIVE Assessment and the Implementation Checklist answered in a room."""

import secrets

from django.conf import settings
from django.db import models

from thrivekit.core.models import TenantModel

# No 0/O, 1/I/L: codes are read off a projector.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class Workshop(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Not open yet"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    includes_assessment = models.BooleanField(default=True)
    includes_checklist = models.BooleanField(default=False)
    # Empty lists mean every principle / level.
    principles = models.JSONField(default=list, blank=True)
    levels = models.JSONField(default=list, blank=True)
    # The instrument versions answers are given against, fixed when the workshop is created.
    assessment_instrument = models.CharField(max_length=120, blank=True)
    checklist_instrument = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    join_code = models.CharField(max_length=12, unique=True, default=new_join_code)
    results_revealed = models.BooleanField(default=False)
    # Only a workshop the facilitator marks as a re-assessment is compared with the baseline:
    # a small practice session must not read as the site's progress.
    is_reassessment = models.BooleanField(default=False)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class WorkshopTable(TenantModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "name"], name="unique_table_name")
        ]

    def __str__(self) -> str:
        return self.name


class Participant(TenantModel):
    """Someone taking part, without an account. Their device holds a secret that finds them."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    token_digest = models.CharField(max_length=64, unique=True)
    local_area = models.ForeignKey(
        "sites.LocalArea", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sector = models.CharField(max_length=80)
    table = models.ForeignKey(
        WorkshopTable, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=120, blank=True)
    # Set when a facilitator keys in a paper form.
    keyed_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # Anonymous submissions, not staff edits: kept out of the audit log (comment reviews are
    # logged by the service that makes them).
    audited = False

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name or f"Participant {str(self.id)[:8]}"


class AssessmentAnswer(TenantModel):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="assessment_answers"
    )
    item = models.CharField(max_length=120)  # "<principle>.<level>"
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # None: don't know
    instrument = models.CharField(max_length=120)  # "<id>@<version>"

    audited = False

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "item"], name="one_answer_per_item"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=4),
                name="score_1_to_4",
            ),
        ]


class ChecklistAnswer(TenantModel):
    class Tag(models.TextChoices):
        NONE = "", "No tag"
        SUPPORT = "support", "We need support with this"
        GOOD_PRACTICE = "good_practice", "Example of good practice"

    class Review(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPROVED = "approved", "Approved"
        HIDDEN = "hidden", "Hidden"

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="checklist_answers"
    )
    action = models.CharField(max_length=40)
    status = models.CharField(max_length=20)
    comment = models.TextField(blank=True)  # personal data masked on entry
    comment_masked = models.JSONField(default=list, blank=True)  # kinds of data masked
    tag = models.CharField(max_length=20, choices=Tag.choices, blank=True, default="")
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.PENDING)
    instrument = models.CharField(max_length=120)

    audited = False

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "action"], name="one_answer_per_action")
        ]

    def __str__(self) -> str:
        return f"Comment on {self.action}"


class AssessmentSnapshot(TenantModel):
    """A workshop's THRIVE Assessment results, kept when it closes. The first is the baseline."""

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="snapshot")
    taken_on = models.DateField()
    data = models.JSONField()  # thrivekit.scoring.AssessmentSnapshot.to_dict()

    class Meta:
        ordering = ["taken_on", "created_at"]
