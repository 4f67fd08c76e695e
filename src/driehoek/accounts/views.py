"""Log-in, invitations, password reset, account settings, two-factor and API tokens.

Views validate with a form and hand the work to `services`; who may see which school
is decided in `access`.
"""

from __future__ import annotations

import base64
import math

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from driehoek.accounts import letters, selectors, services
from driehoek.accounts.access import (
    RoleKind,
    get_school_for_admin,
    is_school_staff,
    schools_administered_by,
)
from driehoek.accounts.forms import (
    AccountForm,
    ApiTokenForm,
    EmailAuthenticationForm,
    InvitationCodeForm,
    InviteForm,
    LetterAcceptForm,
    LocalisedPasswordResetForm,
    TotpCodeForm,
)
from driehoek.accounts.models import Invitation, User
from driehoek.accounts.roles import active_role, role_label, set_active_role
from driehoek.front.languages import native_name
from driehoek.roster.models import (
    Group,
    GroupKind,
    Guardian,
    School,
    StaffMember,
    Student,
    StudentGuardian,
)

# Logging in without `authenticate()` (after an invitation or a password reset) needs a
# named backend, because axes adds a second one.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _with_language(response: HttpResponseBase, language: str) -> HttpResponseBase:
    """Make the user's chosen language the one LocaleMiddleware picks from now on."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


def _school_for_admin(request: HttpRequest) -> School:
    """The school an administrator works on: the one asked for, the one of the active
    role, or their only one. Anyone else gets 404."""
    wanted = request.GET.get("school") or request.POST.get("school")
    if wanted:
        try:
            return get_school_for_admin(request.user, int(wanted))
        except ValueError:
            raise Http404 from None
    schools = schools_administered_by(request.user)
    role = active_role(request)
    if role is not None and role.kind == RoleKind.ADMIN:
        school = schools.filter(pk=role.school_id).first()
        if school is not None:
            return school
    school = schools.first()
    if school is None:
        raise Http404
    return school


# --- Log in and out ----------------------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: EmailAuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        _with_language(response, form.get_user().language)
        return response


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


# --- Invitations -------------------------------------------------------------------


def _accept_page(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """The form that turns an invitation into an account (from the link or a code)."""
    by_letter = invitation.by_letter
    form_class = LetterAcceptForm if by_letter else SetPasswordForm
    initial = {}
    if by_letter and not services.is_letter_placeholder(invitation.user.email):
        initial["email"] = invitation.user.email
    form = form_class(invitation.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                token_hash=invitation.token_hash,
                password=form.cleaned_data["new_password1"],
                email=form.cleaned_data.get("email", ""),
            )
        except services.InvitationNotUsable:
            return render(request, "accounts/invite_invalid.html", status=410)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session.pop(CODE_SESSION_KEY, None)
            login(request, user, backend=MODEL_BACKEND)
            translation.activate(user.language)
            messages.success(request, _("Welcome! Your account is ready."))
            response = redirect("front:home")
            _with_language(response, user.language)
            return response
    context = {
        "form": form,
        "invitation": invitation,
        "by_letter": by_letter,
        "show_email": not services.is_letter_placeholder(invitation.user.email),
    }
    return render(request, "accounts/invite_accept.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def invite_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invite_invalid.html", status=404)
    if not invitation.is_usable():
        return render(request, "accounts/invite_invalid.html", status=410)
    # A letter speaks the family's language: the page does too until they choose another.
    if invitation.by_letter and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(invitation.user.language)
        request.LANGUAGE_CODE = invitation.user.language
    return _accept_page(request, invitation)


# --- One-time codes (the alternative to a letter's QR code) --------------------------

CODE_SESSION_KEY = "invitation_by_code"


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@never_cache
@require_http_methods(["GET", "POST"])
def code_entry(request: HttpRequest) -> HttpResponse:
    ip_address = _client_ip(request)
    if services.code_entry_locked(ip_address=ip_address):
        return render(request, "accounts/code_locked.html", status=429)
    form = InvitationCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        invitation = services.invitation_for_code(form.cleaned_data["code"])
        if invitation is None:
            services.note_wrong_code(ip_address=ip_address)
            if services.code_entry_locked(ip_address=ip_address):
                return render(request, "accounts/code_locked.html", status=429)
            form.add_error(
                "code",
                _(
                    "This code does not work. Check the letters and numbers. A code works "
                    "only once and only until the date in the letter."
                ),
            )
        else:
            request.session.cycle_key()
            request.session[CODE_SESSION_KEY] = invitation.pk
            return redirect("accounts:code_accept")
    status = 400 if form.is_bound else 200
    return render(request, "accounts/code_entry.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def code_accept(request: HttpRequest) -> HttpResponse:
    invitation_id = request.session.get(CODE_SESSION_KEY)
    invitation = (
        Invitation.objects.select_related("user", "school").filter(pk=invitation_id).first()
        if invitation_id
        else None
    )
    if invitation is None or not invitation.is_usable():
        request.session.pop(CODE_SESSION_KEY, None)
        return redirect("accounts:code")
    return _accept_page(request, invitation)


def _invite_form(request: HttpRequest, school: School) -> InviteForm:
    students = [
        student
        for student in selectors.students_without_account(school=school)
        if services.student_is_old_enough(student=student)
    ]
    initial = {}
    for kind in ("guardian", "student", "staff"):
        if request.GET.get(kind):
            initial["person"] = f"{kind}:{request.GET[kind]}"
    return InviteForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        guardians=list(selectors.guardians_without_account(school=school)),
        students=students,
        staff=list(selectors.staff_without_account(school=school)),
    )


def _send_invitation(
    person: Guardian | Student | StaffMember, *, email: str, language: str, by: User
) -> bool:
    """Invite one person; True when an invitation was sent, False when they already had
    an account and were only linked."""
    if isinstance(person, Guardian):
        sent = services.invite_guardian(
            guardian=person, invited_by=by, email=email, language=language
        )
    elif isinstance(person, Student):
        sent = services.invite_student(
            student=person, email=email, invited_by=by, language=language
        )
    else:
        sent = services.invite_staff_member(
            staff_member=person, invited_by=by, email=email, language=language
        )
    return sent is not None


@login_required
@require_http_methods(["GET", "POST"])
def invite_new(request: HttpRequest) -> HttpResponse:
    school = _school_for_admin(request)
    form = _invite_form(request, school)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person_object"]
        try:
            invited = _send_invitation(
                person,
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if invited:
                text = _("The invitation for %(name)s is on its way.")
            else:
                text = _("%(name)s already had an account; it now also gives access here.")
            messages.success(request, text % {"name": person.full_name})
            return redirect(f"{reverse('accounts:invite_new')}?school={school.pk}")
    context = {
        "school": school,
        "form": form,
        "invitations": selectors.open_invitations(school=school),
        "student_account_age": school.student_account_age,
        "invitation_days": settings.INVITATION_VALID_DAYS,
    }
    return render(request, "accounts/invite_new.html", context)


@login_required
@require_POST
def invite_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = selectors.get_invitation_for_admin(request.user, invitation_id)
    services.revoke_invitation(invitation=invitation, by=request.user)
    messages.success(
        request,
        _("The invitation for %(email)s was withdrawn; its link no longer works.")
        % {"email": invitation.user.email},
    )
    return redirect(f"{reverse('accounts:invite_new')}?school={invitation.school_id}")


# --- Passwords -----------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    form_class = LocalisedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property  # read per request, so a changed SITE_URL is seen
    def extra_email_context(self) -> dict[str, object]:  # type: ignore[override]
        return {"site_url": settings.SITE_URL}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    # Log in straight away; this also clears a lock-out for this address (axes resets
    # failed attempts on a successful log-in).
    post_reset_login = True
    post_reset_login_backend = MODEL_BACKEND


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:settings")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


# --- Account settings -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = AccountForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        services.update_account(
            user=user,
            display_name=form.cleaned_data["display_name"],
            email=form.cleaned_data["email"],
            language=form.cleaned_data["language"],
        )
        translation.activate(user.language)
        messages.success(request, _("Your details have been saved."))
        response = redirect("accounts:settings")
        _with_language(response, user.language)
        return response
    context = {
        "form": form,
        "has_two_factor": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "two_factor_required": settings.STAFF_2FA_REQUIRED and is_school_staff(user),
        "administers": schools_administered_by(user).exists(),
    }
    return render(request, "accounts/settings.html", context)


# --- Two-factor authentication -----------------------------------------------------------


def _wait_message(device: TOTPDevice) -> str | None:
    """The device's own throttling (it doubles the wait after each wrong code)."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (info or {}).get("locked_until")
    seconds = (
        max(1, math.ceil((locked_until - timezone.now()).total_seconds())) if locked_until else 1
    )
    return ngettext(
        "Too many wrong codes. Wait %(seconds)s second, then try again with a new code.",
        "Too many wrong codes. Wait %(seconds)s seconds, then try again with a new code.",
        seconds,
    ) % {"seconds": seconds}


