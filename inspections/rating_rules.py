"""
The rating rules, in one place, as pure functions of plain values.

Sources:
- HM Inspectorate of Probation, "Our standards and ratings" (2018): four bands,
  Outstanding, Good, Requires improvement, Inadequate; ten standards in three domains.
- The same inspectorate's scoring, as printed in its 2018-19 reports and its
  league-table notes: Outstanding 3, Good 2, Requires improvement 1, Inadequate 0
  points per standard; the sum (0-30) falls in a band: 0-5 Inadequate,
  6-15 Requires improvement, 16-25 Good, 26-30 Outstanding. The KSS CRC report
  (June 2019) scores 15, "close to 'Good'".
- Annex 2 of each report: a standard's key questions suggest its band from the
  lowest "% yes": under 50 Inadequate, 50-64 Requires improvement, 65-79 Good,
  80 and over Outstanding. Inspectors may depart from it ("professional
  discretion"), so the published rating is stored and the indicated one only computed.
- Wilson (1927) score interval for a proportion; Spiegelhalter (2005) funnel-plot
  control limits use the same normal approximation.

A framework stores its own points and thresholds as data; `RatingScale` carries
them here, and `RatingScale.first_round()` is the 2018-19 CRC and NPS scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

OUTSTANDING = "Outstanding"
GOOD = "Good"
REQUIRES_IMPROVEMENT = "Requires improvement"
INADEQUATE = "Inadequate"

# Best first.
RATINGS = (OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE)

# An overall outcome the inspectorate published without a band: HIOW CRC's 2020
# part-inspection, cut short by COVID-19, "was not given an overall rating".
# It is an outcome, not a gap: it is never ranked and never read as "not recorded".
NOT_RATED = "Not rated"
OVERALL_OUTCOMES = (*RATINGS, NOT_RATED)

IMPROVED = "improved"
DECLINED = "declined"
UNCHANGED = "unchanged"
MOVEMENT_SYMBOLS = {IMPROVED: "▲", DECLINED: "▼", UNCHANGED: "="}

RATING_SLUGS = {
    OUTSTANDING: "outstanding",
    GOOD: "good",
    REQUIRES_IMPROVEMENT: "requires-improvement",
    INADEQUATE: "inadequate",
    NOT_RATED: "not-rated",
}


def rating_from_slug(slug):
    """The rating named by a URL slug ('requires-improvement'), or None."""
    for rating, rating_slug in RATING_SLUGS.items():
        if rating_slug == slug:
            return rating
    return None


def normalise_rating(text):
    """Read a rating as people write it ('requires improvement', 'REQUIRES IMPROVEMENT',
    'Requiring improvement'); None when it is not one of the four bands."""
    value = " ".join((text or "").replace("\u2019", "'").strip().strip("'\"").split()).lower()
    aliases = {
        "outstanding": OUTSTANDING,
        "good": GOOD,
        "requires improvement": REQUIRES_IMPROVEMENT,
        "requiring improvement": REQUIRES_IMPROVEMENT,
        "require improvement": REQUIRES_IMPROVEMENT,
        "ri": REQUIRES_IMPROVEMENT,
        "inadequate": INADEQUATE,
    }
    return aliases.get(value)


def normalise_overall(text):
    """`normalise_rating` that also reads the published outcome "Not rated"."""
    value = " ".join((text or "").strip().strip("'\"").split()).lower()
    if value in {"not rated", "no overall rating", "unrated"}:
        return NOT_RATED
    return normalise_rating(text)


def movement(previous, current):
    """'improved', 'declined' or 'unchanged' from one overall band to the next.

    None unless both are bands: a move from or to "Not rated" or an unrecorded
    rating is no movement anyone published.
    """
    if previous not in RATINGS or current not in RATINGS:
        return None
    before, after = RATINGS.index(previous), RATINGS.index(current)
    if after < before:
        return IMPROVED
    if after > before:
        return DECLINED
    return UNCHANGED


@dataclass(frozen=True)
class Band:
    rating: str
    points: int
    min_score: int
    min_percent_yes: float


@dataclass(frozen=True)
class RatingScale:
    """A framework's bands, best first, and how many standards it rates."""

    bands: tuple[Band, ...]
    standard_count: int

    @classmethod
    def first_round(cls):
        return cls(
            bands=(
                Band(OUTSTANDING, 3, 26, 80),
                Band(GOOD, 2, 16, 65),
                Band(REQUIRES_IMPROVEMENT, 1, 6, 50),
                Band(INADEQUATE, 0, 0, 0),
            ),
            standard_count=10,
        )

    @property
    def has_scoring_rule(self):
        """False for a framework whose points and thresholds the inspectorate never published
        (the Probation Service's): no score, no band from a score, no indicated band."""
        return bool(self.bands)

    @property
    def max_score(self):
        if not self.has_scoring_rule:
            return None
        return max(band.points for band in self.bands) * self.standard_count

    def points(self, rating):
        for band in self.bands:
            if band.rating == rating:
                return band.points
        raise ValueError(f"'{rating}' is not a rating of this framework.")

    def score(self, ratings):
        """Sum of points over the standards, or None unless every standard is rated.

        `ratings` holds the published rating of each standard, None where not recorded.
        A partial sum is never a score: it would rank an unknown as a zero. None, too,
        for a framework without a published scoring rule: a sum would invent one.
        """
        ratings = list(ratings)
        if not self.has_scoring_rule or not ratings:
            return None
        if len(ratings) != self.standard_count or not all(ratings):
            return None
        return sum(self.points(rating) for rating in ratings)

    def band_for_score(self, score):
        if score is None:
            return None
        if not 0 <= score <= self.max_score:
            raise ValueError(f"A score must lie between 0 and {self.max_score}, not {score}.")
        for band in self.bands:
            if score >= band.min_score:
                return band.rating
        raise AssertionError("The lowest band starts above zero.")  # pragma: no cover

    def points_to_next_band(self, score):
        """How many points short of the band above a score is (None at the top)."""
        band = self.band_for_score(score)
        if band is None:
            return None
        index = [b.rating for b in self.bands].index(band)
        if index == 0:
            return None
        return self.bands[index - 1].min_score - score

    def indicated_band(self, percents_yes):
        """The band that a standard's key questions indicate: its lowest '% yes'.

        None when no key-question result is known.
        """
        values = [float(p) for p in percents_yes if p is not None]
        if not values or not self.has_scoring_rule:
            return None
        lowest = min(values)
        for band in self.bands:
            if lowest >= band.min_percent_yes:
                return band.rating
        return self.bands[-1].rating

    def band_thresholds(self):
        """(percent, rating) pairs where a band starts, lowest first, above zero."""
        return [(band.min_percent_yes, band.rating) for band in reversed(self.bands) if band.min_percent_yes > 0]


