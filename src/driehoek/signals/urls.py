from django.urls import path

from driehoek.signals import views

app_name = "signals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:signal_id>/", views.detail, name="detail"),
    path("<int:signal_id>/dismiss/", views.dismiss, name="dismiss"),
    path("<int:signal_id>/snooze/", views.snooze, name="snooze"),
    path("<int:signal_id>/conversation/", views.conversation, name="conversation"),
    path("student/<int:student_id>/", views.student, name="student"),
    path("class/<int:group_id>/", views.class_overview, name="class_overview"),
    path("school/<int:school_id>/", views.school, name="school"),
    path("school/<int:school_id>/overview.csv", views.school_csv, name="school_csv"),
    path("school/<int:school_id>/chart/<slug:name>.svg", views.chart, name="chart"),
    path("school/<int:school_id>/settings/", views.school_settings, name="school_settings"),
    path("school/<int:school_id>/import/", views.upload, name="upload"),
    path("import/<int:job_id>/", views.job, name="job"),
    path("import/<int:job_id>/confirm/", views.confirm, name="confirm"),
]
