from django.urls import path

from driehoek.profiles import views

app_name = "profiles"

urlpatterns = [
    path("", views.index, name="index"),
    path("students/<int:student_id>/", views.student_profile, name="student"),
    path("students/<int:student_id>/new/", views.section_new, name="section_new"),
    path("sections/<int:section_id>/edit/", views.section_edit, name="section_edit"),
    path("sections/<int:section_id>/history/", views.section_history, name="section_history"),
    path("drafts/", views.draft, name="draft"),
    path("drafts/discard/", views.draft_discard, name="draft_discard"),
    path("proposals/<int:proposal_id>/decide/", views.proposal_decide, name="proposal_decide"),
]
