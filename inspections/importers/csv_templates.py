"""
The kinds of CSV file the import takes, in an editor's words, each with a template: its header row alone.

The Probation Service inspections template names a column for every standard of every stored framework of
the era (`<prefix>_<standard slug>`), so a framework defined in the admin has its columns at once.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from inspections.models import Framework
from providers.eras import Era

from . import csv_crc, csv_probation_service
from .csv_probation_service import era_file_specs
from .probation_service_rows import framework_columns


@dataclass(frozen=True)
class Template:
    slug: str  # in the address and the file name
    kind: str  # as the import names the file it recognises
    title: str
    about: str
    columns: tuple = ()

    @property
    def file_name(self):
        return f"{self.slug}-template.csv"

    def header(self):
        return list(self.columns) if self.columns else probation_service_inspection_columns()


def probation_service_inspection_columns():
    prefixes, rounds_of = era_file_specs()
    described = framework_columns(
        Framework.objects.filter(provider_type__in=Era.PROBATION_SERVICE.provider_types)
        .prefetch_related("standards")
        .order_by("slug"),
        prefixes,
        rounds_of,
        {},
    )
    standards = [column for entry in described.values() for column in entry.columns]
    return [
        "unit_name",
        "unit_type",
        "region",
        "framework",
        "published",
        "inspection_number_for_unit",
        "overall_rating",
        "overall_rating_derived",
        "points_stated",
        *standards,
        "derived_values",
        "notes",
        "editor_notes",
        "source_urls",
    ]


TEMPLATES = [
    Template(
        "inspections-probation-service",
        csv_probation_service.PS_INSPECTIONS,
        "Probation Service inspections (since 2021)",
        "One row per inspection of a PDU, a region or the national service, as in inspections_2022_2026.csv: the "
        "unit and its region, the framework (e.g. pdu-2023), the publication date (YYYY, YYYY-MM or YYYY-MM-DD; "
        "blank where no source gives it), first or second inspection of the unit, the overall rating (or Not "
        "rated), points as stated (e.g. 1/27), a column per standard, and the source addresses separated by ' ; '. "
        "Each inspection goes in its framework's programme.",
    ),
    Template(
        "units-probation-service",
        csv_probation_service.PS_UNITS,
        "Probation Service regions and PDUs",
        "One row per region (unit_type region) or PDU (unit_type pdu), as in units.csv: its name, its region, "
        "other names inspections used for it and the CRCs or NPS divisions whose area it took over, each list "
        "separated by ' ; '.",
        ("unit_name", "unit_type", "region", "aliases", "predecessors"),
    ),
    Template(
        "former-units-probation-service",
        csv_probation_service.PS_FORMER_UNITS,
        "Probation Service PDUs that no longer exist",
        "One row per PDU merged or split, as in former_units.csv: its region, the PDUs that took over its area "
        "and what became of it.",
        ("unit_name", "unit_type", "region", "successors", "successors_basis", "ceased_note"),
    ),
    Template(
        "inspections-2018-20",
        csv_crc.INSPECTIONS,
        "2018–20 inspections of CRCs and NPS divisions",
        "One row per inspection: the provider, its type (CRC or NPS division), its owner at the time, the "
        "publication date, the overall rating, the ten standards and the sources. Goes in the round chosen above.",
        (
            "provider_short_name",
            "provider_name",
            "provider_type",
            "owner_at_inspection",
            "area",
            "published",
            "fieldwork_started",
            "overall_rating",
            *csv_crc.STANDARD_COLUMNS,
            "caseload_as_reported",
            "report_url",
            "source_urls",
            "notes",
            "editor_notes",
        ),
    ),
    Template(
        "ownership-2018-20",
        csv_crc.OWNERSHIP,
        "2018–20 owners of the CRCs",
        "One row per period a provider was owned: from and to as dates, and the source.",
        ("provider_short_name", "owner", "from", "to", "source"),
    ),
    Template(
        "key-questions-2018-20",
        csv_crc.KEY_QUESTIONS,
        "2018–20 key-question results of one inspection",
        "One row per key question with its '% yes'; the inspection named by provider_short_name and published.",
        (
            "provider_short_name",
            "published",
            "standard",
            "key_question",
            "question",
            "percent_yes",
            "relevant_subsample_only",
        ),
    ),
    Template(
        "samples-2018-20",
        csv_crc.SAMPLES,
        "2018–20 case samples of one inspection",
        "One row per sample of cases inspected (e.g. '2 Case supervision').",
        ("provider_short_name", "published", "domain", "cases_inspected", "notes"),
    ),
    Template(
        "facts-2018-20",
        csv_crc.FACTS,
        "2018–20 contextual facts of one inspection",
        "One row per figure the report gives beside the national one.",
        (
            "provider_short_name",
            "published",
            "metric",
            "provider_value",
            "england_and_wales_value",
            "target",
            "unit",
            "source_as_cited_in_report",
        ),
    ),
    Template(
        "recommendations-2018-20",
        csv_crc.RECOMMENDATIONS,
        "2018–20 recommendations of one inspection",
        "One row per recommendation, in the report's order.",
        ("provider_short_name", "published", "position", "addressed_to", "text"),
    ),
    Template(
        "fieldwork-2018-20",
        csv_crc.FIELDWORK,
        "2018–20 fieldwork start of one inspection",
        "When the inspectors' fieldwork began, as the report gives it.",
        ("provider_short_name", "published", "fieldwork_started", "source_as_cited_in_report"),
    ),
]
BY_SLUG = {template.slug: template for template in TEMPLATES}


def template_csv(template):
    """The template's file: its header row, nothing else."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(template.header())
    return out.getvalue()
