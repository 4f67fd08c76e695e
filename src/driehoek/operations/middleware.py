"""One log line per request: method, the route *template* (`students/<int:student_id>/`,
not the id), status and duration. No user, no IP address, no query string: the line
says how the application behaves, not who did what (the audit log says that)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("driehoek.requests")


def route_of(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        # Not resolved (404, or answered by middleware first): the first path segment
        # only, so an unknown path carrying an e-mail address or token is not logged.
        first = request.path.strip("/").split("/", 1)[0]
        return f"/{first}/…" if first else "/"
    return "/" + match.route if match.route else request.path


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        duration = round((time.perf_counter() - started) * 1000, 1)
        route = route_of(request)
        if route.startswith(("/static/", "/healthz", "/readyz")):
            return response  # probes and static files would drown the rest
        logger.info(
            "%s %s %s",
            request.method,
            route,
            response.status_code,
            extra={
                "method": request.method,
                "route": route,
                "status": response.status_code,
                "duration_ms": duration,
            },
        )
        return response
