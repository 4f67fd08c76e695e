"""`driehoek import-roster PATH`: import a school's roster from its student information system."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from driehoek.roster.models import School
from driehoek.roster_import.readers import FORMATS, read_roster
from driehoek.roster_import.records import Kind, UnreadableImport
from driehoek.roster_import.services import ImportReport, import_roster

KIND_LABELS = {
    Kind.STUDENT: "students",
    Kind.STAFF: "staff",
    Kind.GUARDIAN: "guardians",
    Kind.GROUP: "groups",
    Kind.GUARDIAN_LINK: "guardian links",
    Kind.MEMBERSHIP: "group memberships",
    Kind.ASSIGNMENT: "mentor/teacher assignments",
    Kind.HOUSEHOLD: "households",
}


class Command(BaseCommand):
    help = (
        "Import a roster: a OneRoster 1.1/1.2 CSV set (folder or zip), an EDEXML 2.1 file or "
        "a Dutch CSV export. One transaction: all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="folder, zip, .xml or .csv file")
        parser.add_argument("--school", help="BRIN code of the school (needed with several)")
        parser.add_argument("--format", choices=FORMATS, help="detected when not given")
        parser.add_argument("--guardians", type=Path, help="Dutch CSV of parents for EDEXML")
        parser.add_argument("--dry-run", action="store_true", help="show changes, write nothing")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows, report the rest"
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        school = self._school(options["school"])
        try:
            roster = read_roster(
                options["path"],
                format=options["format"],
                guardians=options["guardians"],
                school_code=school.brin,
                school_name=school.name,
            )
        except UnreadableImport as exc:
            if options["json"]:
                problems = [problem.as_dict() for problem in exc.problems]
                self.stdout.write(json.dumps({"outcome": "unreadable", "problems": problems}))
            raise CommandError(f"Cannot read the import: {exc}") from None
        show_progress = not options["json"] and sys.stderr.isatty()
        report = import_roster(
            school=school,
            roster=roster,
            dry_run=options["dry_run"],
            skip_invalid=options["skip_invalid"],
            progress=self._progress_bar if show_progress else None,
        )
        if show_progress:
            sys.stderr.write("\n")
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        else:
            self._summary(report)
        if report.rejected:
            raise CommandError(
                f"Import rejected: {report.error_count} row(s) with errors; nothing was written. "
                "Fix them, or use --skip-invalid to import the valid rows."
            )

    def _school(self, brin: str | None) -> School:
        if brin:
            try:
                return School.objects.get(brin__iexact=brin)
            except School.DoesNotExist:
                raise CommandError(f"No school with BRIN code {brin}.") from None
        schools = list(School.objects.all()[:2])
        if len(schools) != 1:
            raise CommandError("Name the school with --school BRIN.")
        return schools[0]

    def _progress_bar(self, stage: str, percent: int) -> None:
        filled = percent * 30 // 100
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {percent:3d}% {stage:<12}")
        sys.stderr.flush()

    def _summary(self, report: ImportReport) -> None:
        write = self.stdout.write
        for problem in report.problems:
            write(("error: " if problem.is_error else "warning: ") + str(problem))
        title = f"{report.format} {report.version}".strip()
        if report.dry_run:
            title += " (dry run: nothing written)"
        write("")
        write(title)
        write(f"{'':28} {'created':>9} {'updated':>9} {'removed':>9} {'unchanged':>9}")
        for kind, counts in report.counts.items():
            write(
                f"{KIND_LABELS[kind]:28} {counts.created:9d} {counts.updated:9d} "
                f"{counts.removed:9d} {counts.unchanged:9d}"
            )
        write(
            f"errors: {report.error_count}, warnings: {len(report.problems) - report.error_count}"
        )
