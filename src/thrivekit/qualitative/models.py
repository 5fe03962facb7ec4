"""Qualitative feedback: survey answers and event notes, protected, coded and themed.

Text is stored redacted. The original is kept only until an analyst has reviewed the
response, and only analysts see it. Safeguarding flags must be acknowledged by the site lead
before any theming.
"""

import secrets

from django.conf import settings
from django.db import models

from thrivekit.core.models import TenantModel


class Group(models.TextChoices):
    YOUNG_PERSON = "young_person", "Young people"
    PARENT_CARER = "parent_carer", "Parents and carers"
    STAFF = "staff", "Staff"
    PUBLIC = "public", "Public"
    UNKNOWN = "", "Not known"


class FeedbackSettings(TenantModel):
    """Per-site settings for feedback: who to tell about a safeguarding concern."""

    safeguarding_contact = models.TextField(
        "Safeguarding contact",
        blank=True,
        help_text="Name, role and how to reach them, for example a phone number or a team email.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site"], name="one_feedback_settings_per_site")
        ]


class SavedMapping(TenantModel):
    """A column mapping kept for the next import of the same platform and columns."""

    platform = models.CharField(max_length=40)
    columns_key = models.CharField(max_length=64)  # a digest of the column keys, in order
    mapping = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "platform", "columns_key"], name="one_mapping_per_shape"
            )
        ]


class PendingUpload(TenantModel):
    """A survey file between upload and the mapping step. Deleted once imported."""

    audited = False
    file_name = models.CharField(max_length=200)
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )


class Source(TenantModel):
    class Kind(models.TextChoices):
        SURVEY = "survey", "Survey"
        NOTES = "notes", "Focus group or listening event notes"
        QDA = "qda", "Imported from a qualitative analysis project"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200)
    platform = models.CharField(max_length=40, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Response(TenantModel):
    """One free-text answer, or one passage of notes: the unit that is coded and themed."""

    # Not audited: the audit log would keep the original text after review deletes it.
    audited = False

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="responses")
    respondent = models.CharField(max_length=100, blank=True)  # the survey's id, or the row
    question = models.CharField(max_length=300, blank=True)
    submitted = models.CharField(max_length=40, blank=True)  # ISO 8601, as the file gave it
    group = models.CharField(max_length=20, choices=Group.choices, blank=True)
    area = models.CharField(max_length=120, blank=True)
    text = models.TextField()  # redacted
    removed = models.JSONField(default=list, blank=True)  # kinds of personal data removed
    # Kept for the analyst until review, then deleted; never in the audit log.
    original = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    memo = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "respondent", "question"]

    def __str__(self) -> str:
        return f"Response {self.respondent or self.pk}"

    @property
    def reviewed(self) -> bool:
        return self.reviewed_at is not None


class Flag(TenantModel):
    """A possible safeguarding concern found in a response, for the site lead."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="flags")
    category = models.CharField(max_length=40)
    phrase = models.CharField(max_length=200)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.TextField("What was done", blank=True)


class Code(TenantModel):
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    memo = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="unique_code_name")]

    def __str__(self) -> str:
        return self.name


class Coding(TenantModel):
    """A span of a response's (redacted) text tagged with a code."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="codings")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="codings")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["start", "end"]

    @property
    def excerpt(self) -> str:
        return self.response.text[self.start : self.end]


class Theme(TenantModel):
    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        APPROVED = "approved", "Approved"

    label = models.CharField(max_length=200)
    keywords = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    responses = models.ManyToManyField(Response, related_name="themes", blank=True)
    principles = models.JSONField(default=list, blank=True)  # THRIVE principle ids
    actions = models.JSONField(default=list, blank=True)  # Implementation Checklist action ids
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["status", "label"]

    def __str__(self) -> str:
        return self.label


# --- thrivekit's own short surveys ----------------------------------------------------------

# No 0/O, 1/I/L: a code is read off a poster or a projector.
SURVEY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SURVEY_CODE_LENGTH = 6
ASK_GROUP = "ask"  # the respondent says which group they are in


def new_survey_code() -> str:
    return "".join(secrets.choice(SURVEY_CODE_ALPHABET) for _ in range(SURVEY_CODE_LENGTH))


class OwnSurvey(TenantModel):
    """A short survey of open questions answered on a phone through a public link or QR code.

    Its answers are responses of its source, so they are protected, reviewed, coded and
    themed like any other survey's.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    questions = models.JSONField(default=list)  # 1 to 5 open questions, in order
    # One of Group, or ASK_GROUP: the respondent chooses.
    group = models.CharField(max_length=20)
    ask_area = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    code = models.CharField(max_length=12, unique=True, default=new_survey_code)
    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="own_survey")
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
