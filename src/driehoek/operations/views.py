"""Health (/healthz) and readiness (/readyz) for load balancers and process managers.

No authentication, no personal data, no sessions, cheap: a probe every few seconds from
every load balancer must not load the database. Both answer JSON.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from driehoek.operations import readiness


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is alive and answers requests; nothing else is asked."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready for traffic: database reachable, every migration applied, cache reachable.
    503 (and which check failed) otherwise, so the load balancer sends traffic elsewhere."""
    checks = readiness.run_checks()
    ready = all(check == "ok" for check in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )
