"""The stakeholder register as CSV or Excel: for the site (with emails) or to share (without).

An export to share has no email column, and emails, phone numbers and the like typed into any
text are masked, so it can leave the site. Both go through the safe exports (no formulas).
"""

from thrivekit.engagement import selectors
from thrivekit.engagement.columns import COLUMNS
from thrivekit.engagement.sectors import sector_name
from thrivekit.exports import Sheet, csv_bytes, xlsx_bytes
from thrivekit.redaction import redact

FOR_SITE, TO_SHARE = "site", "share"


def _columns(audience: str):
    return [c for c in COLUMNS if audience == FOR_SITE or c.field != "email"]


def _value(stakeholder, field: str, audience: str):
    if field == "sector":
        value = sector_name(stakeholder.sector)
    elif field == "status":
        value = stakeholder.get_status_display()
    elif field == "group_role":
        value = stakeholder.get_group_role_display() if stakeholder.group_role else ""
    else:
        value = getattr(stakeholder, field)
    if audience == TO_SHARE and value:
        value = redact(value).text
    return value


def register_header(*, audience: str) -> list[str]:
    return [c.header for c in _columns(audience)]


def register_rows(*, site, audience: str):
    columns = _columns(audience)
    for stakeholder in selectors.stakeholders_for_site(site=site):
        yield [_value(stakeholder, c.field, audience) for c in columns]


def register_csv(*, site, audience: str) -> bytes:
    return csv_bytes(
        register_header(audience=audience), register_rows(site=site, audience=audience)
    )


def register_xlsx(*, site, audience: str) -> bytes:
    # No notes above the table: the header stays in row 1, so the file can be imported again.
    sheets = [
        Sheet(
            "Stakeholder register",
            register_header(audience=audience),
            register_rows(site=site, audience=audience),
        ),
        Sheet(
            "About this export",
            ["Note"],
            [
                [f"{site.name}: stakeholder register."],
                [
                    "For the site: includes contact emails. Do not share it outside the site."
                    if audience == FOR_SITE
                    else "To share: contact emails and other contact details are left out."
                ],
            ],
        ),
    ]
    return xlsx_bytes(sheets, title=f"{site.name} stakeholder register")
