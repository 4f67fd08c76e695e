"""One entry point for every import format (no Django): path in, records out."""

from __future__ import annotations

from pathlib import Path

from driehoek.roster_import.records import Problem, RosterSet, UnreadableImport, paused_gc
from driehoek.roster_import.sources import Source, detect_format, open_source

FORMATS = ("oneroster", "edexml", "csv")


def read_roster(
    path: Path,
    *,
    format: str | None = None,
    guardians: Path | None = None,
    school_code: str = "",
    school_name: str = "",
) -> RosterSet:
    """Read a OneRoster set, an EDEXML file or a Dutch CSV export.

    `guardians` is a Dutch CSV file of parents to go with an EDEXML file (which has
    none); in a folder or zip, a CSV file next to the XML file is used the same way.
    `school_code` (BRIN) and `school_name` choose the school's part of a OneRoster file
    that covers several schools. Raises UnreadableImport when the input as a whole cannot
    be read.
    """
    with paused_gc():
        return _read(
            path,
            format=format,
            guardians=guardians,
            school_code=school_code,
            school_name=school_name,
        )


def _read(
    path: Path, *, format: str | None, guardians: Path | None, school_code: str, school_name: str
) -> RosterSet:
    source = open_source(path)
    found = format or detect_format(source)
    if found not in FORMATS:
        raise UnreadableImport([Problem(path.name, 0, "", f"unknown format '{found}'")])
    if found == "oneroster":
        from driehoek.roster_import.oneroster import parse_oneroster

        return parse_oneroster(source, school_code=school_code, school_name=school_name)
    if found == "edexml":
        from driehoek.roster_import.edexml import parse_edexml

        extra = open_source(guardians) if guardians is not None else None
        return parse_edexml(source, guardians=extra)
    from driehoek.roster_import.dutch_csv import parse_dutch_csv

    if guardians is not None:
        source = Source(
            source.label, [*source.files.values(), *open_source(guardians).files.values()]
        )
    return parse_dutch_csv(source)
