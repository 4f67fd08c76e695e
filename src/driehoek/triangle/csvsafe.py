"""CSV cells that a spreadsheet will not run as a formula. No Django here.

A cell starting with = + - @, a tab or a carriage return can be read as a formula by
Excel or LibreOffice (CSV injection). Such a cell gets an apostrophe in front, which
the spreadsheet shows as plain text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> str:
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(rows: Iterable[Iterable[object]], *, delimiter: str = ";") -> str:
    """Rows as CSV text (semicolons: what a Dutch spreadsheet opens by default)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
