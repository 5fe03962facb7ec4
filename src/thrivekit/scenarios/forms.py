import json
import re

import yaml
from django import forms

from thrivekit.core.params import finite_number
from thrivekit.inputs.messages import cut
from thrivekit.inputs.yaml import load_yaml
from thrivekit.modelling.scenario import QUEUE_RULES
from thrivekit.nhsuk_forms import fields

MAX_SCENARIO_BYTES = 1_000_000
NUMBER_PARAMETERS = re.compile(r"^(?P<kind>cap|dem|dna)-(?P<service>.+)$|^shift_pct$")
WHAT = {"cap": "capacity", "dem": "demand", "dna": "the DNA rate"}
RULE_LABELS = {
    "urgent_first": "Urgent first, then in order of joining",
    "longest_waiter_first": "Urgent first, then longest wait since first referral",
    "fifo": "In order of joining, ignoring urgency",
}


class CalibrateForm(forms.Form):
    name = fields.CharField(label="Name", max_length=200, initial="Current system")
    extract = fields.ChoiceField(
        label="Activity extract to calibrate from", nhs_template="nhsuk_forms/select.jinja"
    )

    def __init__(self, *args, extracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.extracts = {str(e.id): e for e in extracts}
        self.fields["extract"].choices = [(k, e.name) for k, e in self.extracts.items()]

    def clean_extract(self):
        return self.extracts[self.cleaned_data["extract"]]


class ScenarioFileForm(forms.Form):
    name = fields.CharField(label="Name", max_length=200)
    file = fields.FileField(
        label="Scenario file", hint="YAML or JSON in the thrivekit scenario format"
    )

    def clean_file(self) -> dict:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_SCENARIO_BYTES:
            raise forms.ValidationError("The file must be smaller than 1 MB")
        try:
            text = upload.read().decode("utf-8")
            data = json.loads(text) if upload.name.lower().endswith(".json") else load_yaml(text)
        except (UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as error:
            raise forms.ValidationError(f"The file cannot be read: {cut(error, 300)}") from error
        if not isinstance(data, dict):
            raise forms.ValidationError("The file must hold a scenario (a mapping of fields)")
        return data


def numbers_checked(data, definition: dict) -> tuple:
    """The what-if parameters with every number a finite number; a value that is not one
    (text, inf, nan, 1e309) is left out, so today's value is used, and named in a problem."""
    names = {s["id"]: s.get("name") or s["id"] for s in definition["services"]}
    checked, problems = data.copy(), []
    for key in list(data):
        match = NUMBER_PARAMETERS.match(key)
        value = data.get(key)
        if match is None or value in ("", None) or finite_number(value) is not None:
            continue
        del checked[key]
        if match["kind"]:
            what = f"{WHAT[match['kind']]} for {names.get(match['service'], match['service'])}"
        else:
            what = "the share of demand to move"
        problems.append(f"Enter {what} as a number of per cent; today's value is used instead.")
    return checked, problems


def _percent(value, default, low, high) -> int:
    number = finite_number(value)
    return default if number is None else max(low, min(high, int(number)))


def changes_from(data, definition: dict) -> dict:
    """Read the what-if controls: cap-<id>, dem-<id>, dna-<id>, rule-<id>, shift_from/to/pct."""
    services = {}
    for service in definition["services"]:
        sid = service["id"]
        change = {
            "capacity_pct": _percent(data.get(f"cap-{sid}"), 100, 10, 300),
            "demand_pct": _percent(data.get(f"dem-{sid}"), 100, 10, 300),
        }
        if data.get(f"dna-{sid}") not in (None, ""):
            change["dna_pct"] = _percent(data.get(f"dna-{sid}"), 0, 0, 90)
        if data.get(f"rule-{sid}") in QUEUE_RULES:
            change["queue_rule"] = data[f"rule-{sid}"]
        services[sid] = change
    changes = {"services": services}
    if data.get("shift_from") and data.get("shift_to"):
        changes["shift"] = {
            "from": data["shift_from"],
            "to": data["shift_to"],
            "share_pct": _percent(data.get("shift_pct"), 0, 0, 90),
        }
    return changes


def controls(definition: dict, data) -> list[dict]:
    """The slider values to show: what was asked, or today's (100%) and the scenario's DNA rate."""
    rows = []
    for service in definition["services"]:
        sid = service["id"]
        rows.append(
            {
                "id": sid,
                "name": service.get("name") or sid,
                "capacity": _percent(data.get(f"cap-{sid}"), 100, 10, 300),
                "demand": _percent(data.get(f"dem-{sid}"), 100, 10, 300),
                "dna": _percent(
                    data.get(f"dna-{sid}"), round(100 * (service.get("dna_rate") or 0)), 0, 90
                ),
                "rule": (
                    data.get(f"rule-{sid}")
                    if data.get(f"rule-{sid}") in QUEUE_RULES
                    else service.get("queue_rule") or "urgent_first"
                ),
                "rules": [(rule, RULE_LABELS[rule]) for rule in QUEUE_RULES],
            }
        )
    return rows
