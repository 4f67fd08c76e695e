from django.urls import path

from driehoek.messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("students/<int:student_id>/", views.student_threads, name="student"),
    path("students/<int:student_id>/new/", views.thread_new, name="thread_new"),
    path("threads/<int:thread_id>/", views.thread_detail, name="thread"),
    path("threads/<int:thread_id>/reply/", views.reply, name="reply"),
    path("threads/<int:thread_id>/staff/", views.add_staff, name="add_staff"),
    path("attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("suggest/", views.suggest, name="suggest"),
    path("drafts/", views.draft, name="draft"),
    path("balance/", views.balance_page, name="balance"),
    path("groups/<int:group_id>/balance/", views.class_balance, name="class_balance"),
    path("preferences/", views.preferences, name="preferences"),
    path("schools/<int:school_id>/quiet-hours/", views.school_settings, name="school_settings"),
]
