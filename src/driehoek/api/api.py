"""The JSON API under /api/ (django-ninja); OpenAPI document at /api/openapi.json.

Authentication: a personal API token (`Authorization: Bearer …`) or the browser session
(CSRF enforced for unsafe methods); see auth.py. One router per concept; each endpoint
reads through driehoek.accounts.access and answers 404 for what the caller may not see.

The docs page (/api/docs) and the document are for logged-in users. The docs page is
ninja's local Swagger UI ("ninja" is in INSTALLED_APPS, so no CDN): its settings are a
JSON <script> block and its code static files, so it runs under the site-wide CSP
(`script-src 'self'`, `style-src 'self'`) without an exception; tests/e2e/test_api_docs.py
checks that in Chromium.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI

from driehoek.api import groups, me, students
from driehoek.api.auth import AUTH
from driehoek.conversations import api as conversations_api
from driehoek.involvement import api as involvement_api
from driehoek.messaging import api as messaging_api
from driehoek.profiles import api as profiles_api
from driehoek.triangle import api as triangle_api

api = NinjaAPI(
    title="Driehoek API",
    version="1",
    description=(
        "Read-only access to what you may see in Driehoek. Authenticate with a personal "
        "API token (`Authorization: Bearer <token>`) or a logged-in browser session. "
        "Anything you may not see answers 404, exactly as if it did not exist."
    ),
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=login_required,
    auth=AUTH,
)

api.add_router("/me", me.router)
api.add_router("/students", students.router)
api.add_router("/groups", groups.router)

# Each feature app keeps its endpoints beside its code, in <app>/api.py (a ninja Router).
api.add_router("/triangle", triangle_api.router)
api.add_router("/involvement", involvement_api.router)
api.add_router("/conversations", conversations_api.router)
api.add_router("/profiles", profiles_api.router)
api.add_router("/messages", messaging_api.router)
