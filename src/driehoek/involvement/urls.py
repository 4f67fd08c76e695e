from django.urls import path

from driehoek.involvement import views

app_name = "involvement"

urlpatterns = [
    path("", views.index, name="index"),
    path("child/<int:student_id>/", views.child, name="child"),
    path("child/<int:student_id>/start/", views.start, name="start"),
    path("scans/<int:scan_id>/", views.fill, name="fill"),
    path("scans/<int:scan_id>/answer/", views.answer, name="answer"),
    path("scans/<int:scan_id>/result/", views.result, name="result"),
    path("scans/<int:scan_id>/share/", views.share, name="share"),
    path("guide/", views.guide, name="guide"),
    path("guide/<slug:slug>/", views.guide_question, name="guide_question"),
    path("helper/", views.helper, name="helper"),
]
