"""
The CSV writer of every export: text a spreadsheet would take for a formula is neutralised.

Following OWASP's CSV-injection guidance, a text cell starting with =, +, -, @, a tab or a
carriage return gets a leading apostrophe, so a spreadsheet shows it as text instead of running
it. Numbers stay numbers: ints, floats and Decimals pass through, and so does text that is
exactly a number ("-1.5", written by the exports' own number formatting). The csv module quotes
any cell holding a separator or a quote, so a cell cannot open another one.
"""

import csv
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(value):
    """The cell as a spreadsheet should show it: formula-like text prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row):
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(file, **options):
    """A csv.writer whose text cells are neutralised; use it for every CSV the site serves."""
    return _SafeWriter(file, **options)


class _Echo:
    """A file that hands back what is written to it: csv.writer's text of one row."""

    def write(self, text):
        return text


def lines(rows, **options):
    """Each row as its line of CSV text, neutralised as `writer` writes it, read as it is needed."""
    row_writer = writer(_Echo(), **options)
    for row in rows:
        yield row_writer.writerow(row)
