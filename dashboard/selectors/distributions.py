"""How ratings are spread across providers' latest inspections, standard by standard."""

from collections import Counter, defaultdict

from django.db.models import Count

from inspections import rating_rules
from inspections.models import Inspection, StandardRating

NOT_RECORDED = "Not recorded"
CATEGORIES = (*rating_rules.RATINGS, NOT_RECORDED)
# Overall outcomes add "Not rated", which a standard never is.
OVERALL_CATEGORIES = (*rating_rules.OVERALL_OUTCOMES, NOT_RECORDED)


def standard_distributions(frameworks):
    """{standard code: Counter(rating or 'Not recorded': providers)} over each provider's latest inspection.

    Two queries whatever the number of providers. CRCs and NPS divisions share
    codes 1.1-2.4, so those count both; 3.x and 4.x count their own kind.
    """
    latest = Inspection.objects.latest_rated_per_provider()
    # One rating per (inspection, standard), so a row is a provider: one pass over
    # the index on (standard, rating, inspection), already in the GROUP BY's order.
    rated = (
        StandardRating.objects.filter(inspection__is_latest_rated=True)
        .order_by()
        .values("standard_id", "rating")
        .annotate(providers=Count("*"))
    )
    per_framework = latest.order_by().values("framework_id").annotate(inspections=Count("id"))
    codes = {standard.id: standard.code for framework in frameworks.values() for standard in framework.standards.all()}

    distributions = defaultdict(Counter)
    for row in rated:
        distributions[codes[row["standard_id"]]][row["rating"]] += row["providers"]
    inspected = Counter()
    for row in per_framework:
        framework = frameworks.get(row["framework_id"])
        if framework is None:
            continue
        for standard in framework.standards.all():
            inspected[standard.code] += row["inspections"]
    for code, total in inspected.items():
        recorded = sum(distributions[code].values())
        distributions[code][NOT_RECORDED] = total - recorded
    return dict(distributions)


def overall_distribution(ratings):
    """Counter of overall ratings, 'Not recorded' for blanks."""
    return Counter(rating or NOT_RECORDED for rating in ratings)
