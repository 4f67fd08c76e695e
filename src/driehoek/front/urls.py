from django.urls import path

from driehoek.front import views

app_name = "front"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("my/children/", views.my_children, name="my_children"),
    path("my/groups/", views.my_groups, name="my_groups"),
    path("me/", views.me, name="me"),
    path("language/", views.choose_language, name="language"),
]
