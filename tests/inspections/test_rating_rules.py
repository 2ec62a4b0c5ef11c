import random

import pytest

from inspections import rating_rules
from inspections.models import Inspection
from inspections.rating_rules import GOOD, INADEQUATE, OUTSTANDING, REQUIRES_IMPROVEMENT, RatingScale
from tests.factories import ALL_TEN_KSS

SCALE = RatingScale.first_round()

# Annex 2 of the KSS CRC report (June 2019): '% yes' of each standard's key questions.
KSS_KEY_QUESTIONS = {
    "2.1": [75, 69, 49],
    "2.2": [61, 64, 47],
    "2.3": [76, 54, 41],
    "2.4": [71, 64, 47],
    "4.1": [70, 74, 65, 76],
    "4.2": [69, 54, 55],
}


def test_kss_scores_15_requires_improvement_one_point_below_good():
    score = SCALE.score(ALL_TEN_KSS.values())

    assert score == 15
    assert SCALE.band_for_score(score) == REQUIRES_IMPROVEMENT
    assert SCALE.points_to_next_band(score) == 1


@pytest.mark.django_db
def test_kss_score_from_the_stored_first_round_data(first_round):
    inspection = Inspection.objects.get(provider__slug="kss-crc")
    scale = inspection.framework.rating_scale()
    by_code = {rating.standard.code: rating.rating for rating in inspection.standard_ratings.select_related("standard")}
    ordered = [by_code.get(standard.code) for standard in inspection.framework.standards.order_by("position")]

    assert scale.score(ordered) == 15
    assert scale.band_for_score(15) == inspection.overall_rating == REQUIRES_IMPROVEMENT


def test_kss_2_3_indicated_inadequate_by_its_lowest_question():
    assert SCALE.indicated_band(KSS_KEY_QUESTIONS["2.3"]) == INADEQUATE
    assert min(KSS_KEY_QUESTIONS["2.3"]) == 41


def test_kss_2_4_indicated_inadequate_while_published_requires_improvement():
    assert SCALE.indicated_band(KSS_KEY_QUESTIONS["2.4"]) == INADEQUATE
    assert ALL_TEN_KSS["2.4"] == REQUIRES_IMPROVEMENT


def test_kss_4_1_indicated_good_at_65():
    assert SCALE.indicated_band(KSS_KEY_QUESTIONS["4.1"]) == GOOD


@pytest.mark.parametrize(
    ("lowest", "band"),
    [
        (0, INADEQUATE),
        (49.9, INADEQUATE),
        (50, REQUIRES_IMPROVEMENT),
        (64, REQUIRES_IMPROVEMENT),
        (64.99, REQUIRES_IMPROVEMENT),
        (65, GOOD),
        (79, GOOD),
        (79.9, GOOD),
        (80, OUTSTANDING),
        (100, OUTSTANDING),
    ],
)
def test_indicated_band_boundaries(lowest, band):
    assert SCALE.indicated_band([lowest, 100]) == band


def test_indicated_band_unknown_without_results():
    assert SCALE.indicated_band([]) is None
    assert SCALE.indicated_band([None]) is None


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, INADEQUATE),
        (5, INADEQUATE),
        (6, REQUIRES_IMPROVEMENT),
        (15, REQUIRES_IMPROVEMENT),
        (16, GOOD),
        (25, GOOD),
        (26, OUTSTANDING),
        (30, OUTSTANDING),
    ],
)
def test_score_band_boundaries(score, band):
    assert SCALE.band_for_score(score) == band


def test_score_outside_scale_is_refused():
    with pytest.raises(ValueError):
        SCALE.band_for_score(31)


def test_score_is_unknown_when_any_standard_is_unknown():
    ratings = dict(ALL_TEN_KSS, **{"2.3": None})

    assert SCALE.score(ratings.values()) is None
    assert SCALE.score(list(ALL_TEN_KSS.values())[:9]) is None
    assert SCALE.band_for_score(None) is None
    assert SCALE.points_to_next_band(None) is None


def test_points_to_next_band_is_none_at_the_top():
    assert SCALE.points_to_next_band(30) is None
    assert SCALE.points_to_next_band(25) == 1


