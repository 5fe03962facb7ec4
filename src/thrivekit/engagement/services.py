from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from thrivekit.engagement import selectors
from thrivekit.engagement.columns import COLUMNS, COLUMNS_BY_FIELD, column_for_header
from thrivekit.engagement.models import LogEntry, Stakeholder
from thrivekit.engagement.sectors import find_sector
from thrivekit.engagement.tables import UnreadableFile, read_rows
from thrivekit.instruments.models import normalise_name

STAKEHOLDER_FIELDS = (
    "name",
    "job_title",
    "organisation",
    "sector",
    "email",
    "status",
    "group_role",
    "notes",
)
SHOWN_SECTORS = 3  # how many sector names an error message offers as examples


def name_key(name: str) -> str:
    """How names are compared: case, repeated and surrounding spaces do not matter."""
    return " ".join(name.split()).casefold()


def _ensure_name_free(*, site, name: str, stakeholder: Stakeholder | None = None) -> None:
    others = selectors.stakeholders_for_site(site=site)
    if stakeholder is not None:
        others = others.exclude(pk=stakeholder.pk)
    if name_key(name) in {name_key(n) for n in others.values_list("name", flat=True)}:
        raise ValidationError({"name": f"{' '.join(name.split())} is already in the register."})


def _cleaned(values: dict) -> dict:
    cleaned = {name: values.get(name) or "" for name in STAKEHOLDER_FIELDS}
    for name in STAKEHOLDER_FIELDS:
        if name != "notes":
            cleaned[name] = " ".join(str(cleaned[name]).split())
    cleaned["notes"] = str(cleaned["notes"]).strip()
    cleaned["email"] = cleaned["email"].lower()
    cleaned["status"] = cleaned["status"] or Stakeholder.Status.IDENTIFIED
    return cleaned


@transaction.atomic
def stakeholder_add(
    *,
    site,
    name: str,
    sector: str,
    job_title: str = "",
    organisation: str = "",
    email: str = "",
    status: str = Stakeholder.Status.IDENTIFIED,
    group_role: str = "",
    notes: str = "",
) -> Stakeholder:
    values = _cleaned(locals())
    _ensure_name_free(site=site, name=values["name"])
    return _create(site=site, values=values)


def _create(*, site, values: dict, attendees: set[str] | None = None) -> Stakeholder:
    # Someone added after they took part in a workshop has already attended one.
    if attendees is None:
        attendees = _workshop_attendee_keys(site=site)
    if name_key(values["name"]) in attendees:
        values = {**values, "status": Stakeholder.Status.ATTENDED}
    stakeholder = Stakeholder(site=site, **values)
    stakeholder.full_clean()
    stakeholder.save()
    return stakeholder


@transaction.atomic
def stakeholder_update(*, stakeholder: Stakeholder, **changes) -> Stakeholder:
    unknown = set(changes) - set(STAKEHOLDER_FIELDS)
    if unknown:
        raise TypeError(f"Not a register field: {', '.join(sorted(unknown))}")
    values = _cleaned({**{f: getattr(stakeholder, f) for f in STAKEHOLDER_FIELDS}, **changes})
    _ensure_name_free(site=stakeholder.site, name=values["name"], stakeholder=stakeholder)
    for field, value in values.items():
        setattr(stakeholder, field, value)
    stakeholder.full_clean()
    stakeholder.save()
    return stakeholder


@transaction.atomic
def stakeholder_remove(*, stakeholder: Stakeholder) -> None:
    stakeholder.delete()


def _workshop_attendee_keys(*, site) -> set[str]:
    return {name_key(n) for n in selectors.participant_names_for_site(site=site) if n.strip()}


@transaction.atomic
def stakeholder_joined_workshop(*, participant) -> Stakeholder | None:
    """Mark the register entry whose name a participant gave on joining as attended."""
    key = name_key(participant.name)
    if not key:
        return None
    for stakeholder in selectors.stakeholders_for_site(site=participant.site).exclude(
        status=Stakeholder.Status.ATTENDED
    ):
        if name_key(stakeholder.name) == key:
            stakeholder.status = Stakeholder.Status.ATTENDED
            stakeholder.save(update_fields=["status", "updated_at"])
            return stakeholder
    return None


@transaction.atomic
def stakeholders_mark_attended(*, workshop) -> list[Stakeholder]:
    """Mark the register entries whose name a participant of `workshop` gave as attended.

    Joining marks people as they come (stakeholder_joined_workshop); closing calls this too so
    that names keyed in from paper forms count. It is safe to call again: names are matched ignoring
    case and surrounding spaces; participants who gave no name match nobody.
    """
    names = {name_key(n) for n in selectors.participant_names(workshop=workshop) if n.strip()}
    marked = []
    for stakeholder in selectors.stakeholders_for_site(site=workshop.site).exclude(
        status=Stakeholder.Status.ATTENDED
    ):
        if name_key(stakeholder.name) in names:
            stakeholder.status = Stakeholder.Status.ATTENDED
            stakeholder.save(update_fields=["status", "updated_at"])
            marked.append(stakeholder)
    return marked


# --- Import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem in an uploaded register: the row (the header is row 1), column and what."""

    row: int
    column: str
    message: str


