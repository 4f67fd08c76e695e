from django.urls import path

from driehoek.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("role/", views.switch_role, name="switch_role"),
    path("settings/", views.account_settings, name="settings"),
]
