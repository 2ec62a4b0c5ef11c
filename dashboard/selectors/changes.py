"""The query behind /changes/: what editors added and corrected, newest first, a page at a time."""

from dataclasses import dataclass

from django.core.paginator import Paginator

from inspections.models import ChangeKind, ChangeRecord

PER_PAGE = 25
KINDS = {kind.value: kind.label for kind in ChangeKind}


@dataclass
class ChangesPage:
    page: object  # a django Page of ChangeRecord, with provider and inspection loaded
    kind: str  # "" for every kind
    counts: dict  # kind -> number of records

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def kinds(self):
        """[(value, plural label, number)] for the links that filter by kind."""
        return [(value, f"{label}s", self.counts[value]) for value, label in KINDS.items()]


def changes_page(page_number=1, kind=""):
    """One page of change records; three queries whatever the number of records.

    Raises django.core.paginator.InvalidPage for a page that does not exist.
    """
    records = (
        ChangeRecord.objects.newest_first()
        .select_related("provider", "inspection")
        .only(
            "changed_at",
            "kind",
            "subject",
            "summary",
            "details",
            "provider__slug",
            "provider__short_name",
            "inspection__id",
        )
    )
    counts = dict.fromkeys(KINDS, 0)
    for value, number in _counts():
        counts[value] = number
    if kind:
        records = records.filter(kind=kind)
    paginator = Paginator(records, PER_PAGE, allow_empty_first_page=True)
    paginator.count = counts[kind] if kind else sum(counts.values())  # known already: saves a COUNT query
    return ChangesPage(page=paginator.page(page_number), kind=kind, counts=counts)


def _counts():
    from django.db.models import Count

    return ChangeRecord.objects.order_by().values_list("kind").annotate(number=Count("id"))
