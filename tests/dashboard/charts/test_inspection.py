"""The chart builders: pure functions from selector output to Plotly figure dicts."""

import re
from collections import Counter
from pathlib import Path

from dashboard.charts import inspection as charts
from dashboard.charts import theme
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
    assert bars["marker"]["color"] == [theme.RATING_COLOURS["Good"], theme.RATING_COLOURS["Inadequate"]]
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
    distributions = {"2.3": Counter({"Requires improvement": 2, "Inadequate": 3, "Not recorded": 23})}
    figure = charts.standards_profile(standards, distributions, "KSS CRC")
    by_name = {trace["name"]: trace for trace in figure["data"]}
    assert by_name["Inadequate"]["x"] == [3]
    assert by_name["Not recorded"]["x"] == [23]
    marker = by_name["KSS CRC's rating"]
    # Outstanding 0 + Good 0 + Requires improvement 2, then the middle of the 3 Inadequate.
    assert marker["x"] == [3.5]
    assert marker["text"] == ["KSS CRC: Inadequate"]


def test_distribution_chart_stacks_every_category_in_order():
    figure = charts.distribution_chart([("Seetec", Counter({"Requires improvement": 3, "Good": 2}))])
    assert [trace["name"] for trace in figure["data"]] == [*rating_rules.RATINGS, "Not recorded"]
    assert figure["layout"]["barmode"] == "stack"


def test_funnel_limits_narrow_as_samples_grow():
    figure = charts.funnel_plot([("A", 60, 50), ("B", 70, 200), ("C", 65, 90), ("D", 62, 120), ("E", 68, 80)], 65, 200)
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


def standard(code, rating):
    return StandardView(
        code=code, name=f"Standard {code}", description="", position=0, rating=rating, indicated=None, key_questions=[]
    )


def test_the_provider_is_marked_only_where_it_has_a_rating():
    standards = [standard("2.1", "Good"), standard("2.2", None), standard("2.3", None)]
    distributions = {code: Counter({"Good": 3, "Inadequate": 2, "Not recorded": 23}) for code in ("2.1", "2.2", "2.3")}
    figure = charts.standards_profile(standards, distributions, "KSS CRC")
    marker = next(trace for trace in figure["data"] if trace["name"] == "KSS CRC's rating")
    assert marker["y"] == ["2.1 Standard 2.1"]
    assert marker["text"] == ["KSS CRC: Good"]


def test_a_provider_with_no_rating_recorded_gets_no_standards_chart():
    standards = [standard("3.1", None), standard("3.2", None)]
    distributions = {"3.1": Counter({"Good": 4, "Not recorded": 3}), "3.2": Counter({"Good": 4, "Not recorded": 3})}
    assert charts.standards_profile(standards, distributions, "NPS London") is None


def test_too_few_recorded_values_give_no_distribution_chart():
    assert charts.distribution_chart([("All providers", Counter({"Inadequate": 4, "Not recorded": 24}))]) is None
    assert charts.distribution_chart([("All providers", Counter({"Inadequate": 5, "Not recorded": 23}))]) is not None


def test_a_funnel_needs_five_providers():
    points = [("A", 60, 50), ("B", 70, 200), ("C", 65, 90), ("D", 62, 120)]
    assert charts.funnel_plot(points, 65, 200) is None
    assert charts.funnel_plot([*points, ("E", 68, 80)], 65, 200) is not None


def test_every_chart_uses_the_site_template():
    figures = [
        charts.key_questions_chart([question("2.1.1", 75, 132)], SCALE),
        charts.distribution_chart([("All", Counter({"Good": 5}))]),
        charts.rating_history_chart([("2018-10-01", "October 2018", "Inadequate", None)]),
    ]
    for figure in figures:
        assert figure["layout"]["template"]["layout"]["font"]["family"] == theme.FONT
        assert "l" not in figure["layout"].get("margin", {})  # axes grow the margin to fit their labels
        assert figure["layout"]["yaxis"].get("automargin", True)


def test_row_labels_move_above_the_bars_on_a_narrow_screen():
    figure = charts.distribution_chart([("All providers", Counter({"Good": 5})), ("CRCs", Counter({"Good": 3}))])
    narrow = figure["layout"]["meta"]["narrow"]
    assert narrow["yaxis"]["showticklabels"] is False
    assert [note["text"] for note in narrow["annotations"]] == ["All providers", "CRCs"]
    # Each label sits on the top edge of its bar: above row 0's bar, above row 1's.
    half_bar = (1 - charts.BAR_GAP) / 2
    assert [note["y"] for note in narrow["annotations"]] == [0 - half_bar, 1 - half_bar]
    assert {note["yanchor"] for note in narrow["annotations"]} == {"bottom"}


def test_lower_is_better_measures_say_so():
    class Fact:
        unit = "percent"
        england_and_wales_value = 40
        target = None

        def __init__(self, metric, value):
            self.metric, self.provider_value = metric, value

    figure = charts.facts_chart(
        [
            Fact("Adjusted proportion of service users with a proven reoffence", 45),
            Fact("Positive completions of unpaid work requirements", 90),
        ],
        "KSS CRC",
    )
    labels = [label.replace("<br>", " ") for label in figure["data"][0]["y"]]
    assert labels == [
        "Adjusted proportion of service users with a proven reoffence (lower is better)",
        "Positive completions of unpaid work requirements",
    ]
    assert figure["data"][0]["name"] == "KSS CRC"


def _lab(colour):
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(channel):
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = linear(red), linear(green), linear(blue)
    x = (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047
    y = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    z = (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883

    def f(value):
        return value ** (1 / 3) if value > 0.008856 else 7.787 * value + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def colour_distance(first, second):
    """CIELAB ΔE*76: about 2.3 is the smallest difference people notice; 35 is far apart."""
    return sum((a - b) ** 2 for a, b in zip(_lab(first), _lab(second), strict=True)) ** 0.5


def test_identity_colours_never_resemble_a_rating_colour():
    for identity in theme.IDENTITY_COLOURS:
        for rating, colour in theme.RATING_COLOURS.items():
            assert colour_distance(identity, colour) >= 35, (identity, rating)
    pairs = [(a, b) for i, a in enumerate(theme.IDENTITY_COLOURS) for b in theme.IDENTITY_COLOURS[i + 1 :]]
    assert min(colour_distance(a, b) for a, b in pairs) >= 30


def test_identity_swatches_in_the_stylesheet_match_the_chart_colours():
    css = (Path(__file__).resolve().parents[3] / "static/css/site.css").read_text()
    for index, colour in enumerate(theme.IDENTITY_COLOURS):
        rules = re.findall(rf"\.provider-key--{index} \{{([^}}]*)\}}", css)
        backgrounds = [rule for rule in rules if "background" in rule]
        assert backgrounds and colour in backgrounds[-1], index
