"""Redesign and implementation planning: the plan's actions and owners, the outcome framework,
the future offer per needs-based grouping and the best-practice library."""

import secrets

from django.conf import settings
from django.db import models

from thrivekit.core.models import TenantModel
from thrivekit.workshops.models import new_join_code


def new_link_key() -> str:
    return secrets.token_urlsafe(16)


class Owner(TenantModel):
    """Who owns actions: a person in an organisation. Gets a read-only link to their actions."""

    name = models.CharField("Person", max_length=200)
    organisation = models.CharField(max_length=200)
    # The link's secret: a new key makes every earlier link stop working.
    link_key = models.CharField(max_length=40, default=new_link_key)
    link_active = models.BooleanField(default=False)

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "name", "organisation"], name="one_owner_per_name_and_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class PracticeEntry(TenantModel):
    """A best-practice example or model of care a plan action can cite. The built-in entries
    (thrivekit.planning.library) are copied into each site's library; a site can add its own."""

    builtin_id = models.CharField(max_length=40, blank=True)

    title = models.CharField(max_length=200)
    summary = models.TextField()
    principles = models.JSONField(default=list, blank=True)  # principle names
    groupings = models.JSONField(default=list, blank=True)  # grouping ids
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "practice entries"

    def __str__(self) -> str:
        return self.title


class Action(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        BLOCKED = "blocked", "Blocked"
        DONE = "done", "Done"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    class Source(models.TextChoices):
        NONE = "", "Not linked"
        RECOMMENDATION = "recommendations", "Recommendation"
        QUICK_WIN = "quick_wins", "Quick win"
        GAP = "gaps", "Identified gap"
        TRAINING = "training", "Training need"

    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    grouping = models.CharField(max_length=40)  # a needs-based grouping id
    owner = models.ForeignKey(
        Owner, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="needed_by"
    )
    rag_override = models.CharField(max_length=6, choices=Rag.choices, blank=True)
    rag_override_reason = models.TextField(blank=True)
    # Traceability: what the action answers.
    priority = models.ForeignKey(
        "priorities.Priority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_field = models.CharField(max_length=20, choices=Source.choices, blank=True)
    source_text = models.TextField(blank=True)  # the worksheet line it was drafted from
    finding_key = models.CharField(max_length=16, blank=True)  # a pathway map finding
    finding_text = models.TextField(blank=True)
    checklist_action = models.CharField(max_length=40, blank=True)  # e.g. "ic-13"
    practice = models.ForeignKey(
        PracticeEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["start_date", "due_date", "title"]

    def __str__(self) -> str:
        return self.title


class Outcome(TenantModel):
    """An outcome the agencies agree to work towards together."""

    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    agreed_by = models.CharField("Agreed by (agencies)", max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.title


class Indicator(TenantModel):
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(max_length=200)
    measure = models.CharField(max_length=40, blank=True)  # a standard measure id, or custom
    definition = models.TextField(blank=True)
    data_source = models.CharField(max_length=300, blank=True)
    unit = models.CharField(max_length=10, default="percent")  # "percent" or "count"
    higher_is_better = models.BooleanField(default=True)
    # The baseline: computed from an extract (with its counts) or entered by hand.
    baseline = models.FloatField(null=True, blank=True)
    baseline_numerator = models.PositiveIntegerField(null=True, blank=True)
    baseline_denominator = models.PositiveIntegerField(null=True, blank=True)
    baseline_extract = models.ForeignKey(
        "extracts.Extract", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    baseline_note = models.CharField(max_length=400, blank=True)
    target = models.FloatField(null=True, blank=True)
    owner = models.CharField(max_length=200, blank=True)
    review_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["outcome__position", "created_at"]

    def __str__(self) -> str:
        return self.name


class GroupingOffer(TenantModel):
    """What the service will look like for one needs-based grouping at the end of the work."""

    grouping = models.CharField(max_length=40)
    services = models.TextField(blank=True)
    entry_points = models.TextField(blank=True)
    who_delivers = models.TextField(blank=True)
    skill_mix = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    # The demand and capacity scenario that shows the offer can be delivered.
    scenario = models.ForeignKey(
        "scenarios.Scenario", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["site", "grouping"], name="one_offer_per_grouping")
        ]


class ServiceShare(TenantModel):
    """The share (0-100) of a mapped service's WTE that works in one grouping, set by the site."""

    service_id = models.CharField(max_length=80)
    grouping = models.CharField(max_length=40)
    share = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "service_id", "grouping"], name="one_share_per_service_grouping"
            )
        ]


class SignOff(TenantModel):
    """The system's agreement to the plan, the outcome framework or a grouping's future offer:
    what was agreed (frozen as it was then), by which body, who signed for which organisation,
    when. Append-only: never edited; a later sign-off of the same thing supersedes it."""

    class Subject(models.TextChoices):
        PLAN = "plan", "The implementation plan"
        OUTCOMES = "outcomes", "The outcome framework"
        OFFER = "offer", "A grouping's future offer"

    subject = models.CharField(max_length=10, choices=Subject.choices)
    grouping = models.CharField(max_length=40, blank=True)  # for a future offer
    # What was agreed, frozen when the sign-off was recorded.
    title = models.CharField(max_length=200)
    version_label = models.CharField(max_length=200)
    summary = models.TextField()
    fingerprint = models.CharField(max_length=64)  # of the thing's content when agreed
    body = models.CharField("Body or meeting", max_length=300)
    signatories = models.JSONField(default=list)  # [{"name": …, "organisation": …}]
    signed_on = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title}: {self.body}, {self.signed_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A sign-off is never edited: record a new one, which supersedes it.")
        super().save(*args, **kwargs)


class FutureChange(TenantModel):
    """A proposed change to today's pathway map, for the future-state map (see
    thrivekit.planning.future): which fields count depends on the kind."""

    class Kind(models.TextChoices):
        ADD_SERVICE = "add_service", "Add a service"
        CHANGE_SERVICE = "change_service", "Change a service"
        REMOVE_SERVICE = "remove_service", "Remove a service"
        ADD_ENTRY_POINT = "add_entry_point", "Add an entry point"
        REMOVE_ENTRY_POINT = "remove_entry_point", "Remove an entry point"
        ADD_ROUTE = "add_route", "Add a route"
        REMOVE_ROUTE = "remove_route", "Remove a route"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    grouping = models.CharField(max_length=40, blank=True)  # the grouping it is for, if one
    node_id = models.CharField(max_length=100, blank=True)  # service or entry point
    name = models.CharField(max_length=200, blank=True)
    provider = models.CharField(max_length=200, blank=True)
    groupings = models.JSONField(default=list, blank=True)  # grouping ids served
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    capacity_wte = models.FloatField(null=True, blank=True)
    entry_kind = models.CharField(max_length=30, blank=True)
    from_id = models.CharField(max_length=100, blank=True)
    to_id = models.CharField(max_length=100, blank=True)
    route_kind = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name or self.node_id or self.from_id}"


