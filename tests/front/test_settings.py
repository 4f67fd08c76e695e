"""Settings come from the environment, with safe defaults for local use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from driehoek.lib.email_url import parse_email_url
from driehoek.lib.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]


def run_settings_command(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=clean,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = run_settings_command(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-Zq8#",
        ALLOWED_HOSTS="driehoek.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        EMAIL_URL="smtp://mailer:secret@smtp.example.org:587?tls=1",
        DRIEHOEK_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_settings_command(
        "check", DEBUG="0", ALLOWED_HOSTS="x.example.org", DRIEHOEK_VAR_DIR=str(tmp_path)
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_default_database_is_sqlite_in_wal_mode(tmp_path):
    code = (
        "import django;django.setup();from django.db import connection;"
        "c=connection.cursor();c.execute('PRAGMA journal_mode');print(c.fetchone()[0]);"
        "print(connection.settings_dict['NAME'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="driehoek.settings", DRIEHOEK_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    mode, name = result.stdout.split()
    assert mode == "wal"
    assert name == str(tmp_path / "driehoek.sqlite3")


def test_argon2_is_the_configured_password_hasher():
    import driehoek.settings as configured

    assert configured.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_amsterdam_time_and_dutch_first():
    import driehoek.settings as configured

    assert configured.TIME_ZONE == "Europe/Amsterdam"
    assert configured.LANGUAGE_CODE == "nl"
    assert [code for code, _ in configured.LANGUAGES][:2] == ["nl", "en"]


def test_env_helpers_read_typed_values(monkeypatch, tmp_path):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a.example, b.example,,")
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_bool("X_BOOL") is True
    assert env_int("X_INT", 0) == 42
    assert env_list("X_LIST") == ["a.example", "b.example"]
    assert env_str("X_SECRET") == "from-a-file"


def test_env_helpers_reject_nonsense_with_a_clear_message(monkeypatch):
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "many")
    with pytest.raises(ValueError, match="X_BOOL must be a boolean"):
        env_bool("X_BOOL")
    with pytest.raises(ValueError, match="X_INT must be an integer"):
        env_int("X_INT", 1)


def test_email_url_selects_smtp_with_starttls():
    parsed = parse_email_url("smtp://user%40school.nl:p%40ss@smtp.example.org:587?tls=1")
    assert parsed["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert parsed["EMAIL_HOST"] == "smtp.example.org"
    assert parsed["EMAIL_PORT"] == 587
    assert parsed["EMAIL_HOST_USER"] == "user@school.nl"
    assert parsed["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert parsed["EMAIL_USE_TLS"] is True and parsed["EMAIL_USE_SSL"] is False


def test_email_url_defaults_to_the_console_in_development():
    assert parse_email_url("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_email_url_rejects_an_unknown_scheme():
    with pytest.raises(ValueError, match="EMAIL_URL scheme 'carrier-pigeon'"):
        parse_email_url("carrier-pigeon://coop")


@given(
    user=st.text(min_size=1, max_size=20),
    password=st.text(min_size=1, max_size=20),
    port=st.integers(min_value=1, max_value=65535),
)
def test_email_url_credentials_survive_quoting(user, password, port):
    from urllib.parse import quote

    url = f"smtps://{quote(user, safe='')}:{quote(password, safe='')}@mail.example.org:{port}"
    parsed = parse_email_url(url)
    assert parsed["EMAIL_HOST_USER"] == user
    assert parsed["EMAIL_HOST_PASSWORD"] == password
    assert parsed["EMAIL_PORT"] == port
    assert parsed["EMAIL_USE_SSL"] is True
