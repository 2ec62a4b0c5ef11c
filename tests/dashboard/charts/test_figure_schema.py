"""Every figure the chart and map builders make is valid against the plotly.js schema of our bundle.

The builders write plain dicts, so nothing checks them while a page is served:
plotly.py checks them here instead, each figure the real data's pages carry
and its narrow form, and finds them the same as plotly.py would have built them.
"""

from types import SimpleNamespace

import plotly.graph_objects as go
import pytest

from dashboard.charts import comparison
from dashboard.charts import inspection as charts
from tests.dashboard.test_providers import chart_figures

# Between them, these pages carry a figure of every builder but the funnel plot and the comparison's
# key-question chart, for which the real data have too few key questions (both are checked below).
PAGES = {
    "/providers/kss-crc/": {
        "chart-standards-figure",  # standards_profile
        "chart-key-questions-figure",  # key_questions_chart
        "chart-facts-figure",  # facts_chart
        "locator-map-figure",  # locator_map
    },
    "/providers/dtv-crc/": {"chart-history-figure"},  # rating_history_chart
    "/standards/2.3/": {"chart-distribution-figure"},  # distribution_chart
    "/owners/seetec/": {"chart-distribution-figure"},
    "/compare/kss-crc,bgsw-crc/": {
        "chart-compare-standards-figure",  # standards_comparison_chart, with its scale above and below
        "locator-map-figure",  # locator_map with a fill per provider
    },
    # legend entries for the providers with nothing recorded
    "/compare/kss-crc,bgsw-crc,nps-london,dlnr-crc,nps-wales,thames-valley-crc/": {"chart-compare-standards-figure"},
}


def assert_valid(figure):
    """Plotly.py accepts the figure and its narrow form, and would have built the same dict."""
    assert go.Figure(figure).to_plotly_json() == figure
    narrow = figure["layout"].get("meta", {}).get("narrow")
    if narrow:
        go.Layout(narrow)


def test_the_check_refuses_a_misspelt_property():
    figure = charts.distribution_chart([("Seetec", {"Good": 3, "Inadequate": 2})])
    figure["data"][0]["hovertemplat"] = figure["data"][0].pop("hovertemplate")
    with pytest.raises(ValueError, match="hovertemplat"):
        assert_valid(figure)
    figure = charts.distribution_chart([("Seetec", {"Good": 3, "Inadequate": 2})])
    figure["layout"]["meta"]["narrow"]["yaxis"]["showticklabel"] = False
    with pytest.raises(ValueError, match="showticklabel"):
        assert_valid(figure)


@pytest.mark.parametrize("path", PAGES)
def test_every_figure_of_the_real_data_pages_is_valid(client, real_data, path):
    response = client.get(path)
    assert response.status_code == 200
    figures = {name: figure for name, figure in chart_figures(response).items() if name.endswith("-figure")}
    assert PAGES[path] <= figures.keys()
    for figure in figures.values():
        assert_valid(figure)


def test_the_funnel_plot_is_valid():
    points = [(f"Provider {index}", 48 + index * 4.5, 40 + index * 17) for index in range(8)]
    assert_valid(charts.funnel_plot(points, 62.5, 159))


def test_the_comparison_key_question_chart_is_valid():
    def result(percent):
        return SimpleNamespace(percent_yes=percent, interval=(percent - 8, percent + 7), interval_label="")

    rows = [
        SimpleNamespace(code=f"2.{index}.1", cells=[result(40 + index * 3), None, result(70 - index)])
        for index in range(1, 20)
    ]
    figure = comparison.key_questions_comparison_chart(["A CRC", "B CRC", "C CRC"], rows, [(50, "Good")])
    assert [trace.get("name") for trace in figure["data"]] == ["A CRC", "B CRC — no results recorded", "C CRC", None]
    assert figure["layout"]["xaxis2"]["side"] == "top"  # 19 rows: taller than a screen
    assert_valid(figure)