def completeness(ratings, standard_count):
    """How many of the standards have a published rating."""
    return sum(1 for rating in ratings if rating), standard_count


def rating_order(rating):
    """Sort key: best first, unknown last."""
    if rating in RATINGS:
        return RATINGS.index(rating)
    return len(RATINGS)


def fully_scored_bands(counts):
    """The bands in which every row has a score, from counts of rows by (overall_rating, score)."""
    fully_scored = {}
    for (rating, score), count in counts.items():
        if rating in RATINGS and count:
            fully_scored[rating] = fully_scored.get(rating, True) and score is not None
    return {rating for rating, is_fully_scored in fully_scored.items() if is_fully_scored}


def ranks_by_rating_and_score(counts):
    """Competition ranks ("1, =2, =2, 4") for rows counted by (overall_rating, score).

    Ranked by published overall band, then by score; rows that cannot be told
    apart share a joint rank. Within one band, scores separate rows only when
    every row in that band has a score: an unknown score could lie anywhere,
    so ordering around it would invent an order the data does not hold.
    Rows without an overall rating get no rank.

    Works on counts, not rows, so a league of any size ranks in as many steps as
    it has distinct (band, score) pairs. Returns {(rating, score): (rank, is_joint)}.
    """
    fully_scored = fully_scored_bands(counts)

    def rank_key(rating, score):
        return (rating_order(rating), -score if rating in fully_scored else 0)

    tied = {}
    for (rating, score), count in counts.items():
        if rating in RATINGS and count:
            key = rank_key(rating, score)
            tied[key] = tied.get(key, 0) + count
    rank_of_key = {}
    position = 1
    for key in sorted(tied):
        rank_of_key[key] = (position, tied[key] > 1)
        position += tied[key]
    return {
        (rating, score): rank_of_key[rank_key(rating, score)]
        for (rating, score), count in counts.items()
        if rating in RATINGS and count
    }


def joint_ranks(entries):
    """Competition ranks of (id, overall_rating, score) entries, as `ranks_by_rating_and_score`: {id: (rank, joint)}."""
    counts = {}
    for _, rating, score in entries:
        counts[(rating, score)] = counts.get((rating, score), 0) + 1
    ranks = ranks_by_rating_and_score(counts)
    return {entry_id: ranks[(rating, score)] for entry_id, rating, score in entries if rating in RATINGS}


def ordinal(number):
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def rank_label(rank, is_joint):
    """'=3rd' for a joint rank, '3rd' otherwise."""
    return f"={ordinal(rank)}" if is_joint else ordinal(rank)


# A funnel plot needs this many providers before its limits say anything.
MIN_FUNNEL_POINTS = 5

Z_95 = 1.959963984540054
Z_998 = 3.090232306167813


def wilson_interval(percent_yes, cases, z=Z_95):
    """Wilson score interval, in percent, for a '% yes' over `cases` cases.

    None when the number of cases is not known (an interval needs it).
    """
    if cases is None or cases <= 0 or percent_yes is None:
        return None
    p = float(percent_yes) / 100
    n = cases
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, (centre - half_width) * 100), min(100.0, (centre + half_width) * 100))


def funnel_limits(target_percent, cases, z):
    """Control limits (percent) around a national figure for a sample of `cases`."""
    p = float(target_percent) / 100
    half_width = z * math.sqrt(p * (1 - p) / cases)
    return (max(0.0, (p - half_width) * 100), min(100.0, (p + half_width) * 100))
