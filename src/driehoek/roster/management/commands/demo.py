"""`driehoek demo`: seed the demo schools (idempotent) and list the demo logins."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from driehoek.front.registry import app_modules
from driehoek.roster.demo import DEMO_LOGINS, DEMO_PASSWORD, seed_demo
from driehoek.roster.models import GroupKind


class Command(BaseCommand):
    help = "Create the demo schools and logins, or add what is missing (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DEBUG off (a demo installation open to the public).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo accounts share a published password and derivable TOTP keys: never
        # create them on a production installation by accident.
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: this looks like a production installation. The demo creates "
                "accounts with a published password. Use --force for a public demo server."
            )
        started = time.monotonic()
        schools = seed_demo()
        # Feature apps add their demo data (a triangle round, a parent evening, …) in
        # `<app>/demo.py: seed_demo_data(*, schools)`, idempotent like the roster seed.
        for module in app_modules("demo"):
            if hasattr(module, "seed_demo_data"):
                module.seed_demo_data(schools=schools)
        elapsed = time.monotonic() - started
        for school in schools:
            classes = school.groups.filter(kind=GroupKind.CLASS).count()
            self.stdout.write(
                f"{school.name} ({school.brin}): {school.students.count()} students, "
                f"{classes} classes, {school.staff.count()} staff, "
                f"{school.guardians.count()} guardians"
            )
        self.stdout.write(f"Done in {elapsed:.1f} s.\n")
        self._print_logins()

    def _print_logins(self) -> None:
        rows = [("Role", "E-mail", "Sees")]
        rows += [
            (f"{login.role}{' *' if login.staff else ''}", login.email, login.sees)
            for login in DEMO_LOGINS
        ]
        width_role = max(len(row[0]) for row in rows)
        width_email = max(len(row[1]) for row in rows)
        self.stdout.write(self.style.SUCCESS(f"Demo logins - password for all: {DEMO_PASSWORD}"))
        school = None
        for index, (role, email, sees) in enumerate(rows):
            if index and DEMO_LOGINS[index - 1].school != school:
                school = DEMO_LOGINS[index - 1].school
                self.stdout.write(self.style.MIGRATE_HEADING(f"\n{school}"))
            line = f"  {role:<{width_role}}  {email:<{width_email}}  {sees}"
            self.stdout.write(self.style.MIGRATE_LABEL(line) if index == 0 else line)
        self.stdout.write(
            "\n* Staff sign in with a second factor. For the current 6-digit code run:\n"
            "    .venv/bin/driehoek democode <email>"
        )
