from datetime import date, datetime

from django import forms

from thrivekit.nhsuk_forms import fields
from thrivekit.planning import measures, presenters
from thrivekit.planning.models import Action

NO_LINK = ""


def parse_date(text: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    raise forms.ValidationError("Enter a date like 31/03/2026")


def _date_field(label: str, *, required: bool = False):
    return fields.CharField(
        label=label,
        hint="For example 31/03/2026",
        classes="nhsuk-input--width-10",
        required=required,
    )


class ActionForm(forms.Form):
    title = fields.CharField(label="Action", max_length=300)
    grouping = fields.ChoiceField(
        label="Needs-based grouping", nhs_template="nhsuk_forms/select.jinja", choices=[]
    )
    description = fields.TextareaField(label="Details (optional)", required=False)
    owner_name = fields.CharField(label="Owner: person", max_length=200, required=False)
    owner_organisation = fields.CharField(
        label="Owner: organisation", max_length=200, required=False
    )
    start_date = _date_field("Start date (optional)")
    due_date = _date_field("Due date (optional)")
    status = fields.ChoiceField(
        label="Status", nhs_template="nhsuk_forms/select.jinja", choices=Action.Status.choices
    )
    depends_on = fields.MultipleChoiceField(
        label="Depends on (optional)",
        hint="Actions that must finish before this one can.",
        choices=[],
        required=False,
    )
    priority = fields.ChoiceField(
        label="Answers a priority's gap analysis (optional)",
        nhs_template="nhsuk_forms/select.jinja",
        choices=[],
        required=False,
    )
    finding_key = fields.ChoiceField(
        label="Answers a pathway map finding (optional)",
        nhs_template="nhsuk_forms/select.jinja",
        choices=[],
        required=False,
    )
    checklist_action = fields.ChoiceField(
        label="Answers an Implementation Checklist action (optional)",
        nhs_template="nhsuk_forms/select.jinja",
        choices=[],
        required=False,
    )
    practice = fields.ChoiceField(
        label="Cites a best-practice example (optional)",
        nhs_template="nhsuk_forms/select.jinja",
        choices=[],
        required=False,
    )

    def __init__(
        self, *args, priorities=(), others=(), findings=(), checklist=(), practices=(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["grouping"].choices = [("", "Choose a grouping"), *presenters.groupings()]
        self.fields["depends_on"].choices = [(str(a.pk), a.title) for a in others]
        self.fields["priority"].choices = [(NO_LINK, "None")] + [
            (str(p.pk), str(p)) for p in priorities
        ]
        self.findings = dict(findings)
        self.fields["finding_key"].choices = [(NO_LINK, "None")] + [
            (key, text[:120]) for key, text in findings
        ]
        self.fields["checklist_action"].choices = [(NO_LINK, "None"), *checklist]
        self.fields["practice"].choices = [(NO_LINK, "None")] + [
            (str(p.pk), p.title) for p in practices
        ]
        self._priorities = {str(p.pk): p for p in priorities}
        self._others = {str(a.pk): a for a in others}
        self._practices = {str(p.pk): p for p in practices}

    def clean_start_date(self):
        return parse_date(self.cleaned_data["start_date"])

    def clean_due_date(self):
        return parse_date(self.cleaned_data["due_date"])

    def values(self) -> dict:
        """The cleaned form as keyword arguments for action_create / action_update."""
        data = dict(self.cleaned_data)
        key = data.pop("finding_key") or ""
        return {
            **data,
            "depends_on": [self._others[i] for i in data["depends_on"]],
            "priority": self._priorities.get(data["priority"]),
            "practice": self._practices.get(data["practice"]),
            "finding_key": key,
            "finding_text": self.findings.get(key, ""),
        }

    @staticmethod
    def initial_for(action) -> dict:
        return {
            "title": action.title,
            "grouping": action.grouping,
            "description": action.description,
            "owner_name": action.owner.name if action.owner else "",
            "owner_organisation": action.owner.organisation if action.owner else "",
            "start_date": f"{action.start_date:%d/%m/%Y}" if action.start_date else "",
            "due_date": f"{action.due_date:%d/%m/%Y}" if action.due_date else "",
            "status": action.status,
            "depends_on": [str(a.pk) for a in action.depends_on.all()],
            "priority": str(action.priority_id) if action.priority_id else NO_LINK,
            "finding_key": action.finding_key,
            "checklist_action": action.checklist_action,
            "practice": str(action.practice_id) if action.practice_id else NO_LINK,
        }


class RagForm(forms.Form):
    rag = fields.ChoiceField(
        label="RAG status",
        choices=[("", "Use the computed RAG"), *Action.Rag.choices],
        required=False,
    )
    reason = fields.TextareaField(
        label="Why it differs from the computed RAG", required=False, max_length=1000
    )

    def clean(self):
        data = super().clean()
        if data.get("rag") and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the RAG differs from the computed one.")
        return data


class FromGapAnalysisForm(forms.Form):
    priority = fields.ChoiceField(label="Priority and its gap analysis", choices=[])
    grouping = fields.ChoiceField(
        label="Needs-based grouping for these actions",
        nhs_template="nhsuk_forms/select.jinja",
        choices=[],
    )

    def __init__(self, *args, priorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].choices = [(str(p.pk), str(p)) for p in priorities]
        self.fields["grouping"].choices = [("", "Choose a grouping"), *presenters.groupings()]
        self._priorities = {str(p.pk): p for p in priorities}

    def chosen_priority(self):
        return self._priorities[self.cleaned_data["priority"]]


class OutcomeForm(forms.Form):
    title = fields.CharField(label="Outcome", max_length=300)
    description = fields.TextareaField(label="What it means (optional)", required=False)
    agreed_by = fields.CharField(
        label="Agreed by",
        hint="The agencies that agreed it, for example: ICB; City Council; CAMHS provider",
        max_length=500,
        required=False,
    )


class IndicatorForm(forms.Form):
    measure = fields.ChoiceField(
        label="Indicator",
        hint="A standard indicator has its baseline computed from the latest activity extract "
        "where the extract holds the measure.",
        nhs_template="nhsuk_forms/select.jinja",
        choices=[("", "My own indicator")] + [(s.id, s.name) for s in measures.STANDARD],
        required=False,
    )
    name = fields.CharField(label="Name (for your own indicator)", max_length=200, required=False)
    definition = fields.TextareaField(label="Definition (optional)", required=False)
    data_source = fields.CharField(label="Data source (optional)", max_length=300, required=False)
    baseline = fields.CharField(
        label="Baseline (for your own indicator, optional)",
        classes="nhsuk-input--width-5",
        required=False,
    )
    target = fields.CharField(
        label="Target (optional)", classes="nhsuk-input--width-5", required=False
    )
    owner = fields.CharField(label="Owner (optional)", max_length=200, required=False)
    review_date = _date_field("Review date (optional)")

    def _float(self, name):
        text = (self.cleaned_data[name] or "").strip().rstrip("%")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise forms.ValidationError("Enter a number, like 75 or 12.5") from None

    def clean_baseline(self):
        return self._float("baseline")

    def clean_target(self):
        return self._float("target")

    def clean_review_date(self):
        return parse_date(self.cleaned_data["review_date"])

    def clean(self):
        data = super().clean()
        if not data.get("measure") and not (data.get("name") or "").strip():
            self.add_error("name", "Choose a standard indicator or name your own.")
        return data


class OfferForm(forms.Form):
    services = fields.TextareaField(label="Services", required=False)
    entry_points = fields.TextareaField(label="Entry points", required=False)
    who_delivers = fields.TextareaField(label="Who delivers", required=False)
    skill_mix = fields.TextareaField(label="Skill mix", required=False)
    notes = fields.TextareaField(label="Notes", required=False)
    scenario = fields.ChoiceField(
        label="The demand and capacity scenario that supports it (optional)",
        required=False,
        choices=[],
        nhs_template="nhsuk_forms/select.jinja",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, scenarios=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scenario"].choices = [("", "None chosen")] + [
            (str(s.id), s.name) for s in scenarios
        ]


class PracticeForm(forms.Form):
    title = fields.CharField(label="Title", max_length=200)
    summary = fields.TextareaField(label="What it is, in your own words")
    principles = fields.MultipleChoiceField(label="THRIVE principles", choices=[], required=False)
    groupings = fields.MultipleChoiceField(
        label="Needs-based groupings", choices=[], required=False
    )
    source = fields.CharField(label="Where to read more (optional)", max_length=300, required=False)

    def __init__(self, *args, principles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principles"].choices = list(principles)
        self.fields["groupings"].choices = presenters.groupings()


class IndicatorEditForm(IndicatorForm):
    """The same fields without the choice of measure, which is fixed once added."""

    def __init__(self, *args, computed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["measure"]
        self.fields["name"].label = "Name"
        self.fields["baseline"].label = "Baseline"
        if computed:
            del self.fields["baseline"]

    def clean(self):
        data = forms.Form.clean(self)
        if not (data.get("name") or "").strip():
            self.add_error("name", "Give the indicator a name.")
        return data


class ShareForm(forms.Form):
    """A service's WTE split between the groupings it serves, in percent."""

    def __init__(self, *args, groupings=(), **kwargs):
        super().__init__(*args, **kwargs)
        for gid, name in groupings:
            self.fields[gid] = fields.IntegerField(
                label=f"{name} (%)", min_value=0, max_value=100, classes="nhsuk-input--width-3"
            )

    def clean(self):
        data = super().clean()
        if not self.errors and sum(data.values()) != 100:
            raise forms.ValidationError("The shares must add up to 100%.")
        return data


class SignOffForm(forms.Form):
    """A sign-off: what was agreed, by which body, who signed for which organisation, when."""

    what = fields.ChoiceField(
        label="What was agreed", nhs_template="nhsuk_forms/select.jinja", choices=[]
    )
    body = fields.CharField(
        label="Body or meeting",
        hint="For example: Partnership board, 3 December 2026",
        max_length=300,
    )
    signed_on = _date_field("Date it was agreed", required=True)
    signatories = fields.TextareaField(
        label="Who signed off",
        hint="One person a line, as name, organisation. For example: Sam Patel, Northbridge CAMHS",
    )
    note = fields.TextareaField(label="Note (optional)", required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what"].choices = list(choices)

    def clean_signed_on(self):
        return parse_date(self.cleaned_data.get("signed_on"))


FUTURE_FIELDS = {
    "add_service": ("grouping", "name", "provider", "groupings", "age_min", "age_max",
                    "capacity_wte", "from_id", "reason"),
    "change_service": ("grouping", "node_id", "groupings", "capacity_wte", "reason"),
    "remove_service": ("grouping", "node_id", "reason"),
    "add_entry_point": ("grouping", "name", "entry_kind", "reason"),
    "remove_entry_point": ("grouping", "node_id", "reason"),
    "add_route": ("grouping", "from_id", "to_id", "route_kind", "reason"),
    "remove_route": ("grouping", "route", "reason"),
}  # fmt: skip


class FutureChangeForm(forms.Form):
    """One proposed change to today's map; only the fields its kind needs are kept."""

    grouping = fields.ChoiceField(
        label="For which grouping's redesign",
        nhs_template="nhsuk_forms/select.jinja",
        choices=[],
        required=False,
    )
    name = fields.CharField(label="Name", max_length=200)
    provider = fields.CharField(label="Provider (optional)", max_length=200, required=False)
    groupings = fields.MultipleChoiceField(label="Needs-based groupings it serves", choices=[])
    age_min = fields.IntegerField(
        label="Youngest age (optional)", min_value=0, max_value=120, required=False,
        classes="nhsuk-input--width-3",
    )  # fmt: skip
    age_max = fields.IntegerField(
        label="Oldest age (optional)", min_value=0, max_value=120, required=False,
        classes="nhsuk-input--width-3",
    )  # fmt: skip
    capacity_wte = fields.CharField(
        label="Capacity in whole-time equivalent staff (optional)",
        classes="nhsuk-input--width-5",
        required=False,
    )
    entry_kind = fields.ChoiceField(
        label="Kind of entry point", nhs_template="nhsuk_forms/select.jinja", choices=[]
    )
    node_id = fields.ChoiceField(label="Which", nhs_template="nhsuk_forms/select.jinja", choices=[])
    from_id = fields.ChoiceField(label="From", nhs_template="nhsuk_forms/select.jinja", choices=[])
    to_id = fields.ChoiceField(label="To", nhs_template="nhsuk_forms/select.jinja", choices=[])
    route_kind = fields.ChoiceField(
        label="Kind of route", nhs_template="nhsuk_forms/select.jinja", choices=[]
    )
    route = fields.ChoiceField(
        label="Route to remove", nhs_template="nhsuk_forms/select.jinja", choices=[]
    )
    reason = fields.TextareaField(label="Why (optional)", required=False)

    def __init__(self, *args, kind: str, services=(), entry_points=(), routes=(), **kwargs):
        from thrivekit.pathways.model import (
            ENTRY_POINT_KIND_NAMES,
            ENTRY_POINT_KINDS,
            ROUTE_KIND_NAMES,
            ROUTE_KINDS,
        )

        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in list(self.fields):
            if name not in FUTURE_FIELDS[kind]:
                del self.fields[name]
        choices = {
            "grouping": [("", "The whole system")] + presenters.groupings(),
            "groupings": presenters.groupings(),
            "entry_kind": [(k, ENTRY_POINT_KIND_NAMES[k]) for k in ENTRY_POINT_KINDS],
            "route_kind": [(k, ROUTE_KIND_NAMES[k]) for k in ROUTE_KINDS],
            "node_id": list(entry_points if kind == "remove_entry_point" else services),
            "from_id": list(entry_points) + list(services),
            "to_id": list(services) + list(entry_points),
            "route": list(routes),
        }
        for name, options in choices.items():
            if name in self.fields:
                self.fields[name].choices = options
        if kind == "change_service" and "groupings" in self.fields:
            self.fields["groupings"].required = False
            self.fields["groupings"].label = "Groupings it will serve (leave empty to keep)"
        if kind == "add_service":
            self.fields["from_id"].label = "Reached from (optional)"
            self.fields["from_id"].hint = "An entry point or service that refers to it."
            self.fields["from_id"].required = False
            self.fields["from_id"].choices = [("", "Nothing yet")] + choices["from_id"]
        if "node_id" in self.fields:
            self.fields["node_id"].label = (
                "Entry point" if kind == "remove_entry_point" else "Service"
            )

    def clean_capacity_wte(self):
        text = (self.cleaned_data.get("capacity_wte") or "").strip()
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise forms.ValidationError("Enter a number of WTE, like 4 or 2.5") from None

    def values(self) -> dict:
        """The change's fields for services.future_change_add."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "route"}
        if "route" in self.cleaned_data:
            from_id, to_id, route_kind = self.cleaned_data["route"].split("|", 2)
            data |= {"from_id": from_id, "to_id": to_id, "route_kind": route_kind}
        return data


# --- The redesign workshop --------------------------------------------------------------------

OFFER_LABELS = dict(presenters.OFFER_LABELS)


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class RedesignWorkshopForm(forms.Form):
    title = fields.CharField(label="Workshop name", max_length=200)
    groupings = fields.MultipleChoiceField(
        label="Needs-based groupings the tables work on", choices=[]
    )
    tables = fields.TextareaField(label="Tables", hint="One name per line.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groupings"].choices = presenters.groupings()


class OfferDraftForm(OfferForm):
    """A table's draft: the offer's fields, and the version its device opened."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


CURRENT, OWN = "current", "own"


class RedesignMergeForm(forms.Form):
    """For each field of the offer: keep the current text, take one table's draft, or write
    the merged text."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, current: dict, drafts: list[tuple[str, str, dict]], **kwargs):
        # drafts: (key, table name, fields) for each table that drafted this grouping.
        initial = kwargs.pop("initial", {})
        initial.update({f"source_{n}": CURRENT for n in OFFER_LABELS})
        initial.update({f"text_{n}": current.get(n, "") for n in OFFER_LABELS})
        super().__init__(*args, initial=initial, **kwargs)
        self.current, self.drafts = current, {key: fields for key, _, fields in drafts}
        choices = [(CURRENT, "Keep the current offer")]
        choices += [(key, f"{name}'s draft") for key, name, _ in drafts]
        choices += [(OWN, "The text below")]
        for name, label in OFFER_LABELS.items():
            self.fields[f"source_{name}"] = fields.ChoiceField(
                label=f"{label}: which text goes into the offer?", choices=choices
            )
            self.fields[f"text_{name}"] = fields.TextareaField(
                label=f"{label}: merged text",
                hint="Used when you choose 'The text below': edit it freely.",
                required=False,
            )

    def field_pairs(self):
        return [
            (name, label, self[f"source_{name}"], self[f"text_{name}"])
            for name, label in OFFER_LABELS.items()
        ]

    def merged(self) -> dict[str, str]:
        merged = {}
        for name in OFFER_LABELS:
            source = self.cleaned_data[f"source_{name}"]
            if source == CURRENT:
                merged[name] = self.current.get(name, "")
            elif source == OWN:
                merged[name] = self.cleaned_data[f"text_{name}"]
            else:
                merged[name] = self.drafts[source].get(name, "")
        return merged


class RedesignOutcomesForm(forms.Form):
    next_steps = fields.TextareaField(
        label="Next steps",
        hint="What happens after the workshop, who does it and by when.",
        required=False,
    )
    engagement_plan = fields.TextareaField(
        label="Wider engagement plan",
        hint="Who else hears about the redesign and has their say: young people, families, "
        "schools, the voluntary sector, staff; how and when.",
        required=False,
    )
