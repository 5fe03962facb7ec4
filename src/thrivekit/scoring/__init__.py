"""Live-workshop scoring for the THRIVE Assessment and the Implementation Checklist.

Pure Python (standard library only, no Django): usable from the web app, the CLI and
notebooks. Results are frozen dataclasses with ``to_dict()`` for JSON. The figures are raw;
anything published must go through :mod:`thrivekit.disclosure`.
"""

from thrivekit.scoring.assessment import (
    GROUPING_KEYS,
    LEVELS,
    AssessmentBreakdown,
    AssessmentResponse,
    AssessmentSummary,
    GroupSummary,
    Heatmap,
    ItemSummary,
    assessment_breakdown,
    summarise_assessment,
    summarise_item,
)
from thrivekit.scoring.checklist import (
    ALL_STATUSES,
    DONT_KNOW,
    STATUS_LABELS,
    STATUSES,
    TAG_LABELS,
    TAGS,
    ActionSummary,
    AreaStatus,
    ChecklistResponse,
    ChecklistSummary,
    Comment,
    summarise_checklist,
)
from thrivekit.scoring.measures import DEFAULT_MIN_GROUP, normalised_entropy, quartiles
from thrivekit.scoring.snapshots import (
    AssessmentSnapshot,
    ItemChange,
    SnapshotComparison,
    SnapshotItem,
    compare,
    snapshot_from,
)

__all__ = [
    "ALL_STATUSES",
    "DEFAULT_MIN_GROUP",
    "DONT_KNOW",
    "GROUPING_KEYS",
    "LEVELS",
    "STATUSES",
    "STATUS_LABELS",
    "TAGS",
    "TAG_LABELS",
    "ActionSummary",
    "AreaStatus",
    "AssessmentBreakdown",
    "AssessmentResponse",
    "AssessmentSnapshot",
    "AssessmentSummary",
    "ChecklistResponse",
    "ChecklistSummary",
    "Comment",
    "GroupSummary",
    "Heatmap",
    "ItemChange",
    "ItemSummary",
    "SnapshotComparison",
    "SnapshotItem",
    "assessment_breakdown",
    "compare",
    "normalised_entropy",
    "quartiles",
    "snapshot_from",
    "summarise_assessment",
    "summarise_checklist",
    "summarise_item",
]
