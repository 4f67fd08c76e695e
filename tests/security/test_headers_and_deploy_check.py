"""Secure headers on every answer, a strict content-security policy, and the production
configuration of deploy/driehoek.env.example passing `check --deploy`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def directives(header: str) -> dict[str, list[str]]:
    found = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            found[words[0]] = words[1:]
    return found


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/healthz"])
def test_every_answer_has_the_security_headers(client, path):
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]


def test_scripts_and_styles_need_our_origin_or_a_nonce(personas, client_for):
    response = client_for(personas.guardian).get("/")
    csp = directives(response["Content-Security-Policy"])
    for directive in ("script-src", "style-src"):
        sources = csp[directive]
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
        assert all(s == "'self'" or s.startswith("'nonce-") for s in sources), sources
    nonce = next(s for s in csp["script-src"] if s.startswith("'nonce-"))[7:-1]
    # Every script element carries the nonce, and no element has a style attribute
    # (which style-src 'self' would block).
    html = response.content.decode()
    assert html.count("<script") == html.count(f'nonce="{nonce}"') > 0
    assert " style=" not in html


def test_https_answers_carry_hsts_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/healthz", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def _example_environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    for line in (ROOT / "deploy" / "driehoek.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    # Paths of this machine; the rest exactly as documented.
    env.update(
        DRIEHOEK_HOME=str(ROOT),
        DRIEHOEK_VAR_DIR=str(tmp_path),
        STATIC_ROOT=str(tmp_path / "static"),
        SECRET_KEY="kY8#" + "q" * 20 + "-a-long-random-production-secret-7Zp!x",
    )
    return env


def test_the_documented_production_configuration_passes_the_deploy_check(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=_example_environment(tmp_path),
        cwd=ROOT,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
