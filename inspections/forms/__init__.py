"""
Forms of the editors' admin, one module per concern: the entry form laid out by framework (`entry`, with
`choose` for its first step, `layout`, `dates`, `fields`, `rows` and `initial`, and `carried` for a reading
carried through every Check), the report import (`report_import`), the CSV import (`csv_import`) and what the
imports share (`uploads`).
"""

from .choose import ChooseForm
from .csv_import import CsvImportForm
from .entry import InspectionEntry, Layout, initial_from_input, kq_field
from .readings import initial_from_reading
from .report_import import ReportImportForm
from .rows import with_spare_rows

__all__ = [
    "ChooseForm",
    "CsvImportForm",
    "InspectionEntry",
    "Layout",
    "ReportImportForm",
    "initial_from_input",
    "initial_from_reading",
    "kq_field",
    "with_spare_rows",
]
