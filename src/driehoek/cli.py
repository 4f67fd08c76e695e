"""The `driehoek` command: Django's management commands plus our own.

driehoek demo      seed the demo schools (idempotent)
driehoek serve     run the development server on 127.0.0.1:8000
driehoek migrate   … and every other manage.py command
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "driehoek.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "driehoek"
    # Our commands read better with hyphens (`driehoek import-roster`); Django's command
    # modules need underscores.
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
