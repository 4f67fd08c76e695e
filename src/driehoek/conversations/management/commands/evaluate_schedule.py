"""`driehoek evaluate-schedule INSTANCE.json SCHEDULE.json`: feasibility and quality measures.

Exits with status 1 when the schedule breaks a hard rule.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from driehoek.conversations.management.commands.schedule_evening import read_instance, read_json
from driehoek.conversations.scheduling import evaluate

MEASURES = ("needed_unmet", "unmet", "family_wait_minutes", "teacher_gap_minutes")


class Command(BaseCommand):
    help = "Check a parent-evening schedule against its instance and print the quality measures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instance", help="instance JSON file")
        parser.add_argument("schedule", help="schedule JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        instance = read_instance(options["instance"])
        schedule = read_json(options["schedule"], "schedule")
        result = evaluate(instance, schedule)
        self.stdout.write(f"feasible: {'yes' if result['feasible'] else 'no'}")
        for violation in result["violations"]:
            self.stdout.write(f"  violation: {violation}")
        for name in MEASURES:
            self.stdout.write(f"{name}: {result[name]}")
        if not result["feasible"]:
            self.stdout.flush()
            sys.exit(1)
