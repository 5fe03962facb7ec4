from django import forms

from thrivekit.nhsuk_forms import fields
from thrivekit.priorities.models import WORKSHEET_FIELDS
from thrivekit.priorities.services import TOP


class SessionForm(forms.Form):
    title = fields.CharField(label="Workshop name", max_length=200)
    aims = fields.TextareaField(
        label="Collective aims",
        hint="What the room wants the transformation to achieve, most important first, one per "
        "line: for example patient experience, access, waiting times, outcomes, costs.",
        required=False,
    )
    tables = fields.TextareaField(
        label="Tables", hint="One name per line; at least two.", required=False
    )
    allow_checklist_actions = fields.ChoiceField(
        label="Can tables also rank Implementation Checklist actions?",
        choices=[("no", "No, only THRIVE Assessment items"), ("yes", "Yes")],
    )

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]


class AimForm(forms.Form):
    text = fields.CharField(label="Add an aim", max_length=300)


def ranks_from(data, candidate_ids) -> tuple[list[str], list[str]]:
    """Read rank-<item> selects into an ordered top list; returns (items, problems)."""
    chosen: dict[int, list[str]] = {}
    for item in candidate_ids:
        value = data.get(f"rank-{item}", "")
        if value in {str(n) for n in range(1, TOP + 1)}:
            chosen.setdefault(int(value), []).append(item)
    problems = []
    for rank, items in sorted(chosen.items()):
        if len(items) > 1:
            problems.append(f"Rank {rank} is given to {len(items)} priorities: give it to one")
    if not chosen:
        problems.append("Give a rank to at least one priority")
    return [items[0] for _, items in sorted(chosen.items())], problems


def confirmation_choices(candidates):
    return [("", "Choose a priority")] + [(c.id, c.title) for c in candidates]


class ConfirmForm(forms.Form):
    reason = fields.TextareaField(
        label="Reason (needed if the order differs from the consensus)",
        hint="For example what the discussion showed that the votes did not.",
        required=False,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        for rank in range(1, TOP + 1):
            self.fields[f"priority_{rank}"] = fields.ChoiceField(
                label=f"Priority {rank}",
                choices=confirmation_choices(candidates),
                nhs_template="nhsuk_forms/select.jinja",
            )

    def items(self) -> list[str]:
        return [self.cleaned_data[f"priority_{rank}"] for rank in range(1, TOP + 1)]


class WorksheetForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label, hint in WORKSHEET_FIELDS:
            self.fields[name] = fields.TextareaField(label=label, hint=hint or None, required=False)

    def worksheet_fields(self):
        return [self[name] for name, _, _ in WORKSHEET_FIELDS]
