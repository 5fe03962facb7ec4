"""What the site pages show."""

from dataclasses import dataclass

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


@dataclass
class AuditRow:
    when: object
    who: str
    action: str
    what: str
    changes: list[str]


def audit_rows(entries) -> list[AuditRow]:
    rows = []
    for entry in entries:
        changes = []
        for field, values in (entry.changes_dict or {}).items():
            if isinstance(values, list | tuple) and len(values) == 2:
                changes.append(f"{field}: {values[0]} → {values[1]}")
            else:
                changes.append(str(field))
        rows.append(
            AuditRow(
                when=entry.timestamp,
                who=str(entry.actor) if entry.actor else "System",
                action=ACTIONS.get(entry.action, str(entry.action)),
                what=f"{entry.content_type.name.capitalize()}: {entry.object_repr}",
                changes=changes,
            )
        )
    return rows
