"""Reading CSV files as school systems really write them (no Django).

Encodings: UTF-8 with or without BOM, else Windows-1252. Delimiters: comma or semicolon
(sniffed from the header line). Headers are matched without regard to case, spaces and
a few known misspellings. Dates: ISO (2026-08-24, with or without a time), Dutch
dd-mm-jjjj and D/MM/YYYY.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import sys
from collections.abc import Iterator
from typing import IO

from driehoek.roster_import.records import _

# A field longer than this is not a name or a key; csv's own limit is 128 KiB.
MAX_FIELD = 2000
csv.field_size_limit(min(sys.maxsize, 10 * 1024 * 1024))


class CsvFileError(ValueError):
    """The file as a whole cannot be read as CSV (binary, no header)."""


def decode_stream(raw: IO[bytes]) -> IO[str]:
    """A text stream over `raw`: UTF-8 (BOM removed) when the file is valid UTF-8, else
    Windows-1252, the encoding of Excel's "CSV" on Dutch Windows."""
    start = raw.read(64 * 1024)
    raw.seek(0)
    if b"\x00" in start:
        raise CsvFileError(_("this is not a text file (it contains binary data)"))
    encoding = "utf-8-sig"
    try:
        _check_utf8(raw)
    except UnicodeDecodeError:
        encoding = "cp1252"
    raw.seek(0)
    # newline="": the csv module handles line ends itself (CRLF, quoted line breaks).
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")  # type: ignore[arg-type]


def _check_utf8(raw: IO[bytes]) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    while chunk := raw.read(1024 * 1024):
        decoder.decode(chunk)
    decoder.decode(b"", final=True)


def normalise_header(name: str) -> str:
    """'Student Number ' → 'studentnumber'; known typos fixed."""
    key = re.sub(r"[\s_\-.]", "", name.strip().lower())
    return _TYPOS.get(key, key)


_TYPOS = {
    "dataLastModified".lower(): "datelastmodified",
    "prefferedgivenname": "preferredgivenname",
    "prefferedmiddlename": "preferredmiddlename",
    "prefferedfamilyname": "preferredfamilyname",
}


class Row:
    """One data row: its line number and its cells, looked up by normalised header name
    (the header's index is shared by all rows, so a row costs no dictionary of its own)."""

    __slots__ = ("cells", "index", "line")

    def __init__(self, line: int, cells: list[str], index: dict[str, int]) -> None:
        self.line = line
        self.cells = cells
        self.index = index

    def get(self, key: str) -> str:
        position = self.index.get(key)
        if position is None or position >= len(self.cells):
            return ""
        return self.cells[position].strip()


def read_rows(
    text: IO[str], *, file: str, problems: list[tuple[int, str, str]]
) -> tuple[list[str], Iterator[Row]]:
    """The normalised header and an iterator over the data rows (streaming).

    Rows with more cells than the header, or a cell longer than MAX_FIELD, are
    reported in `problems` as (line, column, reason) and not yielded.
    """
    first = text.readline()
    if not first.strip():
        raise CsvFileError(_("the file is empty or has no header line"))
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header_cells = next(csv.reader([first], delimiter=delimiter))
    header = [normalise_header(cell) for cell in header_cells]
    rest = csv.reader(text, delimiter=delimiter)

    width = len(header)
    # The first column of a name wins (an export with two "email" columns).
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        if name:
            index.setdefault(name, position)

    def rows() -> Iterator[Row]:
        line = 1
        try:
            for cells in rest:
                line = rest.line_num + 1
                if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                    problems.append(
                        (
                            line,
                            "",
                            _(
                                "has %(cells)s cells, the header has %(header)s",
                                cells=len(cells),
                                header=width,
                            ),
                        )
                    )
                    continue
                if cells and max(map(len, cells)) > MAX_FIELD:
                    wide = next(i for i, cell in enumerate(cells) if len(cell) > MAX_FIELD)
                    column = header[wide] if wide < width else ""
                    problems.append(
                        (
                            line,
                            column,
                            _("is longer than %(max_field)s characters", max_field=MAX_FIELD),
                        )
                    )
                    continue
                if not "".join(cells).strip():
                    continue
                yield Row(line, cells, index)
        except csv.Error as exc:
            problems.append((line, "", _("cannot be read as CSV (%(exc)s)", exc=exc)))

    return header, rows()


def open_csv_bytes(data: bytes) -> IO[str]:
    return decode_stream(io.BytesIO(data))


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def parse_date(text: str) -> datetime.date:
    """ISO (with or without a time) or day first (dd-mm-jjjj, D/MM/YYYY). ValueError else."""
    text = text.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    match = _DAY_FIRST.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    raise ValueError(text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> str:
    """A cell as Driehoek writes it to a CSV export: text that a spreadsheet would run as
    a formula (=, +, -, @, tab, carriage return) gets a leading apostrophe."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text
