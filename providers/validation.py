"""
Rules every write of published data applies to the values it is given, whoever gives them.

Providers' and inspections' services both clean text and check web addresses
with these, so a name or a note is stored the same way whichever form or
importer it came from. Messages are written for the editor who sees them next
to the field concerned.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

# Kept although they are controls: the line breaks and tabs of pasted report text.
KEPT_CONTROLS = frozenset("\t\n\r")
MAX_URL_LENGTH = 500

_url_validator = URLValidator(schemes=["http", "https"])


def is_blank(value):
    """True for None and for text of spaces only: a blank value is 'not recorded'."""
    return value is None or (isinstance(value, str) and not value.strip())


def visible_text(text):
    """`text` without invisible control characters (Unicode categories Cc and Cf, except tab and
    line breaks): bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069), zero-width
    characters (U+200B-U+200F), byte-order marks. Stored, they would let a name display as another
    (spoofing) or hide text; pasted from a PDF they are noise."""
    if text.isprintable():
        return text
    return "".join(
        character
        for character in text
        if character in KEPT_CONTROLS or unicodedata.category(character) not in ("Cc", "Cf")
    )


def clean_text(value):
    """Every text value a service writes: stripped of surrounding space and invisible characters."""
    return "" if value is None else visible_text(str(value)).strip()


def url_error(url):
    """Why a web address cannot be stored as a source, or None."""
    url = clean_text(url)
    try:
        _url_validator(url)
    except ValidationError:
        return f"'{url}' is not a valid web address (http:// or https://)."
    if len(url) > MAX_URL_LENGTH:
        return f"A web address may have at most {MAX_URL_LENGTH} characters."
    return None


class FieldErrors(dict):
    """Messages collected by field, raised together so an editor sees every fault at once."""

    def add(self, key, message):
        self.setdefault(key, []).append(message)

    def raise_if_any(self):
        if self:
            raise ValidationError(dict(self))
