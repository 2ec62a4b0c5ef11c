"""A framework's layout in the entry form: its domains, standards and key questions, in report order."""

from __future__ import annotations

from dataclasses import dataclass, field

from providers.models import Era

from ..models import Framework, KeyQuestion


@dataclass
class StandardRow:
    standard: object
    key_questions: list = field(default_factory=list)

    @property
    def rating_field(self):
        """`rating_<key>`: the standard's number, or its slug where the framework numbers none."""
        return rating_field(self.standard.key)


@dataclass
class DomainBlock:
    domain: object
    rows: list = field(default_factory=list)


def rating_field(standard_key):
    return f"rating_{standard_key}"


def kq_field(code, part):
    return f"kq_{code}_{part}"


class Layout:
    """A framework's domains, standards and key questions, in the order its reports print them."""

    def __init__(self, framework: Framework):
        self.framework = framework
        domains = {domain.pk: DomainBlock(domain) for domain in framework.domains.all()}
        rows = {}
        for standard in framework.standards.order_by("position"):
            row = StandardRow(standard)
            rows[standard.pk] = row
            domains[standard.domain_id].rows.append(row)
        for question in KeyQuestion.objects.filter(standard__framework=framework).order_by("position"):
            rows[question.standard_id].key_questions.append(question)
        self.blocks = [block for block in domains.values() if block.rows]
        self.rows = [row for block in self.blocks for row in block.rows]
        self.standard_keys = [row.standard.key for row in self.rows]
        self.standard_codes = [row.standard.code for row in self.rows if row.standard.code]
        self.key_questions = [question for row in self.rows for question in row.key_questions]

    @property
    def has_key_questions(self):
        return bool(self.key_questions)

    @property
    def is_probation_service(self):
        return self.framework.era == Era.PROBATION_SERVICE
