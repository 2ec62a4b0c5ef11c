"""
The whole published dataset, for the downloads of /data/.

Providers and inspections are read from the database CHUNK_SIZE at a time, with their
relations prefetched for each chunk, as a download is written: a constant number of
queries per chunk and constant memory whatever the size of the dataset.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from inspections.models import Inspection
from providers.models import Owner, OwnershipPeriod, Provider

from .frameworks import frameworks_by_id
from .inspections import inspection_view, with_report_relations
from .league import last_changed

# As many rows as the league reads at a time (selectors.league.CHUNK_SIZE): a few MB of objects.
CHUNK_SIZE = 2000


class InspectionViews:
    """Every inspection laid out by `inspection_view`, read chunk by chunk each time it is iterated."""

    def __init__(self, inspections, frameworks):
        self._inspections = inspections
        self._frameworks = frameworks

    def __iter__(self):
        for inspection in self._inspections.iterator(chunk_size=CHUNK_SIZE):
            yield inspection_view(inspection, self._frameworks[inspection.framework_id])


class Providers:
    """Every provider with its ownership periods and their owners, read chunk by chunk each time it is iterated."""

    def __iter__(self):
        periods = OwnershipPeriod.objects.select_related("owner").chronological()
        providers = Provider.objects.prefetch_related(Prefetch("ownership_periods", queryset=periods))
        return providers.iterator(chunk_size=CHUNK_SIZE)


@dataclass
class Dataset:
    frameworks: list
    owners: list
    providers: Providers
    inspections: InspectionViews
    last_changed: object

    @property
    def standard_columns(self):
        """A column name for every standard of every framework: the numbered ones by code in reading order
        (1.1 … 4.2, shared by the frameworks that number them alike), then each unnumbered one as
        `framework:standard` (`pdu-2023:leadership`), framework by framework."""
        codes = {standard.code for framework in self.frameworks for standard in framework.standards.all()}
        codes.discard("")
        numbered = sorted(codes, key=lambda code: tuple(int(piece) for piece in code.split(".") if piece.isdigit()))
        unnumbered = [
            standard_column(framework.slug, standard.code, standard.slug)
            for framework in self.frameworks
            for standard in framework.standards.all()
            if not standard.code
        ]
        return numbered + unnumbered


def standard_column(framework_slug, code, slug):
    """The dataset's column for a standard: its number, or its framework and slug where it has none."""
    return code or f"{framework_slug}:{slug}"


def dataset():
    frameworks = frameworks_by_id()
    inspections = with_report_relations(Inspection.objects.order_by("provider__short_name", "-published_on", "-id"))
    return Dataset(
        frameworks=sorted(frameworks.values(), key=lambda framework: framework.slug),
        owners=list(Owner.objects.all()),
        providers=Providers(),
        inspections=InspectionViews(inspections, frameworks),
        last_changed=last_changed(),
    )
