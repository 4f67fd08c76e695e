"""Where an import's files come from: a folder, a zip file or a single file (no Django).

Files are opened one at a time and read as streams, so a large export is never held in
memory whole. Names are matched without regard to case (`userprofiles.csv` and
`userProfiles.csv` are the same file).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from driehoek.roster_import.records import Problem, UnreadableImport, _

# A zip bomb guard: no import is anywhere near this large once unpacked.
MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class SourceFile:
    name: str  # as shown in reports: the file's own name, e.g. "users.csv"
    open: Callable[[], IO[bytes]]


class Source:
    """The files of one import, by lower-case name."""

    def __init__(self, label: str, files: list[SourceFile]) -> None:
        self.label = label
        self.files = {file.name.lower(): file for file in files}

    def get(self, name: str) -> SourceFile | None:
        return self.files.get(name.lower())

    def with_suffix(self, suffix: str) -> list[SourceFile]:
        return [file for key, file in sorted(self.files.items()) if key.endswith(suffix)]


def open_source(path: Path) -> Source:
    """A folder, a zip file, or one file. Raises UnreadableImport for anything else."""
    if path.is_dir():
        files = [
            SourceFile(child.name, _opener(child))
            for child in sorted(path.iterdir())
            if child.is_file() and not child.name.startswith(".")
        ]
        return Source(path.name, files)
    if not path.is_file():
        raise UnreadableImport([Problem(path.name, 0, "", _("this file or folder does not exist"))])
    if zipfile.is_zipfile(path):
        return _zip_source(path)
    return Source(path.name, [SourceFile(path.name, _opener(path))])


def _opener(path: Path) -> Callable[[], IO[bytes]]:
    return lambda: path.open("rb")


def _zip_source(path: Path) -> Source:
    try:
        archive = zipfile.ZipFile(path)
        infos = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableImport(
            [Problem(path.name, 0, "", _("the zip file is damaged (%(exc)s)", exc=exc))]
        ) from None
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise UnreadableImport([Problem(path.name, 0, "", _("the zip file is too large unpacked"))])
    files = []
    for info in infos:
        name = PurePosixPath(info.filename).name
        if name.startswith(".") or info.filename.startswith("__MACOSX/"):
            continue
        files.append(SourceFile(name, _zip_opener(path, info.filename)))
    return Source(path.name, files)


def _zip_opener(path: Path, member: str) -> Callable[[], IO[bytes]]:
    def open_member() -> IO[bytes]:
        # A seekable copy: encoding detection reads the file twice.
        import tempfile

        archive = zipfile.ZipFile(path)
        spooled = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(1024 * 1024):
                    spooled.write(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            # A damaged member shows only when it is read (found by fuzzing).
            raise UnreadableImport(
                [Problem(path.name, 0, "", _("the zip file is damaged (%(exc)s)", exc=exc))]
            ) from None
        spooled.seek(0)
        return spooled  # type: ignore[return-value]

    return open_member


def detect_format(source: Source) -> str:
    """'oneroster' (a manifest.csv), 'edexml' (an .xml file) or 'csv'."""
    if source.get("manifest.csv") is not None:
        return "oneroster"
    if source.with_suffix(".xml"):
        return "edexml"
    if source.with_suffix(".csv"):
        return "csv"
    raise UnreadableImport(
        [
            Problem(
                source.label,
                0,
                "",
                _(
                    "no roster found: expected a OneRoster set (with manifest.csv), "
                    "an EDEXML file (.xml) or a CSV file"
                ),
            )
        ]
    )
