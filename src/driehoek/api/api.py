"""The JSON API under /api/ (django-ninja); OpenAPI document at /api/openapi.json."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="Driehoek API", version="1", urls_namespace="api", docs_url="/docs")
