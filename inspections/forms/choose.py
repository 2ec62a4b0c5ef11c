"""Step one of adding an inspection: which unit was inspected (chosen by region, or found by a name it went by),
and against which of the frameworks that rate its kind of unit."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from providers.models import Provider, ProviderType

from ..models import Framework
from ..services.frameworks import framework_for

TYPE_GROUPS = [
    # The 2018-20 kinds, each one group; a region heads its own group, with its PDUs.
    (ProviderType.CRC, "Community Rehabilitation Companies, 2018–20"),
    (ProviderType.NPS, "National Probation Service divisions, 2018–20"),
    (ProviderType.NATIONAL, "The Probation Service, England and Wales"),
]


def unit_choices(providers=None):
    """[(group label, [(pk, name)])]: each region followed by its PDUs, then the national unit and the 2018-20
    kinds; a PDU without a region comes last, so that every unit can be chosen."""
    providers = list((providers if providers is not None else Provider.objects.all()).order_by("short_name"))
    regions = list(Provider.objects.filter(provider_type=ProviderType.REGION).order_by("short_name"))
    groups, placed = [], set()
    for region in regions:
        units = [unit for unit in providers if unit.region_id == region.pk and unit.provider_type == ProviderType.PDU]
        options = _options([region]) if region in providers else []
        if options or units:
            groups.append((region.short_name, [*options, *_options(units)]))
        placed |= {region.pk, *(unit.pk for unit in units)}
    for provider_type, label in TYPE_GROUPS:
        units = [unit for unit in providers if unit.provider_type == provider_type]
        if units:
            groups.append((label, _options(units)))
            placed |= {unit.pk for unit in units}
    rest = [unit for unit in providers if unit.pk not in placed]
    if rest:
        groups.append(("Probation Delivery Units of no region", _options(rest)))
    return groups


def _options(units):
    return [(unit.pk, f"{unit.short_name} (ceased)" if unit.ceased else unit.short_name) for unit in units]


def units_named(text):
    """The units whose name, short name or a name the inspectorate used (an alias) is or contains `text`:
    the exact matches alone where there are any."""
    text = " ".join((text or "").split())
    if not text:
        return []
    exact = Provider.objects.filter(Q(short_name__iexact=text) | Q(name__iexact=text) | Q(aliases__name__iexact=text))
    found = list(exact.distinct())
    if found:
        return found
    partial = Provider.objects.filter(
        Q(short_name__icontains=text) | Q(name__icontains=text) | Q(aliases__name__icontains=text)
    )
    return list(partial.distinct().order_by("short_name")[:20])


def framework_choices():
    """[(group label, [(pk, name)])]: the frameworks, grouped by the kind of unit they rate."""
    groups = {}
    for framework in Framework.objects.order_by("provider_type", "-introduced_on", "name"):
        label = f"For {ProviderType(framework.provider_type).label} inspections"
        groups.setdefault(label, []).append((framework.pk, framework.name))
    return [("", "The one in force for the unit's kind"), *groups.items()]


class ChooseForm(forms.Form):
    """Who was inspected, and against which framework."""

    provider = forms.ModelChoiceField(
        Provider.objects.all(),
        required=False,
        label="Provider inspected",
        help_text="Regions are listed with their Probation Delivery Units; the 2018–20 companies and divisions "
        "after them.",
    )
    unit_name = forms.CharField(
        required=False,
        max_length=200,
        label="Or find it by name",
        help_text="A name the inspectorate used, or part of one, e.g. 'Derbyshire' or 'Kent, Surrey and Sussex'.",
    )
    framework = forms.ModelChoiceField(
        Framework.objects.all(),
        required=False,
        label="Rating framework (the set of standards)",
        help_text="The report's 'inspection framework'. Only a framework that rates the unit's kind can be "
        "chosen; leave it for the one in force now.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", "Choose the unit"), *unit_choices()]
        self.fields["framework"].choices = framework_choices()
        self.found = []

    def clean(self):
        cleaned = super().clean()
        provider, framework = cleaned.get("provider"), cleaned.get("framework")
        name = cleaned.get("unit_name", "")
        if provider is None and name and "provider" not in self.errors:
            self.found = units_named(name)
            if len(self.found) == 1:
                provider = cleaned["provider"] = self.found[0]
            elif self.found:
                raise ValidationError(
                    f"Several units go by a name like '{name}': "
                    f"{', '.join(unit.short_name for unit in self.found)}. Choose one of them from the list."
                )
            else:
                self.add_error(
                    "unit_name", f"No unit is called '{name}', nor goes by that name. Choose it from the list."
                )
                return cleaned
        if provider is None:
            if "provider" not in self.errors and not name:
                self.add_error("provider", "Choose the unit inspected, or type a name it goes by.")
            return cleaned
        if framework is None:
            framework = framework_for(provider.provider_type)
            if framework is None:
                raise ValidationError(f"No framework rates {provider.type_label} providers yet.")
            cleaned["framework"] = framework
        if framework.provider_type != provider.provider_type:
            self.add_error("framework", f"{framework} does not rate {provider.type_label} providers.")
        return cleaned
