"""The THRIVE instruments as validated data.

The principles and their descriptors, the Implementation Checklist, the needs-based
groupings and the stakeholder sectors live in versioned YAML files next to this module. A
site may load its own file of the same kind (for example official wording it holds); it is
validated the same way, and `same_structure` says whether it drops or adds items.

Pure Python: nothing here imports Django.
"""

from thrivekit.instruments.compare import same_structure
from thrivekit.instruments.loading import (
    InstrumentFileError,
    Problem,
    builtin,
    builtin_paths,
    load_file,
    load_text,
    validate_file,
)
from thrivekit.instruments.models import (
    Action,
    AssessmentInstrument,
    AssessmentItem,
    ChecklistInstrument,
    Descriptor,
    Grouping,
    GroupingsInstrument,
    Instrument,
    KeyGap,
    Level,
    Principle,
    ReferenceFigure,
    Sector,
    SectorGroup,
    SectorsInstrument,
    Status,
)

__all__ = [
    "Action",
    "AssessmentInstrument",
    "AssessmentItem",
    "ChecklistInstrument",
    "Descriptor",
    "Grouping",
    "GroupingsInstrument",
    "Instrument",
    "InstrumentFileError",
    "KeyGap",
    "Level",
    "Principle",
    "Problem",
    "ReferenceFigure",
    "Sector",
    "SectorGroup",
    "SectorsInstrument",
    "Status",
    "builtin",
    "builtin_paths",
    "load_file",
    "load_text",
    "same_structure",
    "validate_file",
]
