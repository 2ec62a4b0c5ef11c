"""
The rule for each single value of an inspection: numbers, ratings, publication dates.

Coercions return (value, message or None); checks return a message for the
editor, or None. The importers run them on a file's rows before anything is
written, `validation` on a whole inspection.
"""

import datetime
from decimal import Decimal, InvalidOperation

from providers.partial_dates import DatePrecision, partial_date_input
from providers.validation import clean_text, is_blank

from .. import rating_rules

RATING_CHOICES_TEXT = ", ".join(rating_rules.RATINGS)
OVERALL_CHOICES_TEXT = ", ".join(rating_rules.OVERALL_OUTCOMES)
TWO_PLACES = Decimal("0.01")


def two_place_decimal(value, what):
    """A Decimal with at most two decimal places, None when blank."""
    if is_blank(value):
        return None, None
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None, f"{what} '{value}' is not a number."
    if not number.is_finite():
        return None, f"{what} '{value}' is not a number."
    if number != number.quantize(TWO_PLACES):
        return None, f"{what} '{value}' has more than two decimal places."
    return number.quantize(TWO_PLACES), None


def positive_whole_number(value, what):
    """A positive whole number, None when blank."""
    if is_blank(value):
        return None, None
    if isinstance(value, bool):
        return None, f"{what} '{value}' is not a whole number."
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip().replace(",", "")
        try:
            number = int(text)
        except ValueError:
            try:
                as_decimal = Decimal(text)
            except InvalidOperation:
                return None, f"{what} '{value}' is not a whole number."
            if as_decimal != as_decimal.to_integral_value():
                return None, f"{what} '{value}' is not a whole number."
            number = int(as_decimal)
    if number <= 0:
        return None, f"{what} must be a positive whole number, not {value}."
    return number, None


def rating_message(value):
    return f"'{value}' is not one of {RATING_CHOICES_TEXT}."


def rating_error(value):
    """Why a standard's rating cannot be stored, or None (blank is 'not recorded')."""
    value = clean_text(value)
    if value and value not in rating_rules.RATINGS:
        return rating_message(value)
    return None


def overall_rating_error(value):
    """Why an overall outcome cannot be stored, or None (blank is 'not recorded')."""
    value = clean_text(value)
    if value and value not in rating_rules.OVERALL_OUTCOMES:
        return f"'{value}' is not one of {OVERALL_CHOICES_TEXT}."
    return None


def published_date_error(value, today=None):
    """Why a publication date cannot be stored, or None: it must be a real partial date, not in the future."""
    date, _, message = partial_date_input(value, DatePrecision.DAY)
    if message:
        return message
    if date is None:
        return "Enter the publication date (YYYY, YYYY-MM or YYYY-MM-DD)."
    today = today or datetime.date.today()
    if date > today:
        return f"{date.isoformat()} is in the future: only published reports are entered."
    return None
