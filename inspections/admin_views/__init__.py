"""
The editors' views under the Inspection admin, one module per task: enter or
correct an inspection (`entry`), import one from a 2018–20 report's text or PDF
(`report_import`) or from a press release or report page
(`press_release_import`), import CSV files (`csv_import`), and the worklist of
what the stored inspections still lack (`worklist`).

Each view is thin: forms in `inspections.forms`, rules and writes in
`inspections.services`, reading in `inspections.importers`. Every save runs in
a django-reversion revision that records the editor and what they did.
"""

from .csv_import import import_csv_view
from .entry import entry_view
from .press_release_import import import_press_release_view
from .report_import import import_report_view
from .worklist import worklist_view

__all__ = ["entry_view", "import_csv_view", "import_press_release_view", "import_report_view", "worklist_view"]
