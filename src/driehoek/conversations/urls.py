from django.urls import path

from driehoek.conversations import views

app_name = "conversations"

urlpatterns = [
    path("", views.conversation_list, name="list"),
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements/<int:agreement_id>/status/", views.agreement_status, name="agreement_status"),
    path("new/<int:student_id>/", views.conversation_new, name="new"),
    path("<int:conversation_id>/", views.conversation_detail, name="detail"),
    path("<int:conversation_id>/prepare/", views.conversation_prepare, name="prepare"),
    path(
        "<int:conversation_id>/prepare/kind/",
        views.conversation_prepare_kind,
        name="prepare_kind",
    ),
    path("<int:conversation_id>/phase/", views.conversation_phase, name="phase"),
    path("<int:conversation_id>/record/", views.conversation_record, name="record"),
    path("<int:conversation_id>/confirm/", views.conversation_confirm, name="confirm"),
    path("<int:conversation_id>/agreements/", views.agreement_add, name="agreement_add"),
    path("<int:conversation_id>/record.pdf", views.conversation_pdf, name="pdf"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar.ics", views.calendar_download, name="calendar_download"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("evenings/", views.evening_list, name="evenings"),
    path("evenings/new/", views.evening_new, name="evening_new"),
    path("evenings/<int:evening_id>/", views.evening_detail, name="evening"),
    path("evenings/<int:evening_id>/edit/", views.evening_edit, name="evening_edit"),
    path("evenings/<int:evening_id>/request/", views.evening_request, name="evening_request"),
    path("evenings/<int:evening_id>/book/", views.evening_book, name="evening_book"),
    path("evenings/<int:evening_id>/status/", views.evening_status, name="evening_status"),
    path("evenings/<int:evening_id>/schedule/", views.evening_schedule, name="evening_schedule"),
    path("evenings/<int:evening_id>/needed/", views.evening_needed, name="evening_needed"),
    path("evenings/<int:evening_id>/teachers/", views.evening_teachers, name="evening_teachers"),
    path(
        "evenings/<int:evening_id>/interpreters/",
        views.evening_interpreters,
        name="evening_interpreters",
    ),
    path(
        "evenings/interpreters/<int:interpreter_id>/remove/",
        views.evening_interpreter_remove,
        name="evening_interpreter_remove",
    ),
    path(
        "evenings/<int:evening_id>/interpreter/",
        views.evening_interpreter_need,
        name="evening_interpreter_need",
    ),
    path("bookings/<int:booking_id>/cancel/", views.booking_cancel, name="booking_cancel"),
]