def _check_code(request: HttpRequest, form: TotpCodeForm, device: TOTPDevice) -> bool:
    """Validate the form and the code; errors are added to the form."""
    if not form.is_valid():
        return False
    wait = _wait_message(device)
    if wait:
        form.add_error("code", wait)
        return False
    if verify_token(request.user, device.persistent_id, form.cleaned_data["code"]) is None:
        form.add_error(
            "code",
            _(
                "That code is not correct. Check that you use the code for Driehoek and "
                "that the time on your phone is right."
            ),
        )
        return False
    return True


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None and user.is_verified():  # type: ignore[union-attr]
        return redirect(next_url or "accounts:settings")
    form = TotpCodeForm(request.POST if request.method == "POST" else None)
    if device is not None:
        if request.method == "POST" and _check_code(request, form, device):
            device.refresh_from_db()
            otp_login(request, device)
            return redirect(next_url or "front:home")
        context = {"form": form, "next": next_url}
        return render(request, "accounts/two_factor_verify.html", context)

    device = services.start_totp_setup(user=user)
    if request.method == "POST" and _check_code(request, form, device):
        device.refresh_from_db()
        services.confirm_totp_device(device=device)
        otp_login(request, device)
        messages.success(request, _("Two-step verification is on."))
        return redirect(next_url or "accounts:settings")
    config_url = device.config_url
    context = {
        "form": form,
        "next": next_url,
        "qr_data_uri": segno.make(config_url, error="m").svg_data_uri(scale=5, border=2),
        "config_url": config_url,
        "secret": _base32_secret(device),
        "required": settings.STAFF_2FA_REQUIRED and is_school_staff(user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _base32_secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


@login_required
@require_POST
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    user = request.user
    if settings.STAFF_2FA_REQUIRED and is_school_staff(user):
        messages.error(request, _("School staff cannot turn off two-step verification."))
        return redirect("accounts:settings")
    if not user.is_verified():  # type: ignore[union-attr]
        return redirect(f"{reverse('accounts:two_factor')}?next={reverse('accounts:settings')}")
    services.remove_two_factor(user=user)
    messages.success(request, _("Two-step verification is off."))
    return redirect("accounts:settings")


# --- API tokens ---------------------------------------------------------------------------


def _tokens_page(
    request: HttpRequest, school: School, form: ApiTokenForm, status: int = 200
) -> HttpResponse:
    context = {
        "school": school,
        "form": form,
        "tokens": selectors.api_tokens_of(request.user),
        "now": timezone.now(),
    }
    return render(request, "accounts/tokens.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    school = _school_for_admin(request)
    return _tokens_page(request, school, ApiTokenForm())


@never_cache
@login_required
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    school = _school_for_admin(request)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, school, form, status=400)
    token, raw = services.create_api_token(
        user=request.user,
        school=school,
        name=form.cleaned_data["name"],
        expires_at=form.expires_at(),
    )
    # Shown in this response only: the raw token is not stored anywhere, not even in the
    # session, so it cannot be shown again.
    return render(request, "accounts/token_created.html", {"token": token, "raw": raw})


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.get_api_token_for_user(request.user, token_id)
    services.revoke_api_token(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect(f"{reverse('accounts:api_tokens')}?school={token.school_id}")


# --- Invitation letters (administrators) ------------------------------------------------


def _letter_rows(school: School, group: Group) -> list[dict[str, object]]:
    """The guardians of the class's current students who do not use an account yet."""
    links = (
        StudentGuardian.objects.filter(
            school=school,
            student__memberships__group=group,
            student__memberships__ended_on__isnull=True,
            student__left_on__isnull=True,
        )
        .select_related("guardian__user", "student")
        .order_by("guardian__last_name", "guardian__first_name", "student__first_name")
    )
    rows: dict[int, dict[str, object]] = {}
    for link in links:
        guardian = link.guardian
        user = guardian.user
        if user is not None and user.is_active and user.has_usable_password():
            continue
        row = rows.setdefault(
            guardian.pk,
            {
                "guardian": guardian,
                "children": [],
                "has_email": bool(guardian.email),
                "language": user.language if user is not None else settings.LANGUAGE_CODE,
            },
        )
        row["children"].append(link.student.first_name)  # type: ignore[attr-defined]
    return list(rows.values())


@login_required
@require_http_methods(["GET", "POST"])
def invitation_letters(request: HttpRequest) -> HttpResponse:
    """Print invitation letters (QR code and one-time code) for the families of a class."""
    school = _school_for_admin(request)
    groups = Group.objects.filter(school=school, kind=GroupKind.CLASS).order_by("name")
    group = None
    wanted = request.GET.get("group") or request.POST.get("group")
    if wanted:
        try:
            group = groups.get(pk=int(wanted))
        except (ValueError, Group.DoesNotExist):
            raise Http404 from None
    rows = _letter_rows(school, group) if group is not None else []
    error = ""
    if request.method == "POST" and group is not None:
        by_id = {row["guardian"].pk: row for row in rows}  # type: ignore[attr-defined]
        known = dict(settings.LANGUAGES)
        families = []
        for raw_id in request.POST.getlist("guardian"):
            row = by_id.get(int(raw_id)) if raw_id.isdigit() else None
            if row is None:
                continue
            language = request.POST.get(f"language-{raw_id}", settings.LANGUAGE_CODE)
            families.append((row["guardian"], language if language in known else "nl"))
        as_pdf = request.POST.get("output") == "pdf"
        if not families:
            error = _("Choose at least one family.")
        elif as_pdf and any(lang not in letters.PDF_LANGUAGES for _g, lang in families):
            error = _(
                "Arabic letters cannot be made as a PDF: this server cannot join Arabic "
                "letters. Use “Print in the browser” for them."
            )
        else:
            made = services.create_invitation_letters(
                school=school, families=families, invited_by=request.user
            )
            if as_pdf:
                pdf = letters.letters_pdf(made, school=school, site_url=settings.SITE_URL)
                response = HttpResponse(pdf, content_type="application/pdf")
                response["Content-Disposition"] = (
                    f'attachment; filename="invitations-{group.name}.pdf"'
                )
                response["Cache-Control"] = "no-store"
                return response
            pages = [
                {
                    **letters.letter_texts(letter, school=school, site_url=settings.SITE_URL),
                    "qr": letters.qr_svg_data_uri(letter.link),
                }
                for letter in made
            ]
            response = render(
                request, "accounts/letters_print.html", {"pages": pages, "group": group}
            )
            response["Cache-Control"] = "no-store"
            return response
    context = {
        "school": school,
        "groups": groups,
        "group": group,
        "rows": rows,
        "error": error,
        "languages": [(code, native_name(code)) for code, _name in settings.LANGUAGES],
        "invitation_days": settings.INVITATION_VALID_DAYS,
    }
    return render(request, "accounts/letters.html", context, status=400 if error else 200)
