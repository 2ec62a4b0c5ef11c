"""What an editor's entry would score, before it is saved: a pure read."""

from __future__ import annotations

from dataclasses import dataclass

from providers.validation import clean_text

from ..models import Rating
from .field_rules import two_place_decimal
from .inputs import InspectionInput


@dataclass(frozen=True)
class StandardDifference:
    code: str
    rating_entered: str
    indicated_band: str
    lowest_percent_yes: float


@dataclass(frozen=True)
class Preview:
    score: int | None
    band: str | None
    points_to_next_band: int | None
    standards_rated: int
    standard_count: int
    differences: tuple[StandardDifference, ...]


def preview(data: InspectionInput) -> Preview:
    """Score and band of the ratings entered, and where key questions indicate another band.

    Tolerates incomplete or invalid input (an invalid value counts as not recorded);
    writes nothing.
    """
    framework = data.framework
    if framework is None or framework.pk is None:
        return Preview(None, None, None, 0, 0, ())
    standards = list(framework.standards.order_by("position"))
    scale = framework.rating_scale(standard_count=len(standards))
    valid = {band.rating for band in scale.bands}
    entered = {clean_text(code): clean_text(value) for code, value in data.ratings.items()}
    ordered = [entered.get(standard.key) if entered.get(standard.key) in valid else None for standard in standards]
    score = scale.score(ordered)
    # Without a scoring rule there are no bands to check against, but the ratings entered still count as recorded.
    rating_values = set(Rating.values)
    recorded = [entered.get(standard.key) in rating_values for standard in standards]
    percents = {}
    for item in data.key_question_results:
        percent, message = two_place_decimal(item.percent_yes, "")
        if message or percent is None or not 0 <= percent <= 100:
            continue
        standard_code = clean_text(item.code).rsplit(".", 1)[0]
        percents.setdefault(standard_code, []).append(percent)
    differences = []
    for standard, rating in zip(standards, ordered, strict=True):
        values = percents.get(standard.code)
        if not values or rating is None:
            continue
        indicated = scale.indicated_band(values)
        if indicated != rating:
            differences.append(StandardDifference(standard.code, rating, indicated, float(min(values))))
    return Preview(
        score=score,
        band=scale.band_for_score(score),
        points_to_next_band=scale.points_to_next_band(score),
        standards_rated=sum(recorded),
        standard_count=len(standards),
        differences=tuple(differences),
    )
