from django.urls import path

from driehoek.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.privacy_page, name="page"),
    path("mine/", views.mine, name="mine"),
    path("mine/export.json", views.export_json, name="export_json"),
    path("mine/export/", views.export_page, name="export_page"),
    path("mine/export.pdf", views.export_pdf, name="export_pdf"),
    path("schools/<int:school_id>/", views.school_settings, name="school"),
    path(
        "schools/<int:school_id>/students/<int:student_id>/erase/",
        views.erase_student,
        name="erase",
    ),
    path("schools/<int:school_id>/audit.csv", views.audit_csv, name="audit_csv"),
    path("schools/<int:school_id>/audit.json", views.audit_json, name="audit_json"),
]
