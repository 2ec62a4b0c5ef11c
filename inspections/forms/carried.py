"""A reading carried beside its fields through every Check: one hidden field, signed so it cannot be forged."""

from __future__ import annotations

from django.core import signing

READING_FIELD = "reading"
_SALT = "inspections.entry.reading"
MAX_SIGNED_LENGTH = 64_000  # bytes of the signed field; a reading is a few sentences per field
MAX_ITEMS = 200
MAX_SENTENCE = 2_000
LISTS = ("not_read", "open_wordings", "checks")


def bounded_reading(reading):
    """The reading as plain, bounded values: {"evidence": {field: sentence}, "not_read": [...],
    "open_wordings": [...], "checks": [...], "notes": str}; None if there is none."""
    if not isinstance(reading, dict):
        return None

    def text(value):
        return str(value)[:MAX_SENTENCE] if value is not None else ""

    evidence = reading.get("evidence") or {}
    clean = {
        "evidence": {
            text(name)[:100]: text(sentence) for name, sentence in list(evidence.items())[:MAX_ITEMS] if sentence
        }
        if isinstance(evidence, dict)
        else {},
        "notes": text(reading.get("notes")),
    }
    for key in LISTS:
        items = reading.get(key) or []
        clean[key] = [text(item) for item in list(items)[:MAX_ITEMS]] if isinstance(items, list | tuple) else []
    return clean


def sign_reading(reading) -> str:
    clean = bounded_reading(reading)
    return signing.dumps(clean, salt=_SALT, compress=True) if clean else ""


def read_reading(token):
    """The reading a posted token carries, or None when there is none or it was altered or is too long."""
    if not token or len(token) > MAX_SIGNED_LENGTH:
        return None
    try:
        return bounded_reading(signing.loads(token, salt=_SALT))
    except signing.BadSignature:
        return None
