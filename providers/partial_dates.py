"""
Dates that sources give only to the month or the year ("2019-03", "2018").

A partial date is stored as two columns: the first day of the period it names
and its precision. Ordering by the date column keeps chronological order; the
precision keeps us from ever printing a day that no source states.
"""

import datetime
import re

from django.db import models

from .validation import is_blank


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


_PARTIAL_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")


def parse_partial_date(text):
    """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' into (date, precision).

    Raises ValueError with a readable message for anything else.
    """
    value = (text or "").strip()
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a date written as YYYY, YYYY-MM or YYYY-MM-DD.")
    year = int(match["year"])
    month = int(match["month"] or 1)
    day = int(match["day"] or 1)
    try:
        date = datetime.date(year, month, day)
    except ValueError as error:
        raise ValueError(f"'{value}' is not a real date ({error}).") from None
    if match["day"]:
        return date, DatePrecision.DAY
    if match["month"]:
        return date, DatePrecision.MONTH
    return date, DatePrecision.YEAR


def partial_date_input(value, precision):
    """(date, precision, message) from what an editor or a file gives: a date with its precision,
    or a 'YYYY[-MM[-DD]]' text whose precision follows from it. Blank gives no date and no message."""
    if is_blank(value):
        return None, precision, None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        if precision not in DatePrecision.values:
            return None, precision, f"'{precision}' is not a date precision (day, month or year)."
        if (
            precision == DatePrecision.MONTH
            and value.day != 1
            or (precision == DatePrecision.YEAR and (value.month, value.day) != (1, 1))
        ):
            return None, precision, f"A date of {precision} precision must be the first day of its {precision}."
        return value, precision, None
    try:
        date, parsed_precision = parse_partial_date(str(value))
    except ValueError as error:
        return None, precision, str(error)
    return date, parsed_precision, None


def format_partial_date(date, precision):
    """Human form of a partial date: '19 June 2019', 'June 2019' or '2019'."""
    if date is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{date.year}"
    if precision == DatePrecision.MONTH:
        return date.strftime("%B %Y")
    return f"{date.day} {date.strftime('%B %Y')}"


def iso_partial_date(date, precision):
    """Machine form, as precise as the source: '2019-06-19', '2019-06' or '2019'."""
    if date is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{date.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()
