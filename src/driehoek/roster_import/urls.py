from django.urls import path

from driehoek.roster_import import views

app_name = "roster_import"

urlpatterns = [
    path("school/<int:school_id>/", views.upload, name="upload"),
    path("school/<int:school_id>/invite/", views.invite, name="invite"),
    path("job/<int:job_id>/", views.job, name="job"),
    path("job/<int:job_id>/confirm/", views.confirm, name="confirm"),
    path("job/<int:job_id>/remarks.csv", views.problems_csv, name="problems_csv"),
]