class RedesignWorkshop(TenantModel):
    """The redesign workshop: tables draft the future offer per grouping on their own devices,
    the facilitator merges the drafts into the site's offer; then next steps and the plan for
    engaging more widely."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    groupings = models.JSONField(default=list)  # grouping ids the tables work on, in order
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    next_steps = models.TextField(blank=True)
    engagement_plan = models.TextField("Wider engagement plan", blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class RedesignTable(TenantModel):
    """A table in the redesign workshop. Its device opens a link with the table's code."""

    workshop = models.ForeignKey(RedesignWorkshop, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(max_length=80)
    code = models.CharField(max_length=12, unique=True, default=new_join_code)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "name"], name="unique_redesign_table_name")
        ]

    def __str__(self) -> str:
        return self.name


class OfferDraft(TenantModel):
    """A table's draft of one grouping's future offer. Versioned like a worksheet draft: two
    devices at one table saving from the same version is a conflict, not a silent overwrite."""

    table = models.ForeignKey(RedesignTable, on_delete=models.CASCADE, related_name="drafts")
    grouping = models.CharField(max_length=40)
    fields = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["table__position"]
        constraints = [
            models.UniqueConstraint(fields=["table", "grouping"], name="one_offer_draft_per_table")
        ]


class OfferDraftVersion(TenantModel):
    """Every saved version of a table's offer draft: the base a conflicting save merges from."""

    draft = models.ForeignKey(OfferDraft, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    fields = models.JSONField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "version"], name="unique_offer_draft_version")
        ]
