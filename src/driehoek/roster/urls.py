from django.urls import path

from driehoek.roster import views

app_name = "roster"

urlpatterns = [
    path("school/<int:school_id>/", views.school_overview, name="school"),
]
