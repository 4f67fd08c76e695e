"""`driehoek schedule-evening INSTANCE.json --out SCHEDULE.json [--time-limit S] [--seed N]`.

Runs the parent-evening scheduler on an instance in the exchange format
(shared/formats/parent-evening.md), writes the schedule and prints its quality measures.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from driehoek.conversations.scheduling import InstanceError, solve_with_report, validate_instance


def read_json(path: str, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CommandError(f"The {what} file {path} does not exist.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"Cannot read the {what} file {path}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"The {what} file {path} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg})."
        ) from exc


def read_instance(path: str) -> dict[str, Any]:
    instance = read_json(path, "instance")
    problems = validate_instance(instance)
    if problems:
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise CommandError(f"The instance {path} has problems:\n{shown}{more}")
    return instance


class Command(BaseCommand):
    help = "Schedule a parent evening from an instance file (exchange format) into a schedule."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instance", help="instance JSON file")
        parser.add_argument("--out", required=True, help="where to write the schedule JSON")
        parser.add_argument("--time-limit", type=float, default=10.0, help="seconds (10)")
        parser.add_argument("--seed", type=int, default=0, help="random seed (0)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["time_limit"] <= 0:
            raise CommandError("--time-limit must be more than 0 seconds.")
        instance = read_instance(options["instance"])
        try:
            schedule, report = solve_with_report(
                instance, time_limit=options["time_limit"], seed=options["seed"]
            )
        except InstanceError as exc:  # validated above; kept for safety
            raise CommandError(str(exc)) from exc
        out = Path(options["out"])
        try:
            out.write_text(json.dumps(schedule, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write the schedule to {out}: {exc}") from exc
        q = report.quality
        total = len(schedule["assignments"]) + len(schedule["unassigned"])
        self.stdout.write(f"Schedule written to {out}.")
        self.stdout.write(
            f"Requests met: {len(schedule['assignments'])} of {total}; "
            f"unassigned: {len(schedule['unassigned'])}."
        )
        self.stdout.write(
            f"needed_unmet {q.needed_unmet} (bound {report.bound_needed_unmet}), "
            f"unmet {q.unmet} (bound {report.bound_unmet}), "
            f"family_wait_minutes {q.family_wait_minutes}, "
            f"teacher_gap_minutes {q.teacher_gap_minutes}."
        )
        verdict = "proven optimal" if report.optimal else report.stopped_because
        self.stdout.write(f"Search: {report.steps} steps in {report.seconds:.1f} s ({verdict}).")
