"""
Forms of the editors' admin, one module per concern: the entry form laid out by
framework (`entry`), the report import (`report_import`), the CSV import
(`csv_import`) and what the imports share (`uploads`).
"""

from .csv_import import CsvImportForm
from .entry import ChooseForm, InspectionEntry, Layout, initial_from_input, initial_from_reading, with_spare_rows
from .report_import import ReportImportForm

__all__ = [
    "ChooseForm",
    "CsvImportForm",
    "InspectionEntry",
    "Layout",
    "ReportImportForm",
    "initial_from_input",
    "initial_from_reading",
    "with_spare_rows",
]
