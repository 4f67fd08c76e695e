from django.urls import path

from driehoek.triangle import views

app_name = "triangle"

urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/first.csv", views.round_first_csv, name="round_first_csv"),
    path("rounds/<int:round_id>/close/", views.round_close, name="round_close"),
    path("rounds/<int:round_id>/remind/", views.round_remind, name="round_remind"),
    path("rounds/<int:round_id>/students/<int:student_id>/", views.respond, name="respond"),
    path(
        "rounds/<int:round_id>/students/<int:student_id>/answer/",
        views.answer,
        name="answer",
    ),
    path(
        "rounds/<int:round_id>/students/<int:student_id>/submit/",
        views.submit,
        name="submit",
    ),
    path("students/<int:student_id>/", views.student_triangle, name="student"),
    path("schools/<int:school_id>/", views.school_overview, name="school"),
]
