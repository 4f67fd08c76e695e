from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from driehoek.accounts.forms import EmailAuthenticationForm
from driehoek.accounts.roles import role_label, set_active_role


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
@require_POST
def switch_role(request: HttpRequest) -> HttpResponse:
    role = set_active_role(request, request.POST.get("role", ""))
    if role is None:
        messages.error(request, _("You do not have that role."))
    else:
        messages.success(
            request, _("You are now working as: %(role)s") % {"role": role_label(role)}
        )
    return redirect("front:home")


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/settings.html", {})
