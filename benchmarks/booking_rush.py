"""Booking under a rush: 500 parents click at once for 100 parent-evening slots.

For SQLite (a throwaway file) and PostgreSQL (a fresh database on 127.0.0.1:5432, user
postgres, dropped afterwards) this starts the real server, gunicorn with several
workers on loopback, and fires 500 concurrent booking attempts through the JSON API
(`POST /api/conversations/slots/<id>/booking`, each parent with an own API token), each
at a slot drawn from the 100 with a fixed seed, so many collide. It reports bookings
made, double bookings (must be 0), bookings lost (a 201 without a row, or the reverse;
must be 0), 5xx answers (must be 0) and the latency (p50, p95, max).

Bounded: every request has a 60 s timeout, the server is stopped afterwards, and the
whole run stops by itself. Not part of the test suite.

    .venv/bin/python -m benchmarks.booking_rush [--attempts 500] [--slots 100] [--workers 4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks import servers

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
PORT = 8024


# --- Inside a child process with DATABASE_URL set: set up and check ----------------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "driehoek.settings")
    import django

    django.setup()


def setup_data(out: Path, attempts: int, slots: int) -> None:
    """A school, teachers with ten slots each, an open live evening, and `attempts`
    parents, each with a child and an API token. Writes tokens and slot ids to `out`."""
    _django()
    import datetime

    from django.db import transaction

    from driehoek.accounts.models import ApiToken, User, hash_token, new_raw_token
    from driehoek.conversations import services
    from driehoek.conversations.models import EveningMode, EveningStatus, Slot
    from driehoek.roster.models import (
        Guardian,
        Relation,
        School,
        SchoolKind,
        StaffMember,
        Student,
        StudentGuardian,
    )

    per_teacher = 10
    with transaction.atomic():
        school = School.objects.create(name="Rush College", brin="77RU", kind=SchoolKind.SECONDARY)
        teachers = [
            StaffMember.objects.create(
                school=school,
                first_name="Docent",
                last_name=f"{n:03d}",
                email=f"docent{n}@rush.example",
            )
            for n in range(max(1, slots // per_teacher))
        ]
        evening = services.create_evening(
            school=school,
            name="Rush",
            date=datetime.date(2027, 1, 19),
            start_time=datetime.time(19, 0),
            slot_minutes=10,
            slot_count=per_teacher,
            break_slots=[],
            mode=EveningMode.LIVE,
            deadline=None,
            teachers=[services.TeacherPlan(staff_member=t) for t in teachers],
        )
        services.set_evening_status(evening=evening, status=EveningStatus.OPEN)
        users = User.objects.bulk_create(
            User(email=f"ouder{n}@rush.example", password="!", display_name=f"Ouder {n}")
            for n in range(attempts)
        )
        students = Student.objects.bulk_create(
            Student(
                school=school,
                student_number=f"{n:06d}",
                first_name="Kind",
                last_name=f"{n:03d}",
                date_of_birth=datetime.date(2013, 1, 1),
            )
            for n in range(attempts)
        )
        guardians = Guardian.objects.bulk_create(
            Guardian(school=school, user=user, first_name="Ouder", last_name=str(n))
            for n, user in enumerate(users)
        )
        StudentGuardian.objects.bulk_create(
            StudentGuardian(school=school, student=s, guardian=g, relation=Relation.PARENT)
            for s, g in zip(students, guardians, strict=True)
        )
        raw = [new_raw_token() for _ in users]
        ApiToken.objects.bulk_create(
            ApiToken(school=school, user=u, name="rush", token_hash=hash_token(r), prefix=r[:8])
            for u, r in zip(users, raw, strict=True)
        )
    slot_ids = list(Slot.objects.filter(evening=evening).values_list("pk", flat=True))
    out.write_text(json.dumps({"tokens": raw, "slots": slot_ids}))


def check_data() -> None:
    """Print what the database holds after the rush, as JSON."""
    _django()
    from django.db.models import Count

    from driehoek.conversations.models import Booking, BookingSlot, Conversation

    doubled_slots = (
        BookingSlot.objects.values("slot_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    doubled_families = (
        Booking.objects.values("evening_id", "family_id", "slot_index")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    print(
        json.dumps(
            {
                "bookings": Booking.objects.count(),
                "booked_slots": BookingSlot.objects.count(),
                "distinct_slots": BookingSlot.objects.values("slot_id").distinct().count(),
                "double_booked_slots": doubled_slots,
                "families_in_two_places": doubled_families,
                "conversations": Conversation.objects.count(),
            }
        )
    )


# --- The driver ----------------------------------------------------------------------------


def _child(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "-m", "benchmarks.booking_rush", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return result.stdout


async def _fire(
    base: str, tokens: list[str], slots: list[int], seed: int
) -> list[tuple[int, float]]:
    rng = random.Random(seed)  # noqa: S311 - a benchmark's draw, not a secret
    targets = [rng.choice(slots) for _ in tokens]
    limits = httpx.Limits(max_connections=len(tokens), max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base, timeout=60.0, limits=limits) as client:
        start = asyncio.Event()

        async def attempt(token: str, slot: int) -> tuple[int, float]:
            await start.wait()
            began = time.perf_counter()
            try:
                response = await client.post(
                    f"/api/conversations/slots/{slot}/booking",
                    headers={"Authorization": f"Bearer {token}"},
                )
                status = response.status_code
            except httpx.HTTPError:
                status = 0  # no answer at all: counted apart
            return status, time.perf_counter() - began

        tasks = [asyncio.create_task(attempt(t, s)) for t, s in zip(tokens, targets, strict=True)]
        await asyncio.sleep(0.1)
        start.set()
        return await asyncio.gather(*tasks)


async def _warm_up(base: str, tokens: list[str]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60.0) as client:
        await asyncio.gather(
            *(
                client.get("/api/conversations/evenings/", headers={"Authorization": f"Bearer {t}"})
                for t in tokens
            )
        )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def rush(
    name: str, database_url: str, workdir: Path, attempts: int, slots: int, workers: int
) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DRIEHOEK_VAR_DIR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "driehoek.settings",
        # Production settings (DEBUG off, so a 409 is not printed as a warning), on plain
        # HTTP over loopback.
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "ERROR",
        # Persistent connections, as a production server is configured.
        "DB_CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=600
    )
    data_file = workdir / f"{name}.json"
    _child(env, "setup", str(data_file), str(attempts), str(slots))
    data = json.loads(data_file.read_text())
    server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, loopback only
        [
            GUNICORN,
            "driehoek.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
        servers.wait_until_up(f"{base}/api/conversations/evenings/", server, limit=30.0)
        # Warm every worker (imports, URL resolver, catalogues) as a running server is;
        # with read-only calls of a few parents, not counted.
        asyncio.run(_warm_up(base, data["tokens"][: workers * 8]))
        began = time.perf_counter()
        results = asyncio.run(_fire(base, data["tokens"], data["slots"], seed=7))
        wall = time.perf_counter() - began
    finally:
        servers.stop(server, grace=20.0)
    stored = json.loads(_child(env, "check"))
    statuses = [status for status, _ in results]
    latencies = [seconds for _, seconds in results]
    return {
        "database": name,
        "attempts": len(results),
        "slots": len(data["slots"]),
        "booked (201)": statuses.count(201),
        "taken (409)": statuses.count(409),
        "5xx": sum(1 for s in statuses if s >= 500),
        "other": sum(1 for s in statuses if s not in (201, 409) and s < 500),
        "bookings in database": stored["bookings"],
        "double-booked slots": stored["double_booked_slots"],
        "families in two places": stored["families_in_two_places"],
        "lost bookings": abs(statuses.count(201) - stored["bookings"]),
        "p50 ms": round(statistics.median(latencies) * 1000),
        "p95 ms": round(_percentile(latencies, 0.95) * 1000),
        "max ms": round(max(latencies) * 1000),
        "wall s": round(wall, 2),
    }


def _postgres_database(name: str) -> str | None:
    """Create a fresh database; None (and a note) when no PostgreSQL answers."""
    try:
        servers.recreate_database(name)
    except Exception as error:  # noqa: BLE001 - no PostgreSQL (or no driver): say so
        print(f"PostgreSQL skipped: {error}".strip())
        return None
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def run(attempts: int = 500, slots: int = 100, workers: int = 4) -> list[dict]:
    workdir = Path(tempfile.mkdtemp(prefix="driehoek-rush-"))
    reports = []
    try:
        reports.append(
            rush("sqlite", f"sqlite:///{workdir}/rush.sqlite3", workdir, attempts, slots, workers)
        )
        pg_name = f"driehoek_rush_{os.getpid()}"
        pg_url = _postgres_database(pg_name)
        if pg_url:
            try:
                reports.append(rush("postgresql", pg_url, workdir, attempts, slots, workers))
            finally:
                servers.drop_database(pg_name)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nBooking rush: {attempts} concurrent attempts at {slots} slots, gunicorn × {workers}")
    for report in reports:
        print("  " + ", ".join(f"{key}: {value}" for key, value in report.items()))
    failed = [
        r["database"]
        for r in reports
        if r["double-booked slots"] or r["families in two places"] or r["5xx"] or r["lost bookings"]
    ]
    print(
        "  verdict: "
        + (
            "FAILED on " + ", ".join(failed)
            if failed
            else "no double bookings, no 5xx, nothing lost"
        )
    )
    return reports


def main(argv: list[str]) -> int:
    if argv[:1] == ["setup"]:
        setup_data(Path(argv[1]), int(argv[2]), int(argv[3]))
        return 0
    if argv[:1] == ["check"]:
        check_data()
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=500)
    parser.add_argument("--slots", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    reports = run(args.attempts, args.slots, args.workers)
    bad = any(
        r["double-booked slots"] or r["families in two places"] or r["5xx"] or r["lost bookings"]
        for r in reports
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
