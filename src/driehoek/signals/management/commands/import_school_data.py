"""`driehoek import-school-data --kind attendance FILE`: import grades, lesson attendance
or homework from the school's tracking system. All or nothing; idempotent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from driehoek.roster.models import School
from driehoek.signals.models import DataKind
from driehoek.signals.services import DataImportReport, import_school_data, run_detection


class Command(BaseCommand):
    help = (
        "Import school data (grades as Dutch CSV or a OneRoster folder/zip, lesson attendance "
        "or homework as CSV; layouts in docs/signals.md). One bad row rejects the file unless "
        "--skip-invalid. Detection runs for the students whose data changed (not with "
        "--dry-run or --no-detect)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the export file (or OneRoster folder/zip)")
        parser.add_argument("--kind", required=True, choices=DataKind.values)
        parser.add_argument("--school", help="BRIN code of the school (needed with several)")
        parser.add_argument("--dry-run", action="store_true", help="show changes, write nothing")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows, report the rest"
        )
        parser.add_argument("--no-detect", action="store_true", help="do not run detection")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        school = self._school(options["school"])
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        report = import_school_data(
            school=school,
            kind=options["kind"],
            source=path,
            dry_run=options["dry_run"],
            skip_invalid=options["skip_invalid"],
        )
        detection = None
        quiet = report.rejected or options["dry_run"] or options["no_detect"]
        if not quiet and report.changed_students:
            detection = run_detection(school=school, students=report.changed_students)
        if options["json"]:
            out = report.as_dict()
            if detection is not None:
                out["signals_created"] = detection.created
            self.stdout.write(json.dumps(out, indent=2, ensure_ascii=False, default=str))
        else:
            self._summary(report)
            if detection is not None:
                self.stdout.write(
                    f"detection: {detection.students} students, {detection.created} new signals"
                )
        if report.rejected:
            raise CommandError(
                f"Import rejected: {len(report.problems)} row(s) with errors; nothing was "
                "written. Fix them, or use --skip-invalid to import the valid rows."
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

    def _summary(self, report: DataImportReport) -> None:
        for problem in report.problems:
            where = f"line {problem['line']}" if problem["line"] else "file"
            column = f", {problem['column']}" if problem["column"] else ""
            self.stdout.write(f"error: {where}{column}: {problem['message']}")
        title = f"{report.kind}" + (" (dry run: nothing written)" if report.dry_run else "")
        self.stdout.write(title)
        self.stdout.write(
            f"rows read: {report.rows_read}, new: {report.created}, changed: {report.updated}, "
            f"unchanged: {report.unchanged}, skipped: {report.skipped}"
        )
