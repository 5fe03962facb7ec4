"""The register's columns, as exported and as accepted on import."""

from dataclasses import dataclass

from thrivekit.instruments.models import normalise_name


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    other_headers: tuple[str, ...] = ()
    required: bool = False


COLUMNS = (
    Column("name", "Name", ("Full name",), required=True),
    Column("job_title", "Role (job title)", ("Role", "Job title")),
    Column("organisation", "Organisation", ("Organization",)),
    Column("sector", "Sector", required=True),
    Column("email", "Contact email", ("Email", "Email address")),
    Column("status", "Engagement status", ("Status",)),
    Column("group_role", "Transformation group role", ("Group role", "Transformation group")),
    Column("notes", "Notes"),
)
COLUMNS_BY_FIELD = {column.field: column for column in COLUMNS}


def column_for_header(header: str) -> Column | None:
    wanted = normalise_name(header)
    for column in COLUMNS:
        if wanted in {normalise_name(h) for h in (column.header, *column.other_headers)}:
            return column
    return None
