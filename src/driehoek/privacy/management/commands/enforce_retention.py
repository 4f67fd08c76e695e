"""`driehoek enforce-retention [--dry-run]`: remove what is older than each school's
retention periods, and erase students who left longer ago than the "departed" period.
Run it daily from cron or a systemd timer (docs/privacy.md)."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from driehoek.privacy.services import enforce_retention


class Command(BaseCommand):
    help = "Remove data older than each school's retention periods (see docs/privacy.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would go; remove nothing."
        )
        parser.add_argument("--today", help="Act as on this day (YYYY-MM-DD), for testing.")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = datetime.date.fromisoformat(options["today"]) if options["today"] else None
        run = enforce_retention(today=today, dry_run=options["dry_run"])
        if options["json"]:
            report = {
                "dry_run": run.dry_run,
                "today": run.today.isoformat(),
                "erased_students": run.erased_students,
                "removed": [
                    {"school": school, "kind": kind, "rows": counts}
                    for (school, kind), counts in sorted(run.removed.items())
                ],
            }
            self.stdout.write(json.dumps(report, indent=2))
            return
        verb = "would remove" if run.dry_run else "removed"
        for (school, kind), counts in sorted(run.removed.items()):
            detail = ", ".join(f"{label} {n}" for label, n in sorted(counts.items()))
            self.stdout.write(f"{school or '(no school)'} · {kind}: {verb} {detail}")
        prefix = "Dry run: " if run.dry_run else ""
        students = "would be erased" if run.dry_run else "erased"
        self.stdout.write(
            f"{prefix}{run.total} rows {'would be removed' if run.dry_run else 'removed'}; "
            f"{run.erased_students} departed students {students}."
        )
