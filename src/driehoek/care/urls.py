from django.urls import path

from driehoek.care import views

app_name = "care"

urlpatterns = [
    path("", views.index, name="index"),
    path("student/<int:student_id>/escalate/", views.escalate, name="escalate"),
    path("case/<int:case_id>/", views.case_detail, name="case"),
    path("case/<int:case_id>/parents-informed/", views.parents_informed, name="parents_informed"),
    path("case/<int:case_id>/safety/", views.safety, name="safety"),
    path("case/<int:case_id>/team/", views.team_add, name="team_add"),
    path("case/<int:case_id>/team/<int:member_id>/end/", views.member_end, name="member_end"),
    path("case/<int:case_id>/consent/", views.consent_request, name="consent_request"),
    path("case/<int:case_id>/guest/", views.guest_invite, name="guest_invite"),
    path("case/<int:case_id>/meeting/", views.meeting_plan, name="meeting_plan"),
    path("case/<int:case_id>/plan/", views.plan_save, name="plan_save"),
    path("case/<int:case_id>/plan/item/", views.plan_item, name="plan_item"),
    path("case/<int:case_id>/close/", views.close, name="close"),
    path("meeting/<int:meeting_id>/outcome/", views.meeting_outcome, name="meeting_outcome"),
    path("consent/<int:request_id>/answer/", views.consent_answer, name="consent_answer"),
    path("consent/<int:request_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("consent/<int:request_id>/share/", views.share, name="share"),
    path("guest/<str:token>/", views.guest_accept, name="guest_accept"),
    path("guides/", views.guides, name="guides"),
    path("guides/<slug:slug>/", views.guide, name="guide"),
]
