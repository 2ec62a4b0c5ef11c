"""How ratings are spread across providers' latest inspections, standard by standard."""

from collections import Counter, defaultdict

from inspections import rating_rules
from inspections.models import StandardTally

NOT_RECORDED = "Not recorded"
CATEGORIES = (*rating_rules.RATINGS, NOT_RECORDED)
# Overall outcomes add "Not rated", which a standard never is.
OVERALL_CATEGORIES = (*rating_rules.OVERALL_OUTCOMES, NOT_RECORDED)


def standard_distributions(frameworks):
    """{standard code: Counter(rating or 'Not recorded': providers)} over each provider's latest inspection.

    One query over the league's tallies, whatever the number of providers. CRCs and
    NPS divisions share codes 1.1-2.4, so those count both; 3.x and 4.x count their own kind.
    """
    codes = {standard.id: standard.code for framework in frameworks.values() for standard in framework.standards.all()}
    distributions = defaultdict(Counter)
    for tally in StandardTally.objects.of_league().values("standard_id", "rating", "inspections"):
        code = codes.get(tally["standard_id"])
        if code is not None:
            distributions[code][tally["rating"] or NOT_RECORDED] += tally["inspections"]
    return dict(distributions)
