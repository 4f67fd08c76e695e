"""Staff must pass two-factor authentication before they see anything else.

So must anyone who chose to turn it on (a parent, optionally): a second factor that is
never asked for protects nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from driehoek.accounts.access import is_school_staff

# Paths a staff member may reach before the second factor: the 2FA pages themselves,
# logging out, the language switch and static files.
_OPEN_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/i18n/", "/static/")


class StaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._needs_second_factor(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Two-factor authentication is required.")}, status=403
                )
            target = reverse("accounts:two_factor")
            return redirect(f"{target}?next={request.get_full_path()}")
        return self.get_response(request)

    def _needs_second_factor(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if user.is_verified():  # type: ignore[union-attr]  # set by OTPMiddleware
            return False
        if request.path.startswith(_OPEN_PREFIXES):
            return False
        if settings.STAFF_2FA_REQUIRED and is_school_staff(user):
            return True
        return user_has_device(user, confirmed=True)
