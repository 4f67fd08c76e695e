from django.urls import path

from driehoek.roster import views

app_name = "roster"

urlpatterns = [
    path("school/<int:school_id>/", views.school_overview, name="school"),
    path("groups/<int:group_id>/", views.group_detail, name="group"),
    path("students/<int:student_id>/", views.student_detail, name="student"),
]
