"""Prioritising improvement and gap analysis: aims, table rankings, the top five, worksheets."""

from django.conf import settings
from django.db import models

from thrivekit.core.models import TenantModel
from thrivekit.workshops.models import new_join_code

WORKSHEET_FIELDS = (
    ("ideal", "The ideal", "What the THRIVE Framework principle looks like when it is in place."),
    ("in_place", "What is currently in place?", ""),
    ("in_development", "What is in development?", ""),
    (
        "gaps",
        "Identified gaps",
        "Put yourself in the shoes of a young person in our area: what is missing?",
    ),
    ("training", "What training might be useful?", ""),
    ("recommendations", "Recommendations for transformation", ""),
    ("quick_wins", "Quick wins", "Changes that could lead to immediate progress."),
)
WORKSHEET_FIELD_NAMES = tuple(name for name, _, _ in WORKSHEET_FIELDS)


class PrioritisingSession(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Not open yet"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    allow_checklist_actions = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    round = models.PositiveSmallIntegerField(default=1)  # nominal group technique: 1, then 2
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Why the confirmed top five differs from the computed consensus, when it does.
    confirmation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Aim(TenantModel):
    """What the room is trying to achieve through the transformation, in agreed order."""

    session = models.ForeignKey(PrioritisingSession, on_delete=models.CASCADE, related_name="aims")
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.text


class RankingTable(TenantModel):
    """A table in the room. Its device opens a link with the table's code: no account."""

    session = models.ForeignKey(
        PrioritisingSession, on_delete=models.CASCADE, related_name="tables"
    )
    name = models.CharField(max_length=80)
    code = models.CharField(max_length=12, unique=True, default=new_join_code)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "name"], name="unique_ranking_table_name")
        ]

    def __str__(self) -> str:
        return self.name


class TableRanking(TenantModel):
    """A table's ranked top five in one round: item ids, best first."""

    table = models.ForeignKey(RankingTable, on_delete=models.CASCADE, related_name="rankings")
    round = models.PositiveSmallIntegerField()
    items = models.JSONField()
    keyed_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["round", "table__position"]
        constraints = [
            models.UniqueConstraint(fields=["table", "round"], name="one_ranking_per_round")
        ]


class Priority(TenantModel):
    """One of the site's confirmed top five, with its gap analysis worksheet."""

    session = models.ForeignKey(
        PrioritisingSession, on_delete=models.CASCADE, related_name="priorities"
    )
    rank = models.PositiveSmallIntegerField()
    item = models.CharField(max_length=120)
    title = models.CharField(max_length=300)
    # The site's worksheet; `version` rises with every save so stale saves are caught.
    ideal = models.TextField(blank=True)
    in_place = models.TextField(blank=True)
    in_development = models.TextField(blank=True)
    gaps = models.TextField(blank=True)
    training = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    quick_wins = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    # Findings sent from elsewhere (the pathway map's analysis): [{"source", "text"}].
    evidence = models.JSONField(default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["session", "rank"], name="one_priority_per_rank"),
            models.UniqueConstraint(fields=["session", "item"], name="one_priority_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.title}"

    def worksheet(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in WORKSHEET_FIELD_NAMES}


class WorksheetVersion(TenantModel):
    """Every saved version of a worksheet, with who saved it and when."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    fields = models.JSONField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["priority", "version"], name="unique_worksheet_version")
        ]


class WorksheetDraft(TenantModel):
    """A table's draft of one priority's worksheet, merged by the facilitator. Versioned like
    the worksheet: two devices at one table saving from the same version is a conflict."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="drafts")
    table = models.ForeignKey(RankingTable, on_delete=models.CASCADE, related_name="drafts")
    fields = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["table__position"]
        constraints = [
            models.UniqueConstraint(fields=["priority", "table"], name="one_draft_per_table")
        ]


class WorksheetDraftVersion(TenantModel):
    """Every saved version of a table's draft: the base a later conflicting save merges from."""

    draft = models.ForeignKey(WorksheetDraft, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    fields = models.JSONField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "version"], name="unique_draft_version")
        ]
