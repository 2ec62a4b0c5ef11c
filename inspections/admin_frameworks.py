"""
The forms behind a framework's admin page: its domains, standards and bands as inlines.

A framework is data: an administrator adds one (its domains, its standards, numbered
or not, and its bands where the inspectorate published a scoring rule) and editors
can enter inspections under it at once. What the database would refuse, or what
would leave the league unable to rank, is refused here first with a message beside
the row concerned: never a 500, never half a framework saved.
"""

from django import forms
from django.contrib import admin
from django.utils.text import slugify

from . import rating_rules
from .models import Domain, FrameworkBand, Standard

FRAMEWORK_LABELS = {"provider_type": "Applies to"}
FRAMEWORK_HELP = {
    "slug": "The framework's address: /probation-service/?standards=<this>. Lower case, digits and hyphens.",
    "provider_type": "The kind of unit inspected under it. One kind: a model for PDUs and one for regions are "
    "two frameworks, as the inspectorate rates them on different standards.",
    "introduced_on": "When inspections under it began, where a source says; the entry form offers the latest "
    "framework in force on an inspection's date.",
}


class DomainForm(forms.ModelForm):
    class Meta:
        model = Domain
        fields = ["number", "name"]
        help_texts = {"number": "E.g. 1. Domains group the standards, as the framework's documents do."}


class DomainFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            domain = form.instance
            if domain.pk and domain.standards.exists():
                form.add_error(None, f"Domain {domain} still has standards: move or delete them first.")
            elif domain.pk and domain.case_samples.exists():
                form.add_error(None, f"Inspections record case samples of domain {domain}: it cannot be deleted.")
        if any(form.errors for form in self.deleted_forms):
            raise forms.ValidationError("Some domains cannot be deleted; see the messages beside them.")


class StandardForm(forms.ModelForm):
    class Meta:
        model = Standard
        fields = ["domain", "position", "code", "name", "slug", "description"]
        help_texts = {
            "code": "As the framework's documents number it (2.3). Leave blank where no source numbers it.",
            "slug": "Its address and CSV column, from its name when left blank.",
            "position": "Its place in the framework's order; the next free place when left blank.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 2, "cols": 30})}

    def __init__(self, *args, domains=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["position"].required = False
        if domains is not None:
            self.fields["domain"].queryset = domains

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and not cleaned.get("slug"):
            cleaned["slug"] = slugify(cleaned["name"])[: Standard._meta.get_field("slug").max_length]
            self.instance.slug = cleaned["slug"]
            if not cleaned["slug"]:
                self.add_error("name", "Give a name with letters or digits: its address is made from it.")
        return cleaned


class StandardFormSet(forms.BaseInlineFormSet):
    """Standards of one framework: each in one of its domains, with distinct numbers, addresses and places."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "domains": self.instance.domains.all()}

    @property
    def empty_form(self):
        form = super().empty_form
        form.fields["domain"].queryset = self.instance.domains.all()
        return form

    def kept_forms(self):
        return [
            form
            for form in self.forms
            if form.cleaned_data and not (self.can_delete and self._should_delete_form(form))
        ]

    def clean(self):
        # Before Django's own check of unique values, whose message names no row.
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.ratings.exists():
                form.add_error(None, f"Inspections are rated on {form.instance}: it cannot be deleted.")
        kept = self.kept_forms()
        for form in kept:
            domain = form.cleaned_data.get("domain")
            if domain is not None and domain.framework_id != self.instance.pk:
                form.add_error("domain", "Choose one of this framework's own domains.")
        self._refuse_repeats(kept, "code", "Two standards are numbered {value}: each number is used once.")
        self._refuse_repeats(kept, "slug", "Two standards have the address '{value}': give them distinct names.")
        self._refuse_repeats(kept, "position", "Two standards are in place {value}: give each its own place.")
        taken = [form.cleaned_data["position"] for form in kept if form.cleaned_data.get("position")]
        following = max(taken, default=0)
        for form in kept:
            if not form.cleaned_data.get("position"):
                following += 1
                form.cleaned_data["position"] = form.instance.position = following
        if any(form.errors for form in self.forms):
            raise forms.ValidationError("Some standards need correcting; see the messages beside them.")
        super().clean()

    @staticmethod
    def _refuse_repeats(forms_, field, message):
        seen = set()
        for form in forms_:
            value = form.cleaned_data.get(field)
            if value in (None, ""):
                continue
            if value in seen:
                form.add_error(field, message.format(value=value))
            seen.add(value)


class BandFormSet(forms.BaseInlineFormSet):
    """A published scoring rule is all four bands, best first; none at all means no score is computed."""

    def clean(self):
        super().clean()
        bands = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not (self.can_delete and self._should_delete_form(form))
        ]
        if not bands or any(form.errors for form in self.forms):
            return
        ratings = [band.get("rating") for band in bands]
        if sorted(ratings, key=rating_rules.rating_order) != list(rating_rules.RATINGS):
            raise forms.ValidationError(
                "A scoring rule gives points and thresholds for each of the four ratings, once each "
                "(Outstanding, Good, Requires improvement, Inadequate). Without a published rule, leave no bands."
            )
        ordered = sorted(bands, key=lambda band: rating_rules.rating_order(band["rating"]))
        for better, worse in zip(ordered, ordered[1:], strict=False):
            for field, what in [("points", "points"), ("min_score", "lowest score"), ("min_percent_yes", "% yes")]:
                if better[field] <= worse[field]:
                    raise forms.ValidationError(
                        f"{better['rating']} must give more {what} than {worse['rating']} "
                        f"({better[field]} is not above {worse[field]})."
                    )
        lowest = ordered[-1]
        if lowest["min_score"] != 0 or lowest["min_percent_yes"] != 0:
            raise forms.ValidationError(
                f"{lowest['rating']} starts at a score of 0 and 0% yes: every score has a band."
            )


class DomainInline(admin.StackedInline):
    model = Domain
    form = DomainForm
    formset = DomainFormSet
    extra = 1
    verbose_name_plural = "Domains (save them, then add the standards in each)"


class StandardInline(admin.StackedInline):
    model = Standard
    form = StandardForm
    formset = StandardFormSet
    extra = 1
    prepopulated_fields = {"slug": ["name"]}
    fields = [("domain", "position", "code"), ("name", "slug"), "description"]
    verbose_name_plural = "Standards (by name where the framework numbers none)"


class FrameworkBandInline(admin.StackedInline):
    model = FrameworkBand
    formset = BandFormSet
    extra = 0
    verbose_name_plural = (
        "Scoring rule: bands, only where the inspectorate published its points and thresholds "
        "(without them no score is computed and units are ranked by overall rating alone)"
    )