def test_joint_ranks_share_a_rank_and_skip_the_next():
    entries = [
        ("a", GOOD, 20),
        ("b", REQUIRES_IMPROVEMENT, 12),
        ("c", REQUIRES_IMPROVEMENT, 12),
        ("d", REQUIRES_IMPROVEMENT, 9),
        ("e", INADEQUATE, 4),
        ("f", "", None),
    ]

    ranks = rating_rules.joint_ranks(entries)

    assert ranks == {"a": (1, False), "b": (2, True), "c": (2, True), "d": (4, False), "e": (5, False)}
    assert "f" not in ranks
    assert rating_rules.rank_label(*ranks["b"]) == "=2nd"
    assert rating_rules.rank_label(*ranks["d"]) == "4th"


def test_an_unknown_score_in_a_band_makes_the_whole_band_joint():
    entries = [
        ("good", GOOD, None),
        ("ri-high", REQUIRES_IMPROVEMENT, 15),
        ("ri-unknown", REQUIRES_IMPROVEMENT, None),
        ("ri-low", REQUIRES_IMPROVEMENT, 7),
        ("inadequate", INADEQUATE, 3),
    ]

    ranks = rating_rules.joint_ranks(entries)

    # Scores cannot order the RI band: the unknown one could lie anywhere.
    assert ranks["ri-high"] == ranks["ri-unknown"] == ranks["ri-low"] == (2, True)
    assert ranks["good"] == (1, False)
    assert ranks["inadequate"] == (5, False)


def test_scores_order_a_band_where_every_score_is_known():
    ranks = rating_rules.joint_ranks([("x", GOOD, 16), ("y", GOOD, 22), ("z", GOOD, 19)])

    assert ranks == {"y": (1, False), "z": (2, False), "x": (3, False)}


def test_wilson_interval_for_75_percent_of_132():
    low, high = rating_rules.wilson_interval(75, 132)

    assert low == pytest.approx(66.98, abs=0.01)
    assert high == pytest.approx(81.61, abs=0.01)


def test_wilson_interval_at_the_extremes_stays_within_0_100():
    low, high = rating_rules.wilson_interval(0, 10)
    assert low == 0
    assert high == pytest.approx(27.75, abs=0.01)
    low, high = rating_rules.wilson_interval(100, 10)
    assert low == pytest.approx(72.25, abs=0.01)
    assert high == pytest.approx(100)


def test_wilson_interval_needs_a_sample_size():
    assert rating_rules.wilson_interval(47, None) is None
    assert rating_rules.wilson_interval(None, 132) is None


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("Requires improvement", REQUIRES_IMPROVEMENT),
        ("requiring improvement", REQUIRES_IMPROVEMENT),
        ("  GOOD ", GOOD),
        ("Poor", None),
        ("", None),
    ],
)
def test_normalise_rating(text, rating):
    assert rating_rules.normalise_rating(text) == rating


def _rank_by_comparing_every_row(entries, entry_id):
    """(rank, is_joint) of one entry by comparing it with every other: the definition, slowly."""
    fully_scored = {
        band: all(score is not None for _, rating, score in entries if rating == band) for band in rating_rules.RATINGS
    }

    def key(rating, score):
        return (rating_rules.RATINGS.index(rating), -score if fully_scored[rating] else 0)

    rated = [(rating, score) for _, rating, score in entries if rating in rating_rules.RATINGS]
    mine = next(key(rating, score) for other_id, rating, score in entries if other_id == entry_id)
    better = sum(1 for rating, score in rated if key(rating, score) < mine)
    same = sum(1 for rating, score in rated if key(rating, score) == mine)
    return better + 1, same > 1


def test_ranks_from_counts_match_comparing_every_row():
    generator = random.Random(7)
    outcomes = [*rating_rules.RATINGS, rating_rules.NOT_RATED, ""]
    for _ in range(200):
        entries = [
            (number, generator.choice(outcomes), generator.choice([None, *range(0, 31, 3)]))
            for number in range(generator.randint(0, 40))
        ]
        ranks = rating_rules.joint_ranks(entries)
        for entry_id, rating, _ in entries:
            if rating in rating_rules.RATINGS:
                assert ranks[entry_id] == _rank_by_comparing_every_row(entries, entry_id)
            else:
                assert entry_id not in ranks
