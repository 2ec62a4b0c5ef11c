"""The map page's choices, `?type=crc&standard=2.3&round=2019-20`, validated from the query string."""

from django import forms

from inspections.models import InspectionRound
from providers.eras import ERA_OF_TYPE, Era

from .rounds import LATEST_LABEL
from .selectors.map import MAP_TYPES, OVERALL, REGION, TYPE_SINGULAR

DEFAULTS = {"type": "crc", "standard": OVERALL, "round": ""}
# Grouped by era, as regions cover the ground the CRCs and NPS divisions did, but later; the groups keep
# the options short enough for a phone.
TYPE_CHOICES = [
    (Era(era).label, [(value, label) for value, label in MAP_TYPES.items() if ERA_OF_TYPE[value] == era])
    for era in Era.values
]
ERA_NAMES = {
    Era.CRC_NPS.value: "CRCs and NPS divisions (2018–20)",
    Era.PROBATION_SERVICE.value: "the Probation Service",
}


class MapForm(forms.Form):
    """Provider type, measure (overall rating or a standard's code) and round; missing or blank means the default.

    Every standard and round is known to validation, so a value of the other era gets a message naming
    it; the lists offered hold only those of the era of the providers chosen.
    """

    type = forms.ChoiceField(label="Providers", choices=TYPE_CHOICES)
    standard = forms.ChoiceField(label="Colour by")
    round = forms.ChoiceField(label="Inspection round", required=False)

    def __init__(self, query, *, measures):
        self.measures = {measure.code: measure for measure in measures}
        data = {name: query.get(name) or default for name, default in DEFAULTS.items()}
        super().__init__(data)
        self.rounds = {inspection_round.slug: inspection_round for inspection_round in InspectionRound.objects.all()}
        self.fields["standard"].choices = self._grouped_choices(Era.CRC_NPS)
        self.fields["round"].choices = self._round_choices(None)
        era = ERA_OF_TYPE[data["type"] if data["type"] in MAP_TYPES else DEFAULTS["type"]]
        # Set after the field's choices, which set the widget's too: this narrows only what is offered.
        self.fields["standard"].widget.choices = self._grouped_choices(era)
        self.fields["round"].widget.choices = self._round_choices(era)
        for field in self.fields.values():
            field.widget.attrs["aria-describedby"] = "map-form-help"

    def _round_choices(self, era):
        rounds = [(slug, item.name) for slug, item in self.rounds.items() if era is None or item.era == era]
        return [("", LATEST_LABEL), *rounds]

    def _grouped_choices(self, era):
        choices = [(OVERALL, "Overall rating")]
        if era != Era.CRC_NPS:
            return choices  # no source numbers the standards of the Probation Service's frameworks
        groups = {"both": [], **{provider_type: [] for provider_type in MAP_TYPES}}
        for measure in self.measures.values():
            if measure.is_overall:
                continue
            key = measure.provider_types[0] if len(measure.provider_types) == 1 else "both"
            groups[key].append((measure.code, measure.label))
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
        if measure and provider_type == REGION and not measure.is_overall:
            others = " and ".join(MAP_TYPES[other] for other in measure.provider_types)
            either = " or ".join(MAP_TYPES[other] for other in measure.provider_types)
            self.add_error(
                "standard",
                f"{measure.label} is a standard of {others}. The map of {MAP_TYPES[REGION]} is coloured by "
                f"overall rating only. Choose 'overall', or the map of {either}.",
            )
        elif measure and provider_type and provider_type not in measure.provider_types:
            others = " and ".join(MAP_TYPES[other] for other in measure.provider_types)
            self.add_error(
                "standard",
                f"{measure.label} is a standard of {others} only, not of {MAP_TYPES[provider_type]}. "
                f"Choose {others}, or another standard.",
            )
        elif measure:
            cleaned["measure"] = measure
        inspection_round = self.rounds.get(cleaned.get("round") or "")
        if inspection_round and provider_type and inspection_round.era != ERA_OF_TYPE[provider_type]:
            era = ERA_OF_TYPE[provider_type]
            choices = " or ".join(f"'{slug}'" for slug, item in self.rounds.items() if item.era == era)
            self.add_error(
                "round",
                f"'{inspection_round.slug}' is a round of {ERA_NAMES[inspection_round.era]}, not of "
                f"{MAP_TYPES[provider_type]}. Choose {choices}, or leave it out for each "
                f"{TYPE_SINGULAR[provider_type]}'s latest rating.",
            )
        cleaned["inspection_round"] = inspection_round
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
        return (
            "Choose a round such as '2018-19' or '2019-20' (CRCs and NPS divisions) or '2023-25' (regions), "
            "or leave it out for each provider's latest rating."
        )
    return "Choose 'overall' or a standard's code, such as '2.3'."
