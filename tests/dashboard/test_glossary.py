"""/glossary/: what the site's abbreviations stand for, the providers' read from their names in the data."""

import re

import pytest
from django.template import Context, Template

from dashboard.glossary import provider_acronym
from providers.models import Provider

pytestmark = pytest.mark.django_db

GLOSSARY = "/glossary/"
HIOW = "Hampshire and Isle of Wight"


def entry_text(html, anchor):
    match = re.search(rf'<div class="glossary-entry" id="{anchor}">(.*?)</div>', html, flags=re.S)
    assert match, f"no entry #{anchor}"
    return " ".join(re.sub(r"<[^>]+>", " ", match[1]).split())


def test_the_glossary_spells_out_the_sites_abbreviations(client, both_eras, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(GLOSSARY)
    html = response.content.decode()
    assert response.status_code == 200
    assert entry_text(html, "term-crc").startswith("CRC Community Rehabilitation Company 21 CRCs were set up")
    assert entry_text(html, "term-nps").startswith("NPS National Probation Service")
    assert entry_text(html, "term-pdu").startswith("PDU Probation Delivery Unit")
    assert entry_text(html, "term-hmi-probation").startswith("HMI Probation HM Inspectorate of Probation")
    assert "Dynamic inspection of public protection" in entry_text(html, "term-dipp")
    expected = {
        "bench": "Bedfordshire, Northamptonshire, Cambridgeshire and Hertfordshire",
        "hlny": "Humberside, Lincolnshire and North Yorkshire",
        "dtv": "Durham Tees Valley",
        "bgsw": "Bristol, Gloucestershire, Somerset and Wiltshire",
        "kss": "Kent, Surrey and Sussex",
        "dlnr": "Derbyshire, Leicestershire, Nottinghamshire and Rutland",
        "cgm": "Cheshire and Greater Manchester",
        "hiow": "Hampshire and Isle of Wight",
        "ddc": "Dorset, Devon and Cornwall",
    }
    for slug, area in expected.items():
        assert area in entry_text(html, f"term-{slug}")
    assert '<a href="/providers/kss-crc/">Kent, Surrey and Sussex Community Rehabilitation Company</a>' in html
    # Names that only look like abbreviations are not spelled out.
    assert 'id="term-staffs"' not in html


def test_a_providers_abbreviation_follows_its_name_in_the_data(client, both_eras):
    Provider.objects.filter(slug="kss-crc").update(short_name="KSX CRC")
    html = client.get(GLOSSARY).content.decode()
    assert 'id="term-kss"' not in html and 'id="term-ksx"' not in html  # KSX is not Kent, Surrey and Sussex


def test_the_glossary_is_linked_from_every_pages_footer_and_the_methodology(client, real_data):
    for address in ("/", "/methodology/", "/providers/kss-crc/"):
        assert '<a href="/glossary/">Glossary</a>' in client.get(address).content.decode()
    methodology = client.get("/methodology/").content.decode()
    assert '<a href="/glossary/">the glossary</a>' in methodology
    crc = '<abbr title="Community Rehabilitation Company">CRC</abbr>'
    assert f'<a class="glossary-link" href="/glossary/#term-crc">{crc}</a>' in methodology


@pytest.mark.parametrize(
    ("short_name", "name", "expected"),
    [
        ("KSS CRC", "Kent, Surrey and Sussex Community Rehabilitation Company", ("KSS", "Kent, Surrey and Sussex")),
        (
            "HIOW CRC",
            "Hampshire and Isle of Wight Community Rehabilitation Company",
            ("HIOW", "Hampshire and Isle of Wight"),
        ),
        ("NPS London", "National Probation Service - London Division", None),
        ("Staffs & West Midlands CRC", "Staffordshire and West Midlands Community Rehabilitation Company", None),
        ("Sunderland PDU", "Sunderland Probation Delivery Unit", None),
        ("ABC CRC", "Kent, Surrey and Sussex Community Rehabilitation Company", None),
    ],
)
def test_an_abbreviation_counts_only_when_its_capitals_are_the_areas_initials(short_name, name, expected):
    found = provider_acronym(short_name, name)
    assert (found and (found.acronym, found.expansion)) == (expected or None)


def render(text, **context):
    return Template("{% load dashboard_tags %}" + text).render(Context(context))


def test_the_abbreviation_filters():
    assert render('{{ "PDU"|glossary_abbr }}') == (
        '<a class="glossary-link" href="/glossary/#term-pdu"><abbr title="Probation Delivery Unit">PDU</abbr></a>'
    )
    assert render('{{ "CRCs"|glossary_abbr:"plain" }}') == '<abbr title="Community Rehabilitation Company">CRCs</abbr>'
    assert render("{{ word|glossary_abbr }}", word="<b>") == "&lt;b&gt;"
    kss = Provider(short_name="KSS CRC", name="Kent, Surrey and Sussex Community Rehabilitation Company")
    assert render("{{ provider|short_name_abbr }}", provider=kss) == (
        '<abbr title="Kent, Surrey and Sussex">KSS</abbr> <abbr title="Community Rehabilitation Company">CRC</abbr>'
    )
