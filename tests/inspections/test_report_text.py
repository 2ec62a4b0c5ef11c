"""The report reader on the real KSS CRC report and on layout variations made from it."""

import re
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

from inspections.importers.pdf_text import UnreadablePdf, text_from_pdf
from inspections.importers.report_text import match_provider, parse_report
from tests.factories import ALL_TEN_KSS

KSS_TEXT = (Path(__file__).resolve().parents[2] / "fixtures" / "reports" / "kss-crc-2019.txt").read_text()

KSS_RATINGS = ALL_TEN_KSS
KSS_PERCENTS = {
    "2.1.1": "75",
    "2.1.2": "69",
    "2.1.3": "49",
    "2.2.1": "61",
    "2.2.2": "64",
    "2.2.3": "47",
    "2.3.1": "76",
    "2.3.2": "54",
    "2.3.3": "41",
    "2.4.1": "71",
    "2.4.2": "64",
    "2.4.3": "47",
    "4.1.1": "70",
    "4.1.2": "74",
    "4.1.3": "65",
    "4.1.4": "76",
    "4.2.1": "69",
    "4.2.2": "54",
    "4.2.3": "55",
}
# (provider value, England and Wales value, target, unit) of each contextual fact, in the report's order.
KSS_FACTS = [
    (None, "151788", None, "count"),
    ("8652", None, None, "count"),
    ("4", None, None, "count"),
    ("45.1", None, None, "percent"),
    ("82", "79", "75", "percent"),
    ("69", "71", "65", "percent"),
    ("94", "89", "90", "percent"),
]
KSS_RECOMMENDATION_STARTS = [
    "improve the quality",
    "equip all staff",
    "make sure that",
    "reassure itself",
    "enhance the",
]


def assert_reads_kss(reading, *, exact_texts=True):
    assert reading.provider_type == "crc"
    assert "Kent, Surrey and Sussex" in reading.provider_name
    assert reading.published_month == "2019-06"
    assert reading.fieldwork_started_month == "2019-02"
    assert reading.overall_rating == "Requires improvement"
    assert reading.caseload_as_reported == "approximately 8,600"
    assert reading.ratings == KSS_RATINGS
    assert {item.code: item.percent_yes for item in reading.key_questions} == KSS_PERCENTS
    assert reading.relevant_subsample_questions == ["2.2.3", "2.3.3", "2.4.3"]
    assert [(s.label, s.cases_inspected) for s in reading.samples] == [
        ("2 Case supervision", 132),
        ("4.1 Unpaid work", 54),
        ("4.2 Through the Gate", 42),
    ]
    assert [(f.provider_value, f.england_and_wales_value, f.target, f.unit) for f in reading.facts] == KSS_FACTS
    assert [f.source_citation.split(".")[0] for f in reading.facts] == [
        "Ministry of Justice (2018)",
        "Ministry of Justice (2018)",
        "",
        "Ministry of Justice (2019)",
        "Ministry of Justice (2018)",
        "Ministry of Justice (2018)",
        "Ministry of Justice (2018)",
    ]
    assert len(reading.recommendations) == 5
    for recommendation, start in zip(reading.recommendations, KSS_RECOMMENDATION_STARTS, strict=True):
        assert recommendation.text.startswith(start)
        assert recommendation.addressed_to == "Kent, Surrey and Sussex CRC should"
    if exact_texts:
        assert reading.recommendations[3].text == (
            "reassure itself that the range of interventions, both accredited and non-accredited, are consistently "
            "available and are being provided to individuals subject to supervision by the CRC"
        )
        assert (
            reading.key_question("2.1.3").question == "Does assessment focus sufficiently on keeping other people safe?"
        )
        assert reading.facts[4].source_citation == (
            "Ministry of Justice (2018). CRC Service Level 8, community performance quarterly statistics, "
            "July 2017-September 2018, Q2"
        )
    assert reading.not_read == []


def test_reads_the_whole_kss_report():
    reading = parse_report(KSS_TEXT)
    assert reading.provider_name == "Kent, Surrey and Sussex Community Rehabilitation Company"
    assert reading.facts[1].metric == "The number of individuals supervised by Kent, Surrey and Sussex CRC"
    assert_reads_kss(reading)


