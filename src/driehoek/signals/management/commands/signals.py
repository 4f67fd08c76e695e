"""`driehoek signals`: the nightly detection run. Only students with data imported (or a
change at home recorded) since the school's last run are looked at again."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from driehoek.roster.models import School
from driehoek.signals.services import run_detection, run_nightly


class Command(BaseCommand):
    help = (
        "Detect signals in the imported school data: per school, only the students whose "
        "data is new since the last run (--all: every student)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", help="BRIN code of one school (default: every school)")
        parser.add_argument("--all", action="store_true", help="every student, not only new data")
        parser.add_argument("--json", action="store_true", help="print the counts as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        schools = School.objects.order_by("brin")
        if options["school"]:
            schools = schools.filter(brin__iexact=options["school"])
            if not schools.exists():
                raise CommandError(f"No school with BRIN code {options['school']}.")
        results = {}
        for school in schools:
            everyone = options["all"]
            result = run_detection(school=school) if everyone else run_nightly(school=school)
            results[school.brin] = {
                "students": result.students,
                "found": result.found,
                "created": result.created,
                "refreshed": result.refreshed,
                "kept_closed": result.kept_closed,
            }
        if options["json"]:
            self.stdout.write(json.dumps(results, indent=2))
            return
        for brin, counts in results.items():
            self.stdout.write(
                f"{brin}: {counts['students']} students looked at, {counts['found']} signals "
                f"found ({counts['created']} new, {counts['refreshed']} refreshed, "
                f"{counts['kept_closed']} already handled)"
            )
