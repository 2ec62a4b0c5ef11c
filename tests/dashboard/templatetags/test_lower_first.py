"""`lower_first`: a name set inside a sentence keeps its proper nouns and abbreviations."""

import pytest

from dashboard.templatetags.dashboard_tags import lower_first


@pytest.mark.parametrize(
    ("name", "in_a_sentence"),
    [
        (
            "Second round (2019–20), stopped by COVID-19 in March 2020",
            "second round (2019–20), stopped by COVID-19 in March 2020",
        ),
        ("Unpaid work and Through the Gate", "unpaid work and Through the Gate"),
        ("NPS divisions", "NPS divisions"),
        ("PDU programme (2021 model)", "PDU programme (2021 model)"),
        ("", ""),
    ],
)
def test_only_the_first_letter_of_an_ordinary_word_is_lowered(name, in_a_sentence):
    assert lower_first(name) == in_a_sentence
