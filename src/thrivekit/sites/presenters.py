"""What the site pages show."""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.text import capfirst

from thrivekit.core.template_filters import uk_date
from thrivekit.inputs.messages import cut
from thrivekit.sites.audit import excluded_fields
from thrivekit.sites.models import ROLE_DESCRIPTIONS, Membership, Role

ACTIONS = {0: "Created", 1: "Changed", 2: "Deleted", 3: "Accessed"}


@dataclass
class MemberRow:
    membership: Membership

    @property
    def name(self) -> str:
        return self.membership.user.full_name or self.membership.user.email

    @property
    def email(self) -> str:
        return self.membership.user.email

    @property
    def role(self) -> str:
        return self.membership.get_role_display()


def role_summaries() -> list[dict]:
    return [{"name": role.label, "description": ROLE_DESCRIPTIONS[role]} for role in Role]


# Bookkeeping every row has: not a change a site lead needs to read.
AUDIT_HIDDEN = {"id", "site", "created_at", "updated_at"}
_DEFAULT_REPR = re.compile(r"^\w+ object \((.+)\)$")
_MAX_VALUE = 80


@dataclass
class AuditChange:
    field: str
    before: str | None  # None: not shown (long text, structured data)
    after: str | None

    @property
    def text(self) -> str:
        if self.before is None or self.after is None:
            return f"{self.field} changed"
        return f"{self.field}: {self.before} → {self.after}"


@dataclass
class AuditRow:
    when: object
    who: str
    action: str
    what: str
    changes: list[str] = field(default_factory=list)


def _name_of(obj) -> str | None:
    """What a person calls an object: its own name, else what it belongs to."""
    text = str(obj)
    if not _DEFAULT_REPR.match(text):
        return text
    for model_field in obj._meta.fields:
        if not model_field.is_relation or model_field.name in AUDIT_HIDDEN:
            continue
        related = getattr(obj, model_field.name, None)
        if related is None or _DEFAULT_REPR.match(str(related)):
            continue
        version = getattr(obj, "version", None)
        prefix = f"version {version} " if version is not None else ""
        return f"{prefix}for {related}"
    return None


class _Names:
    """Names of the objects on one page of the log, looked up once, within the site."""

    def __init__(self, site, entries) -> None:
        self.site = site
        self.names: dict[tuple[int, str], str | None] = {}
        wanted: dict[int, set[str]] = {}
        for entry in entries:
            if _DEFAULT_REPR.match(entry.object_repr or ""):
                wanted.setdefault(entry.content_type_id, set()).add(entry.object_pk)
        for entry in entries:
            pks = wanted.pop(entry.content_type_id, None)
            if pks:
                for obj in self._objects(entry.content_type.model_class(), pks):
                    self.names[(entry.content_type_id, str(obj.pk))] = _name_of(obj)

    def _objects(self, model, pks):
        if model is None:
            return []
        manager = model._default_manager
        query = manager.filter(pk__in=pks)
        if any(f.name == "site" for f in model._meta.fields):
            query = query.filter(site=self.site)  # another site's object is never named
        return query

    def of(self, entry) -> str | None:
        if not _DEFAULT_REPR.match(entry.object_repr or ""):
            return entry.object_repr
        return self.names.get((entry.content_type_id, str(entry.object_pk)))

    def related(self, model_field, raw: str) -> str:
        model = model_field.related_model
        key = (-1, f"{model._meta.label}:{raw}")
        if key not in self.names:
            obj = model._default_manager.filter(pk=raw).first()
            if obj is None:
                name = "something since deleted"
            elif hasattr(obj, "site_id") and obj.site_id != self.site.id:
                name = "something at another site"
            else:
                name = _name_of(obj) or model._meta.verbose_name
            self.names[key] = name
        return self.names[key] or ""


def _value(model_field, raw, names: _Names) -> str | None:
    """A stored value as a person reads it; None where it is not worth showing."""
    if raw is None or raw in ("None", ""):
        return "(blank)"
    if model_field is None:
        return cut(raw, _MAX_VALUE)
    internal = model_field.get_internal_type()
    if internal == "JSONField":
        return None
    choices = dict(model_field.flatchoices) if model_field.choices else None
    if choices:
        return str(choices.get(raw, choices.get(_as_number(raw), raw)))
    if internal == "BooleanField":
        return {"True": "Yes", "False": "No"}.get(str(raw), str(raw))
    if model_field.is_relation:
        return names.related(model_field, str(raw))
    if internal == "DateTimeField":
        try:
            return uk_date(datetime.fromisoformat(str(raw)))
        except ValueError:
            return cut(raw, _MAX_VALUE)
    text = str(raw)
    if internal == "TextField" and len(text) > _MAX_VALUE:
        return None
    return cut(text, _MAX_VALUE)


def _as_number(raw):
    try:
        return int(raw)
    except (TypeError, ValueError):
        return raw


def _changes(entry, names: _Names) -> list[str]:
    from django.core.exceptions import FieldDoesNotExist

    model = entry.content_type.model_class()
    hidden = AUDIT_HIDDEN | set(excluded_fields(model) if model else ())
    out = []
    for name, values in (entry.changes_dict or {}).items():
        if name in hidden or not isinstance(values, list | tuple) or len(values) != 2:
            continue
        try:
            model_field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            model_field = None
        if model_field is not None and not getattr(model_field, "concrete", False):
            continue  # a reverse relation: the change is logged on the other side
        label = capfirst(str(getattr(model_field, "verbose_name", name)).replace("_", " "))
        before = _value(model_field, values[0], names)
        after = _value(model_field, values[1], names)
        if entry.action == 0:  # created: what it was created with
            if after not in ("(blank)", None):
                out.append(f"{label}: {after}")
        elif entry.action == 1:
            out.append(AuditChange(label, before, after).text)
    return out


def audit_rows(entries, *, site) -> list[AuditRow]:
    """One page of the log in words: field labels and names, never raw JSON or ids."""
    entries = list(entries)
    names = _Names(site, entries)
    rows = []
    for entry in entries:
        kind = capfirst(entry.content_type.name)
        name = names.of(entry)
        rows.append(
            AuditRow(
                when=entry.timestamp,
                who=str(entry.actor) if entry.actor else "System",
                action=ACTIONS.get(entry.action, str(entry.action)),
                what=f"{kind}: {cut(name, _MAX_VALUE)}" if name else kind,
                changes=_changes(entry, names),
            )
        )
    return rows
