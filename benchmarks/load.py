"""Load test: the real server under 50 concurrent users, against a trivial view as floor.

A fresh PostgreSQL database (127.0.0.1:5432, user postgres; dropped afterwards) is
migrated and seeded with the demo; gunicorn runs with deploy/gunicorn.conf.py (several
workers, production settings: DEBUG off, database cache, JSON logs) on loopback. The
people log in the way a browser does: the login form with its CSRF token, and for staff
the second factor with a TOTP code computed from the device's key (as an authenticator
app does). Then locust (headless, its library API) runs 50 virtual users for a fixed
time, with a mix of what people do:

  guardian home (/my/children/, where /home/ sends a guardian), the child's student
  page, a message posted in the family's thread (form POST with CSRF), the mentor's
  class page, a student page of that class;
  and, in the same run, /healthz without a session as the framework floor (Django's
  middleware stack, no database).

It prints per request: count, throughput, p50/p95/p99 latency and errors, and the class
page's p95 against the floor's p95 (target ≤ 3×, zero errors).

TLS is ended by a proxy in production; here the client sends X-Forwarded-Proto: https
(as nginx does) and keeps the Secure cookies over loopback HTTP.

Bounded: a fixed run time, a 60 s timeout per request, the server stopped afterwards.
Not part of the test suite.

    .venv/bin/python -m benchmarks.load [--users 50] [--seconds 40] [--workers 4]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import random
import re
import secrets
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import servers

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
PORT = 8105
TARGET_RATIO = 3.0

GUARDIANS = ("ouder.a", "ouder.b", "ouder.twee")
MENTOR = "mentor"


# --- In a child process with Django: what the load needs to know ---------------------------


def describe() -> None:
    """Print, as JSON, the logins (with TOTP keys for staff) and the ids the users visit."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "driehoek.settings")
    import django

    django.setup()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from driehoek.accounts.models import User
    from driehoek.messaging import services
    from driehoek.messaging.models import MessageKind, Thread
    from driehoek.roster.demo import DEMO_PASSWORD, demo_email
    from driehoek.roster.models import MentorAssignment, StudentGuardian

    guardians = []
    for login in GUARDIANS:
        user = User.objects.get(email=demo_email(login))
        link = StudentGuardian.objects.filter(guardian__user=user).select_related("student")[0]
        thread = Thread.objects.filter(student=link.student, household__isnull=True).first()
        if thread is None:  # a thread of all households of the child, to post in
            thread = services.start_thread(
                student=link.student,
                author=user,
                subject="Belasting",
                body="Hoe gaat het in de klas?",
                kind=MessageKind.QUESTION,
                notify=False,
            )
        guardians.append({"email": user.email, "student": link.student_id, "thread": thread.pk})
    mentor = User.objects.get(email=demo_email(MENTOR))
    assignment = MentorAssignment.objects.filter(
        staff_member__user=mentor, group__isnull=False
    ).select_related("group")[0]
    students = list(assignment.group.memberships.values_list("student_id", flat=True)[:20])
    device = TOTPDevice.objects.get(user=mentor, confirmed=True)
    print(
        json.dumps(
            {
                "password": DEMO_PASSWORD,
                "guardians": guardians,
                "mentor": {
                    "email": mentor.email,
                    "group": assignment.group_id,
                    "students": students,
                    "totp": {"key": device.key, "step": device.step, "digits": device.digits},
                },
            }
        )
    )


# --- Logging in over HTTP, as a browser does ----------------------------------------------------


