"""The whole published dataset, for the downloads of /data/: a constant number of queries whatever its size."""

from dataclasses import dataclass

from inspections.models import Inspection
from providers.models import Owner

from .compare import all_providers
from .frameworks import frameworks_by_id
from .inspections import InspectionView, inspection_view, with_report_relations
from .league import last_changed


@dataclass
class Dataset:
    frameworks: list
    owners: list
    providers: list
    inspections: list[InspectionView]
    last_changed: object

    @property
    def standard_codes(self):
        """Every standard code of every framework, in reading order (1.1 … 4.2)."""
        codes = {standard.code for framework in self.frameworks for standard in framework.standards.all()}
        return sorted(codes, key=lambda code: tuple(int(piece) for piece in code.split(".") if piece.isdigit()))


def dataset():
    frameworks = frameworks_by_id()
    inspections = with_report_relations(Inspection.objects.order_by("provider__short_name", "-published_on", "-id"))
    return Dataset(
        frameworks=sorted(frameworks.values(), key=lambda framework: framework.slug),
        owners=list(Owner.objects.all()),
        providers=all_providers(),
        inspections=[inspection_view(inspection, frameworks[inspection.framework_id]) for inspection in inspections],
        last_changed=last_changed(),
    )