def test_tabs_become_spaces():
    assert "\t" in KSS_TEXT
    assert_reads_kss(parse_report(KSS_TEXT.replace("\t", "  ")))
    assert_reads_kss(parse_report(KSS_TEXT.replace("\t", " ")))


def reflow(text, width):
    """Rewrap every line longer than `width`, as a PDF's text layer or a narrow copy does."""
    return "\n".join(
        textwrap.fill(line, width=width, break_long_words=False, break_on_hyphens=False) if line.strip() else line
        for line in text.replace("\t", " ").split("\n")
    )


@pytest.mark.parametrize("width", [40, 72])
def test_reflowed_lines(width):
    text = reflow(KSS_TEXT, width)
    assert "sufficiently on keeping other people safe? 49%" not in text.replace("\n", "")  # really reflowed
    assert_reads_kss(parse_report(text))


def test_per_cent_instead_of_percent_sign():
    text = KSS_TEXT.replace("%", " per cent")
    assert "49 per cent" in text
    assert_reads_kss(parse_report(text))


@pytest.mark.parametrize(
    "marker",
    [r"[\1]", r" \1", "superscript"],
    ids=["bracketed", "bare-number", "superscript-digits"],
)
def test_footnote_markers_in_other_forms(marker):
    if marker == "superscript":
        digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
        text = re.sub(r"<sup>(\d+)</sup>", lambda m: "".join(digits[int(d)] for d in m[1]), KSS_TEXT)
    else:
        text = re.sub(r"[ \t]*<sup>(\d+)</sup>", marker, KSS_TEXT)
    assert "<sup>" not in text
    assert_reads_kss(parse_report(text), exact_texts=marker != " \\1")


def test_plain_text_without_markup():
    text = re.sub(r"</?(b|i|p|sup)>", "", KSS_TEXT)
    text = re.sub(r"^#+ ", "", text, flags=re.MULTILINE).replace("**", "")
    assert_reads_kss(parse_report(text), exact_texts=False)


def nps_variant():
    """The KSS text turned into an NPS division's: other title, domain 3 standards, no 4.x key questions."""
    text = KSS_TEXT.replace(
        "# Kent, Surrey and Sussex Community Rehabilitation Company",
        "# National Probation Service South East and Eastern Division",
    )
    text = re.sub(r"^.*\b4\.\d\.\d\..*$\n?", "", text, flags=re.MULTILINE)
    text = text.replace("4.1 <sup>1</sup>\tUnpaid work\tGood", "3.1\tCourt reports and allocation\tGood")
    text = text.replace("4.2\tThrough the Gate\tRequires improvement", "3.2\tStatutory victim work\tOutstanding")
    text = re.sub(r"\b4\.(1|2)\.? (Unpaid work|Through the Gate)", "", text)
    text = text.replace("<b>4.1. Unpaid work</b>", "").replace("<b>4.2. Through the Gate</b>", "")
    return text


def test_nps_division_report():
    reading = parse_report(nps_variant())
    assert reading.provider_type == "nps"
    assert reading.ratings["3.1"] == "Good"
    assert reading.ratings["3.2"] == "Outstanding"
    assert not any(code.startswith("4.") for code in reading.ratings)
    assert not any(item.code.startswith("4.") for item in reading.key_questions)
    assert len(reading.key_questions) == 12


PROVIDERS = [
    SimpleNamespace(
        name="Kent, Surrey and Sussex Community Rehabilitation Company", short_name="KSS CRC", provider_type="crc"
    ),
    SimpleNamespace(
        name="Bristol, Gloucestershire, Somerset and Wiltshire Community Rehabilitation Company",
        short_name="BGSW CRC",
        provider_type="crc",
    ),
    SimpleNamespace(name="Wales Community Rehabilitation Company", short_name="Wales CRC", provider_type="crc"),
    SimpleNamespace(name="National Probation Service - Wales Division", short_name="NPS Wales", provider_type="nps"),
    SimpleNamespace(
        name="National Probation Service - South East and Eastern Division",
        short_name="NPS South East & Eastern",
        provider_type="nps",
    ),
]