def totp(key: str, step: int = 30, digits: int = 6, at: float | None = None) -> str:
    """RFC 6238, as an authenticator app computes it from the shared key."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(bytes.fromhex(key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return str(code).zfill(digits)


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def _form_token(client, path: str) -> str:  # type: ignore[no-untyped-def]
    page = client.get(path)
    page.raise_for_status()
    match = CSRF_FIELD.search(page.text)
    if match is None:
        raise RuntimeError(f"no CSRF token on {path}")
    return match.group(1)


def _plain(client) -> None:  # type: ignore[no-untyped-def]
    """The server sets Secure cookies (behind TLS); keep sending them on loopback HTTP."""
    for cookie in client.cookies.jar:
        cookie.secure = False


def log_in(base: str, email: str, password: str, key: dict | None) -> dict[str, str]:
    """The session and CSRF cookies after the login form (and the second factor)."""
    import httpx

    origin = base.replace("http://", "https://")
    with httpx.Client(base_url=base, headers=PROXY_HEADERS, timeout=60.0) as client:
        token = _form_token(client, "/accounts/login/")
        _plain(client)
        response = client.post(
            "/accounts/login/",
            data={"username": email, "password": password, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{origin}/accounts/login/", "Origin": origin},
        )
        if response.status_code != 302:
            raise RuntimeError(f"login of {email} answered {response.status_code}")
        _plain(client)
        if key is not None:
            token = _form_token(client, "/accounts/2fa/")
            _plain(client)
            response = client.post(
                "/accounts/2fa/",
                data={"code": totp(**key), "csrfmiddlewaretoken": token},
                headers={"Referer": f"{origin}/accounts/2fa/", "Origin": origin},
            )
            if response.status_code != 302:
                raise RuntimeError(f"second factor of {email} answered {response.status_code}")
            _plain(client)
        return {name: client.cookies[name] for name in ("sessionid", "csrftoken")}


# --- In a child process: locust --------------------------------------------------------------


def swarm(plan_file: Path, out_file: Path) -> None:
    """Run locust's library API in this (gevent-patched) process; write the stats."""
    import gevent
    from locust import HttpUser, between, task
    from locust.env import Environment

    plan = json.loads(plan_file.read_text())
    base, origin = plan["base"], plan["base"].replace("http://", "https://")

    class Person(HttpUser):
        abstract = True
        host = base
        wait_time = between(0.2, 1.0)

        def on_start(self) -> None:
            self.client.headers.update(PROXY_HEADERS)
            self.client.headers["Referer"] = f"{origin}/"
            self.session = random.choice(plan[self.kind])  # noqa: S311 - not a secret
            # Secure cookies of a login made over the proxy, sent on loopback HTTP.
            self.client.headers["Cookie"] = "; ".join(
                f"{k}={v}" for k, v in self.session["cookies"].items()
            )

        def get(self, path: str, name: str) -> None:
            with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as r:
                if r.status_code != 200:
                    r.failure(f"status {r.status_code}")

    class Guardian(Person):
        weight = 6
        kind = "guardians"

        @task(3)
        def home(self) -> None:
            self.get("/my/children/", "guardian home")

        @task(3)
        def student_page(self) -> None:
            self.get(f"/students/{self.session['student']}/", "student page")

        @task(1)
        def post_message(self) -> None:
            path = f"/messages/threads/{self.session['thread']}/reply/"
            data = {
                "body": "Dank voor het bericht, we praten er thuis over.",
                "kind": "appreciation",
                "csrfmiddlewaretoken": self.session["cookies"]["csrftoken"],
            }
            with self.client.post(
                path, data=data, name="message post", catch_response=True, allow_redirects=False
            ) as r:
                if r.status_code != 302:
                    r.failure(f"status {r.status_code}")

    class Mentor(Person):
        weight = 3
        kind = "mentors"

        @task(3)
        def class_page(self) -> None:
            self.get(f"/groups/{self.session['group']}/", "mentor class page")

        @task(1)
        def student_page(self) -> None:
            student = random.choice(self.session["students"])  # noqa: S311
            self.get(f"/students/{student}/", "student page (mentor)")

    class Probe(HttpUser):
        """The framework floor: a trivial view without session or database."""

        weight = 1
        host = base
        wait_time = between(0.2, 1.0)

        @task
        def healthz(self) -> None:
            self.client.get("/healthz", name="floor: /healthz", headers=PROXY_HEADERS)

    environment = Environment(user_classes=[Guardian, Mentor, Probe])
    runner = environment.create_local_runner()
    runner.start(plan["users"], spawn_rate=plan["users"])
    gevent.sleep(plan["seconds"])
    runner.quit()
    report = {}
    for (name, _method), entry in environment.stats.entries.items():
        report[name] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "rps": round(entry.num_requests / plan["seconds"], 1),
            "p50": entry.get_response_time_percentile(0.50),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
        }
    errors = [
        f"{e.method} {e.name}: {e.error} ×{e.occurrences}"
        for e in environment.stats.errors.values()
    ]
    out_file.write_text(json.dumps({"stats": report, "errors": errors}))


# --- The driver -------------------------------------------------------------------------------


