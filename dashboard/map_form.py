"""The map page's choices, `?type=crc&standard=2.3&round=2019-20`, validated from the query string."""

from django import forms

from inspections.models import InspectionRound

from .rounds import LATEST_LABEL
from .selectors.map import MAP_TYPES, OVERALL

DEFAULTS = {"type": "crc", "standard": OVERALL, "round": ""}


class MapForm(forms.Form):
    """Provider type and measure (overall rating or a standard's code); missing or blank means the default."""

    type = forms.ChoiceField(label="Providers", choices=list(MAP_TYPES.items()))
    standard = forms.ChoiceField(label="Colour by")
    round = forms.ChoiceField(label="Inspection round", required=False)

    def __init__(self, query, *, measures):
        self.measures = {measure.code: measure for measure in measures}
        data = {name: query.get(name) or default for name, default in DEFAULTS.items()}
        super().__init__(data)
        self.fields["standard"].choices = self._grouped_choices()
        self.rounds = {inspection_round.slug: inspection_round for inspection_round in InspectionRound.objects.all()}
        self.fields["round"].choices = [("", LATEST_LABEL)] + [(slug, item.name) for slug, item in self.rounds.items()]
        for field in self.fields.values():
            field.widget.attrs["aria-describedby"] = "map-form-help"

    def _grouped_choices(self):
        groups = {"both": [], **{provider_type: [] for provider_type in MAP_TYPES}}
        for measure in self.measures.values():
            if measure.is_overall:
                continue
            key = measure.provider_types[0] if len(measure.provider_types) == 1 else "both"
            groups[key].append((measure.code, measure.label))
        choices = [(OVERALL, "Overall rating")]
        if groups["both"]:
            choices.append(("Standards", groups["both"]))
        for provider_type, plural in MAP_TYPES.items():
            if groups[provider_type]:
                choices.append((f"Standards of {plural} only", groups[provider_type]))
        return choices

    def clean(self):
        cleaned = super().clean()
        measure = self.measures.get(cleaned.get("standard"))
        provider_type = cleaned.get("type")
        if measure and provider_type and provider_type not in measure.provider_types:
            others = " and ".join(MAP_TYPES[other] for other in measure.provider_types)
            self.add_error(
                "standard",
                f"{measure.label} is a standard of {others} only, not of {MAP_TYPES[provider_type]}. "
                f"Choose {others}, or another standard.",
            )
        elif measure:
            cleaned["measure"] = measure
        cleaned["inspection_round"] = self.rounds.get(cleaned.get("round") or "")
        return cleaned

    def error_messages(self):
        """Readable messages naming each value not understood, e.g. "Providers: there is no choice 'pdu'."."""
        messages = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else name
            value = str(self.data.get(name, ""))[:60]
            for error in errors:
                if "Select a valid choice" in error:
                    choices = _choice_names(name)
                    messages.append(f"{label}: there is no choice '{value}'. {choices}")
                else:
                    messages.append(f"{label}: {error}")
        return messages


def _choice_names(name):
    if name == "type":
        return "Choose " + " or ".join(f"'{value}' ({label})" for value, label in MAP_TYPES.items()) + "."
    if name == "round":
        return "Choose a round such as '2018-19' or '2019-20', or leave it out for each provider's latest rating."
    return "Choose 'overall' or a standard's code, such as '2.3'."
