"""Names in charts are text: plotly.js would read `<a href>` in a name as a link and `<b>` as bold."""

import json
import re

import pytest

from inspections.models import ContextualFact
from providers.models import Owner, Provider

HOSTILE_PROVIDER = 'KSS <a href="https://evil.example/">win</a>'
HOSTILE_OWNER = "<b>Seetec</b> & Co"
HOSTILE_METRIC = "Orders <i>completed</i>"
FIGURE = re.compile(r'<script id="(?P<id>[^"]+-figure)" type="application/json">(?P<json>.*?)</script>', re.S)


def figures(response):
    assert response.status_code == 200
    found = [json.loads(match["json"]) for match in FIGURE.finditer(response.content.decode())]
    assert found, "the page has no chart"
    return found


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


@pytest.fixture
def hostile_names(first_round):
    Provider.objects.filter(slug="kss-crc").update(short_name=HOSTILE_PROVIDER)
    Owner.objects.filter(slug="seetec").update(name=HOSTILE_OWNER)
    fact = ContextualFact.objects.filter(inspection__provider__slug="kss-crc", unit="percent").first()
    fact.metric = HOSTILE_METRIC
    fact.save()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/providers/kss-crc/", "/compare/kss-crc,bgsw-crc/", "/standards/2.1/", "/owners/seetec/"]
)
def test_names_in_figures_are_escaped_for_plotly(client, hostile_names, path):
    texts = [text for figure in figures(client.get(path)) for text in strings(figure)]
    for markup in ("<a ", "</a>", "<i>", "<b>Seetec"):
        assert not [text for text in texts if markup in text], f"{path}: {markup!r} reaches plotly.js as markup"
    # The owner page charts owners, and the standard page's funnels need five providers with a result.
    if path not in ("/owners/seetec/", "/standards/2.1/"):
        assert any('KSS &lt;a href="https://evil.example/"&gt;' in text for text in texts), path


@pytest.mark.django_db
def test_the_maps_names_are_text_in_its_svg(client, hostile_names):
    # The map is SVG the server writes: a name is escaped as any template text is, in its label and its link.
    page = client.get("/map/").content.decode()
    assert '<a href="https://evil.example/">' not in page
    assert "KSS &lt;a href=&quot;https://evil.example/&quot;&gt;win&lt;/a&gt;" in page


@pytest.mark.django_db
def test_fact_labels_are_escaped(client, hostile_names):
    texts = [text for figure in figures(client.get("/providers/kss-crc/")) for text in strings(figure)]
    assert any("&lt;i&gt;completed&lt;/i&gt;" in text for text in texts)