def run(users: int = 50, seconds: int = 40, workers: int = 4) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="driehoek-load-"))
    database = f"driehoek_load_{os.getpid()}"
    try:
        servers.recreate_database(database)
    except Exception as error:  # noqa: BLE001 - no PostgreSQL: say so and stop
        print(f"\nLoad test skipped: PostgreSQL on 127.0.0.1:5432 is not available ({error})")
        return {}
    base = f"http://127.0.0.1:{PORT}"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "DRIEHOEK_VAR_DIR": str(workdir),
        "STATIC_ROOT": str(workdir / "static"),
        "DJANGO_SETTINGS_MODULE": "driehoek.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_URL": "dummy://",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_WORKERS": str(workers),
        "PYTHONPATH": str(ROOT),
    }
    server = None
    try:
        began = time.monotonic()
        for command in (["migrate", "-v0"], ["collectstatic", "--no-input", "-v0"]):
            subprocess.run(
                [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=900
            )
        subprocess.run(
            [PYTHON, "manage.py", "demo", "--force"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=900,
            stdout=subprocess.DEVNULL,
        )
        facts = json.loads(
            subprocess.run(
                [PYTHON, "-m", "benchmarks.load", "describe"],
                cwd=ROOT,
                env=env,
                check=True,
                timeout=300,
                capture_output=True,
                text=True,
            ).stdout
        )
        print(f"\nLoad test: database ready in {time.monotonic() - began:.0f} s")
        server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, loopback only
            [GUNICORN, "-c", "deploy/gunicorn.conf.py", "driehoek.wsgi:application"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
        )
        servers.wait_until_up(f"{base}/healthz", server, limit=60.0, need_ok=True)
        import httpx

        ready = httpx.get(f"{base}/readyz", timeout=30.0)
        if ready.status_code != 200:  # e.g. a migration added while this run set up
            print(f"  warning: /readyz answered {ready.status_code}: {ready.text}")
        password = facts["password"]
        mentor = facts["mentor"]
        plan = {
            "base": base,
            "users": users,
            "seconds": seconds,
            "guardians": [
                {**g, "cookies": log_in(base, g["email"], password, None)}
                for g in facts["guardians"]
            ],
            "mentors": [
                {**mentor, "cookies": log_in(base, mentor["email"], password, mentor["totp"])}
            ],
        }
        plan_file, out_file = workdir / "plan.json", workdir / "out.json"
        plan_file.write_text(json.dumps(plan))
        subprocess.run(
            [PYTHON, "-m", "benchmarks.load", "swarm", str(plan_file), str(out_file)],
            cwd=ROOT,
            env={k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"},
            check=True,
            timeout=seconds + 300,
        )
        result = json.loads(out_file.read_text())
    finally:
        if server is not None:
            servers.stop(server)
        servers.drop_database(database)
        shutil.rmtree(workdir, ignore_errors=True)
    _print(result, users, seconds, workers)
    return result


def _print(result: dict, users: int, seconds: int, workers: int) -> None:
    stats = result["stats"]
    print(
        f"Load test: {users} users for {seconds} s, gunicorn × {workers} workers "
        f"(deploy/gunicorn.conf.py), PostgreSQL, demo data"
    )
    columns = ("count", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors")
    print(f"  {'request':<26}" + "".join(f"{c:>8}" for c in columns))
    order = sorted(stats, key=lambda name: (name.startswith("floor"), name))
    for name in order:
        s = stats[name]
        print(
            f"  {name:<26}{s['requests']:>8}{s['rps']:>8}{s['p50']:>8.0f}{s['p95']:>8.0f}"
            f"{s['p99']:>8.0f}{s['failures']:>8}"
        )
    for error in result["errors"]:
        print(f"  error: {error}")
    floor = stats.get("floor: /healthz", {}).get("p95") or 0
    klass = stats.get("mentor class page", {}).get("p95") or 0
    failures = sum(s["failures"] for s in stats.values())
    ratio = klass / floor if floor else float("inf")
    verdict = "met" if ratio <= TARGET_RATIO and failures == 0 else "NOT met"
    print(
        f"  class page p95 {klass:.0f} ms = {ratio:.1f}× the floor's p95 {floor:.0f} ms; "
        f"errors {failures}; target (≤ {TARGET_RATIO:.0f}×, zero errors) {verdict}"
    )


def main(argv: list[str]) -> int:
    if argv[:1] == ["describe"]:
        describe()
        return 0
    if argv[:1] == ["swarm"]:
        swarm(Path(argv[1]), Path(argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=40)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    result = run(args.users, args.seconds, args.workers)
    return 0 if result else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
