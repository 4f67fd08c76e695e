"""Run every benchmark against a fresh demo school in a throwaway SQLite database."""

from __future__ import annotations

import os
import sys
import tempfile


def main() -> int:
    workdir = tempfile.mkdtemp(prefix="driehoek-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DRIEHOEK_VAR_DIR", workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "driehoek.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("demo", force=True, verbosity=0)

    from benchmarks import bench_access

    bench_access.run()
    __import__("benchmarks.parent_evening").parent_evening.run()
    __import__("benchmarks.import_roster").import_roster.run()
    __import__("benchmarks.booking_rush").booking_rush.run()  # own servers and databases
    __import__("benchmarks.load").load.run()  # gunicorn + PostgreSQL + locust, 50 users
    __import__("benchmarks.signals").signals.run()  # no database: DuckDB in memory
    return 0


if __name__ == "__main__":
    sys.exit(main())