class ImportRejected(Exception):
    """The upload had problems, so nothing was added."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} problem(s): nothing was added")
        self.errors = sorted(errors, key=lambda e: (e.row, e.column))


def _choice(text: str, choices, *, blank: str | None) -> str | None:
    """The value of the choice whose value or label is `text` (ignoring case), or None."""
    wanted = normalise_name(text)
    if not wanted:
        return blank
    for value, label in choices:
        if wanted in {normalise_name(value), normalise_name(label)}:
            return value
    return None


GROUP_ROLE_NONE = {"none", "no", "not in the group", "not in the transformation group"}


def _import_row(values: dict[str, str]) -> tuple[dict, list[tuple[str, str]]]:
    """The register fields of one row, and its problems as (field, message)."""
    problems = []
    fields = {field: values.get(field, "") for field in STAKEHOLDER_FIELDS}
    if not fields["name"]:
        problems.append(("name", "Enter the person's name."))
    sector_text = fields["sector"]
    if not sector_text:
        problems.append(("sector", "Enter the person's sector."))
    else:
        sector = find_sector(sector_text)
        if sector is None:
            problems.append(
                (
                    "sector",
                    f"'{sector_text}' is not a sector we know: use a sector's name or id from "
                    "the list on this page (for example 'GP and primary care' or "
                    "'secondary-school').",
                )
            )
        fields["sector"] = sector or ""
    if fields["email"]:
        try:
            validate_email(fields["email"])
        except ValidationError:
            problems.append(("email", f"'{fields['email']}' is not an email address."))
    status = _choice(fields["status"], Stakeholder.Status.choices, blank="identified")
    if status is None:
        labels = ", ".join(label for _, label in Stakeholder.Status.choices)
        problems.append(("status", f"'{fields['status']}' is not a status: use one of {labels}."))
    fields["status"] = status or ""
    if normalise_name(fields["group_role"]) in GROUP_ROLE_NONE:
        group_role = ""
    else:
        group_role = _choice(fields["group_role"], Stakeholder.GroupRole.choices, blank="")
    if group_role is None:
        labels = ", ".join(label for value, label in Stakeholder.GroupRole.choices if value)
        problems.append(
            (
                "group_role",
                f"'{fields['group_role']}' is not a group role: use one of {labels}, or leave "
                "it empty.",
            )
        )
    fields["group_role"] = group_role or ""
    return fields, problems


def _model_problems(site, fields: dict, known: set[str]) -> list[tuple[str, str]]:
    """What the model itself refuses (lengths and the like), beyond the fields already wrong."""
    candidate = Stakeholder(site=site, **_cleaned(fields))
    try:
        candidate.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return [
            (field, " ".join(messages))
            for field, messages in error.message_dict.items()
            if field in COLUMNS_BY_FIELD and field not in known
        ]
    return []


@transaction.atomic
def stakeholders_import(*, site, file_name: str, data: bytes) -> list[Stakeholder]:
    """Add every row of an uploaded register, or none: any problem rejects the whole file.

    Raises ImportRejected with each problem's row (the header is row 1), column and message.
    """
    try:
        rows = read_rows(file_name=file_name, data=data)
    except UnreadableFile as error:
        raise ImportRejected([RowError(0, "", str(error))]) from None
    if not rows or not any(rows[0]):
        raise ImportRejected([RowError(1, "", "Row 1 must hold the column headings.")])
    header = rows[0]
    errors: list[RowError] = []
    positions: dict[str, int] = {}
    for index, heading in enumerate(header):
        if not heading:
            continue
        column = column_for_header(heading)
        if column is None:
            known = ", ".join(c.header for c in COLUMNS)
            errors.append(
                RowError(1, heading, f"'{heading}' is not a register column: use {known}.")
            )
        elif column.field in positions:
            errors.append(RowError(1, heading, f"There are two {column.header} columns."))
        else:
            positions[column.field] = index
    for column in COLUMNS:
        if column.required and column.field not in positions:
            errors.append(RowError(1, column.header, f"There is no {column.header} column."))
    if errors:
        raise ImportRejected(errors)

    def heading_of(field: str) -> str:
        return header[positions[field]] if field in positions else COLUMNS_BY_FIELD[field].header

    taken = {
        name_key(n): "the register"
        for n in selectors.stakeholders_for_site(site=site).values_list("name", flat=True)
    }
    to_add = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        values = {
            field: row[index] if index < len(row) else "" for field, index in positions.items()
        }
        fields, problems = _import_row(values)
        problems += _model_problems(site, fields, {field for field, _ in problems})
        if fields["name"]:
            key = name_key(fields["name"])
            if key in taken:
                problems.append(("name", f"{fields['name']} is already in {taken[key]}."))
            else:
                taken[key] = f"row {number}"
        errors += [RowError(number, heading_of(field), message) for field, message in problems]
        to_add.append(fields)
    if not to_add and not errors:
        errors.append(RowError(2, "", "There are no people in the file below the headings."))
    if errors:
        raise ImportRejected(errors)
    attendees = _workshop_attendee_keys(site=site)
    return [_create(site=site, values=_cleaned(fields), attendees=attendees) for fields in to_add]


# --- Engagement log -------------------------------------------------------------------------


@transaction.atomic
def log_entry_add(
    *,
    site,
    date: date,
    kind: str,
    title: str,
    sectors: list[str] = (),
    people_reached: int | None = None,
    notes: str = "",
    recorded_by=None,
) -> LogEntry:
    entry = LogEntry(
        site=site,
        date=date,
        kind=kind,
        title=" ".join(title.split()),
        sectors=list(dict.fromkeys(sectors)),
        people_reached=people_reached,
        notes=notes.strip(),
        recorded_by=recorded_by,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def log_entry_remove(*, entry: LogEntry) -> None:
    entry.delete()
