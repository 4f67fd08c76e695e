from django.urls import path

from driehoek.front import views

app_name = "front"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
]
