"""The chart builders: pure functions from selector output to Plotly figure dicts."""

from collections import Counter

from dashboard import charts
from dashboard.selectors.inspections import KeyQuestionView, StandardView
from inspections import rating_rules

SCALE = rating_rules.RatingScale.first_round()


def question(code, percent, cases):
    return KeyQuestionView(
        code=code,
        text=f"Question {code}?",
        percent_yes=percent,
        cases_inspected=cases,
        subsample_of=None if cases else 132,
        uses_relevant_subsample=cases is None,
        interval=rating_rules.wilson_interval(percent, cases),
        indicated=SCALE.indicated_band([percent]),
    )


def test_key_questions_chart_has_whiskers_thresholds_and_band_colours():
    figure = charts.key_questions_chart([question("2.1.1", 75, 132), question("2.2.3", 47, None)], SCALE)
    bars = figure["data"][0]
    assert bars["x"] == [75, 47]
    low, high = rating_rules.wilson_interval(75, 132)
    assert bars["error_x"]["array"][0] == round(high - 75, 2)
    assert bars["error_x"]["arrayminus"][0] == round(75 - low, 2)
    assert bars["error_x"]["array"][1] == 0  # no interval without a case count
    assert bars["marker"]["color"] == [charts.RATING_COLOURS["Good"], charts.RATING_COLOURS["Inadequate"]]
    assert [shape["x0"] for shape in figure["layout"]["shapes"]] == [50, 65, 80]
    assert figure["layout"]["xaxis"]["range"] == [0, 100]


def test_standards_profile_marks_the_provider_in_its_band():
    standards = [
        StandardView(
            code="2.3",
            name="Implementation and delivery",
            description="",
            position=7,
            rating="Inadequate",
            indicated=None,
            key_questions=[],
        ),
    ]
    distributions = {"2.3": Counter({"Requires improvement": 1, "Inadequate": 3, "Not recorded": 24})}
    figure = charts.standards_profile(standards, distributions, "KSS CRC")
    by_name = {trace["name"]: trace for trace in figure["data"]}
    assert by_name["Inadequate"]["x"] == [3]
    assert by_name["Not recorded"]["x"] == [24]
    marker = by_name["KSS CRC's rating"]
    # Outstanding 0 + Good 0 + Requires improvement 1, then the middle of the 3 Inadequate.
    assert marker["x"] == [2.5]
    assert marker["text"] == ["KSS CRC: Inadequate"]


def test_distribution_chart_stacks_every_category_in_order():
    figure = charts.distribution_chart([("Seetec", Counter({"Requires improvement": 3}))])
    assert [trace["name"] for trace in figure["data"]] == [*rating_rules.RATINGS, "Not recorded"]
    assert figure["layout"]["barmode"] == "stack"


def test_funnel_limits_narrow_as_samples_grow():
    figure = charts.funnel_plot([("A", 60, 50), ("B", 70, 200)], 65, 200)
    upper_95 = next(trace for trace in figure["data"] if trace["name"] == "95% limits")
    widths = [upper - 65 for upper in upper_95["y"]]
    assert widths == sorted(widths, reverse=True)
    assert round(rating_rules.funnel_limits(65, 100, rating_rules.Z_95)[1], 1) == 74.3


def test_rating_history_orders_bands_worst_to_best():
    figure = charts.rating_history_chart(
        [("2018-10-01", "October 2018", "Inadequate", None), ("2020-02-01", "February 2020", "Good", 17)]
    )
    assert figure["layout"]["yaxis"]["categoryarray"] == list(reversed(rating_rules.RATINGS))
    assert figure["data"][0]["y"] == ["Inadequate", "Good"]
