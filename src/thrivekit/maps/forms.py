from django import forms

from thrivekit import pathways
from thrivekit.maps.services import new_node_id
from thrivekit.nhsuk_forms import fields
from thrivekit.pathways import model as pathways_model
from thrivekit.workshops.selectors import sector_choices

# The names the pathway model gives each kind of entry point and route.
ENTRY_KIND_LABELS = pathways_model.ENTRY_POINT_KIND_NAMES
ROUTE_KIND_LABELS = pathways_model.ROUTE_KIND_NAMES


class ServiceForm(forms.Form):
    name = fields.CharField(label="Service name", max_length=200)
    provider = fields.CharField(label="Provider organisation", max_length=200, required=False)
    sector = fields.ChoiceField(
        label="Sector", nhs_template="nhsuk_forms/select.jinja", required=False
    )
    groupings = fields.MultipleChoiceField(label="Needs-based groupings served")
    age_min = fields.IntegerField(label="Youngest age", required=False, min_value=0, max_value=25)
    age_max = fields.IntegerField(label="Oldest age", required=False, min_value=0, max_value=25)
    local_areas = fields.MultipleChoiceField(
        label="Local areas covered",
        hint="Leave all unticked if it covers every area.",
        required=False,
    )
    access = fields.CharField(label="How to access it", max_length=300, required=False)
    capacity_wte = fields.CharField(
        label="Capacity: whole-time equivalent staff",
        required=False,
        classes="nhsuk-input--width-5",
    )
    appointments_per_week = fields.CharField(
        label="Capacity: appointments a week", required=False, classes="nhsuk-input--width-5"
    )
    typical_wait_weeks = fields.CharField(
        label="Typical wait (weeks)", required=False, classes="nhsuk-input--width-5"
    )
    notes = fields.TextareaField(label="Notes", required=False)

    def __init__(self, *args, local_areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", "Not given")] + sector_choices()
        self.fields["groupings"].choices = [
            (g, pathways.grouping_name(g)) for g in pathways.grouping_ids()
        ]
        self.fields["local_areas"].choices = [(a, a) for a in local_areas]

    def _number(self, name):
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError as error:
            raise forms.ValidationError("Enter a number") from error
        if value < 0:
            raise forms.ValidationError("Enter 0 or more")
        return value

    def clean_capacity_wte(self):
        return self._number("capacity_wte")

    def clean_appointments_per_week(self):
        return self._number("appointments_per_week")

    def clean_typical_wait_weeks(self):
        return self._number("typical_wait_weeks")

    def service(self, *, service_id: str | None, taken: set[str]) -> pathways.Service:
        data = self.cleaned_data
        return pathways.Service(
            id=service_id or new_node_id(data["name"], taken),
            name=data["name"].strip(),
            provider=data["provider"].strip(),
            sector=data["sector"],
            groupings=tuple(data["groupings"]),
            age_min=data["age_min"],
            age_max=data["age_max"],
            local_areas=tuple(data["local_areas"]),
            access=data["access"].strip(),
            capacity_wte=data["capacity_wte"],
            appointments_per_week=data["appointments_per_week"],
            typical_wait_weeks=data["typical_wait_weeks"],
            notes=data["notes"].strip(),
        )


class EntryPointForm(forms.Form):
    name = fields.CharField(label="Entry point", max_length=200)
    kind = fields.ChoiceField(
        label="Kind",
        choices=list(ENTRY_KIND_LABELS.items()),
        nhs_template="nhsuk_forms/select.jinja",
    )

    def entry_point(self, *, taken: set[str]) -> pathways.EntryPoint:
        name = self.cleaned_data["name"].strip()
        return pathways.EntryPoint(
            id=new_node_id(name, taken), name=name, kind=self.cleaned_data["kind"]
        )


class RouteForm(forms.Form):
    from_id = fields.ChoiceField(
        label="From",
        nhs_template="nhsuk_forms/select.jinja",
        error_messages={"required": "Select where the route starts"},
    )
    to_id = fields.ChoiceField(
        label="To",
        nhs_template="nhsuk_forms/select.jinja",
        error_messages={"required": "Select where the route ends"},
    )
    kind = fields.ChoiceField(
        label="Kind of route",
        choices=list(ROUTE_KIND_LABELS.items()),
        error_messages={"required": "Choose the kind of route"},
    )
    volume_per_year = fields.IntegerField(
        label="Young people a year (optional)", required=False, min_value=0
    )

    def __init__(self, *args, pathway_map, **kwargs):
        super().__init__(*args, **kwargs)
        entries = [(e.id, f"{e.name} (entry point)") for e in pathway_map.entry_points]
        services = [(s.id, s.name) for s in pathway_map.services]
        self.fields["from_id"].choices = entries + services
        self.fields["to_id"].choices = services + entries

    def route(self) -> pathways.Route:
        data = self.cleaned_data
        return pathways.Route(
            from_id=data["from_id"],
            to_id=data["to_id"],
            kind=data["kind"],
            volume_per_year=data["volume_per_year"],
        )


class MapImportForm(forms.Form):
    file = fields.FileField(
        label="Map file",
        hint="JSON, Excel (.xlsx) or a .zip of services.csv, entry_points.csv and routes.csv",
    )


class ScopeForm(forms.Form):
    """Step 1 of the mapping workshop: what the room's map covers."""

    groupings = fields.MultipleChoiceField(
        label="Needs-based groupings in scope",
        hint="Leave all unticked for every grouping.",
        required=False,
    )
    local_areas = fields.MultipleChoiceField(
        label="Local areas in scope", hint="Leave all unticked for every area.", required=False
    )
    age_min = fields.IntegerField(label="Youngest age", required=False, min_value=0, max_value=25)
    age_max = fields.IntegerField(label="Oldest age", required=False, min_value=0, max_value=25)
    notes = fields.TextareaField(label="What is in and out of scope, and why", required=False)

    def __init__(self, *args, local_areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groupings"].choices = [
            (g, pathways.grouping_name(g)) for g in pathways.grouping_ids()
        ]
        self.fields["local_areas"].choices = [(a, a) for a in local_areas]

    def clean(self):
        data = super().clean()
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", "The oldest age must be the same as or above the youngest")
        return data

    def scope(self) -> dict:
        data = self.cleaned_data
        return {
            "groupings": list(data["groupings"]),
            "local_areas": list(data["local_areas"]),
            "age_min": data["age_min"],
            "age_max": data["age_max"],
            "notes": (data["notes"] or "").strip(),
        }


class ProposalForm(forms.Form):
    table = fields.CharField(label="Your table", max_length=80)
    kind = fields.ChoiceField(
        label="What do you propose?",
        choices=[
            ("service", "Add a service"),
            ("route", "Add a route"),
            ("note", "Something to look at"),
        ],
    )
    name = fields.CharField(label="Service name (to add a service)", max_length=200, required=False)
    groupings = fields.MultipleChoiceField(
        label="Groupings it serves (to add a service)", required=False
    )
    from_id = fields.ChoiceField(
        label="From (to add a route)", required=False, nhs_template="nhsuk_forms/select.jinja"
    )
    to_id = fields.ChoiceField(
        label="To (to add a route)", required=False, nhs_template="nhsuk_forms/select.jinja"
    )
    text = fields.TextareaField(label="What should the room look at?", required=False)

    def __init__(self, *args, pathway_map, scope_groupings=(), **kwargs):
        super().__init__(*args, **kwargs)
        # A table proposes services for the groupings in the agreed scope.
        self.fields["groupings"].choices = [
            (g, pathways.grouping_name(g))
            for g in pathways.grouping_ids()
            if not scope_groupings or g in scope_groupings
        ]
        nodes = (
            [("", "Choose")]
            + [(e.id, e.name) for e in pathway_map.entry_points]
            + [(s.id, s.name) for s in pathway_map.services]
        )
        self.fields["from_id"].choices = nodes
        self.fields["to_id"].choices = nodes

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == "service" and not (data.get("name") and data.get("groupings")):
            self.add_error("name", "Give the service a name and at least one grouping")
        if kind == "route" and not (data.get("from_id") and data.get("to_id")):
            self.add_error("from_id", "Choose where the route starts and ends")
        if kind == "note" and not (data.get("text") or "").strip():
            self.add_error("text", "Say what the room should look at")
        return data

    def proposal(self) -> dict:
        data = self.cleaned_data
        payload = {
            "service": {
                "name": data.get("name", "").strip(),
                "groupings": data.get("groupings", []),
            },
            "route": {
                "from_id": data.get("from_id"),
                "to_id": data.get("to_id"),
                "kind": "referral",
            },
            "note": {"text": (data.get("text") or "").strip()},
        }[data["kind"]]
        return {"table": data["table"], "kind": data["kind"], "payload": payload}
