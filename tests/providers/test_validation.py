"""Rules every write applies to the text it is given."""

from providers.validation import visible_text


def test_visible_text_keeps_every_visible_character():
    text = "Kent, Surrey & Sussex — 94% «ok»\tNPS Cymru: Gwasanaeth Prawf Cenedlaethol\n"
    assert visible_text(text) == text
