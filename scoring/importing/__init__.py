"""Roster and self-assessment workbook import (INTERFACES.md). Other modules call
`import_roster(...)` and read the returned `ImportReport`; `build_template_workbook()` gives the
blank workbook people fill in."""

from scoring.importing.columns import HEADERS
from scoring.importing.service import ACTION_LABELS, ImportReport, Problem, import_roster
from scoring.importing.template import build_template_workbook

__all__ = [
    "ACTION_LABELS",
    "HEADERS",
    "ImportReport",
    "Problem",
    "build_template_workbook",
    "import_roster",
]
