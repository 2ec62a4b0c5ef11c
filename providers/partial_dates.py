"""
Dates that sources give only to the month or the year ("2019-03", "2018").

A partial date is stored as two columns: the first day of the period it names
and its precision. Ordering by the date column keeps chronological order; the
precision keeps us from ever printing a day that no source states.
"""

import datetime
import re

from django.db import models


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
