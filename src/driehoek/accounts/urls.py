from django.urls import path

from driehoek.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("role/", views.switch_role, name="switch_role"),
    path("settings/", views.account_settings, name="settings"),
    path("settings/2fa/remove/", views.two_factor_remove, name="two_factor_remove"),
    # Invitations: "new" comes before the token pattern (tokens are 43 characters).
    path("invite/new/", views.invite_new, name="invite_new"),
    path("invite/<int:invitation_id>/revoke/", views.invite_revoke, name="invite_revoke"),
    path("invite/letters/", views.invitation_letters, name="invitation_letters"),
    path("invite/<str:token>/", views.invite_accept, name="invite_accept"),
    # The one-time code from a printed letter, for those who cannot scan its QR code.
    path("code/", views.code_entry, name="code"),
    path("code/account/", views.code_accept, name="code_accept"),
    # Passwords
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    # Two-factor authentication (open before verification; see middleware.py)
    path("2fa/", views.two_factor, name="two_factor"),
    # API tokens
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/new/", views.api_token_create, name="api_token_create"),
    path("tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
