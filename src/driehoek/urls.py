from django.contrib import admin
from django.urls import include, path

from driehoek.api.api import api

urlpatterns = [
    path("", include("driehoek.front.urls")),
    path("accounts/", include("driehoek.accounts.urls")),
    path("", include("driehoek.roster.urls")),
    path("import/", include("driehoek.roster_import.urls")),
    path("triangle/", include("driehoek.triangle.urls")),
    path("involvement/", include("driehoek.involvement.urls")),
    path("conversations/", include("driehoek.conversations.urls")),
    path("profiles/", include("driehoek.profiles.urls")),
    path("messages/", include("driehoek.messaging.urls")),
    path("signals/", include("driehoek.signals.urls")),
    path("care/", include("driehoek.care.urls")),
    path("privacy/", include("driehoek.privacy.urls")),
    path("", include("driehoek.operations.urls")),
    path("words/", include("driehoek.glossary.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
