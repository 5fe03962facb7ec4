"""The pathway map: services, entry points and routes, their analysis, formats and drawing.

Pure Python (networkx, openpyxl): nothing here imports Django. The web pages, models and the
workshop mode call into this package.
"""

from thrivekit.pathways.analysis import (
    DEFAULT_AGE_BANDS,
    FINDING_KINDS,
    SEVERITIES,
    Finding,
    Reach,
    analyse,
    door_reach,
)
from thrivekit.pathways.formats import (
    SCHEMA,
    ImportProblem,
    ImportResult,
    export_csv,
    export_csv_zip,
    export_json,
    export_xlsx,
    import_csv,
    import_csv_zip,
    import_file,
    import_json,
    import_xlsx,
    to_json_dict,
)
from thrivekit.pathways.model import (
    ENTRY_POINT_KINDS,
    ROUTE_KINDS,
    EntryPoint,
    PathwayMap,
    PathwayMapError,
    Problem,
    Route,
    Service,
    grouping_ids,
    grouping_name,
)
from thrivekit.pathways.render import cytoscape_elements, render_png, render_svg

__all__ = [
    "DEFAULT_AGE_BANDS",
    "ENTRY_POINT_KINDS",
    "FINDING_KINDS",
    "ROUTE_KINDS",
    "SCHEMA",
    "SEVERITIES",
    "EntryPoint",
    "Finding",
    "ImportProblem",
    "ImportResult",
    "PathwayMap",
    "PathwayMapError",
    "Problem",
    "Reach",
    "Route",
    "Service",
    "analyse",
    "cytoscape_elements",
    "door_reach",
    "export_csv",
    "export_csv_zip",
    "export_json",
    "export_xlsx",
    "grouping_ids",
    "grouping_name",
    "import_csv",
    "import_csv_zip",
    "import_file",
    "import_json",
    "import_xlsx",
    "render_png",
    "render_svg",
    "to_json_dict",
]