@pytest.mark.parametrize(
    ("title", "provider_type", "expected"),
    [
        ("Kent, Surrey and Sussex Community Rehabilitation Company", "crc", "KSS CRC"),
        (
            "Bristol, Gloucestershire, Somerset and Wiltshire probation services managed by Kent, Surrey and Sussex "
            "Community Rehabilitation Company",
            "crc",
            "BGSW CRC",
        ),
        ("Wales Community Rehabilitation Company", "crc", "Wales CRC"),
        ("the National Probation Service Wales Division", "nps", "NPS Wales"),
        ("National Probation Service South East and Eastern Division", "nps", "NPS South East & Eastern"),
        ("Probation services in Atlantis", None, None),
    ],
)
def test_matches_the_provider_a_title_names(title, provider_type, expected):
    provider = match_provider(title, PROVIDERS, provider_type)
    assert (provider.short_name if provider else None) == expected


def test_lists_what_it_could_not_read():
    text = KSS_TEXT.replace("JUNE 2019", "").replace("Fieldwork started: February 2019", "")
    text = re.sub(r"^2\.3\.2\..*$", "", text, flags=re.MULTILINE)
    reading = parse_report(text)
    assert reading.published_month is None
    assert reading.fieldwork_started_month is None
    assert reading.key_question("2.3.2") is None
    assert any(line.startswith("Publication date") for line in reading.not_read)
    assert any(line.startswith("Fieldwork start") for line in reading.not_read)


def test_conflicting_ratings_are_flagged_not_guessed_away():
    text = KSS_TEXT.replace("2.2 Planning\tRequires improvement", "2.2 Planning\tGood")
    reading = parse_report(text)
    assert reading.ratings["2.2"] == "Requires improvement"  # the summary table comes first
    assert any("2.2" in line and "Good" in line for line in reading.not_read)


def test_empty_or_unrelated_text_reads_nothing():
    assert parse_report("").not_read == ["The text is empty."]
    reading = parse_report("A shopping list:\neggs\nmilk\n")
    assert reading.ratings == {}
    assert reading.overall_rating is None
    assert any(line.startswith("Provider") for line in reading.not_read)
    assert any(line.startswith("Overall rating") for line in reading.not_read)


def minimal_pdf(lines):
    """A one-page PDF whose text layer holds `lines`, written byte by byte (Helvetica, no dependencies)."""
    stream = "BT /F1 10 Tf 40 800 Td 12 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines
    )
    stream += " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_reads_the_text_layer_of_a_pdf():
    lines = [
        "An inspection of",
        "Kent, Surrey and Sussex Community Rehabilitation Company",
        "HM Inspectorate of Probation",
        "JUNE 2019",
        "Fieldwork started: February 2019",
        "Overall rating",
        "Requires improvement",
        "1.1 Leadership Outstanding",
        "2.3 Implementation and delivery Inadequate",
        "2.1.3. Does assessment focus sufficiently on keeping other people safe? 49%",
    ]
    text = text_from_pdf(minimal_pdf(lines))
    reading = parse_report(text)
    assert reading.provider_type == "crc"
    assert reading.published_month == "2019-06"
    assert reading.fieldwork_started_month == "2019-02"
    assert reading.overall_rating == "Requires improvement"
    assert reading.ratings == {"1.1": "Outstanding", "2.3": "Inadequate"}
    assert reading.key_question("2.1.3").percent_yes == "49"


@pytest.mark.parametrize("data", [b"", b"not a pdf at all", b"%PDF-1.4\ngarbage"])
def test_a_broken_pdf_is_refused_with_a_message(data):
    with pytest.raises(UnreadablePdf) as error:
        text_from_pdf(data)
    assert str(error.value)


def test_a_pdf_without_text_is_refused():
    with pytest.raises(UnreadablePdf, match="no text layer"):
        text_from_pdf(minimal_pdf([]))
