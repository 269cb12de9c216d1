from django.urls import path

from goldenthread.casework import views

app_name = "casework"

P = "p/<int:participant_id>/"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path(P, views.participant, name="participant"),
    path(f"{P}inactive/", views.participant_inactive, name="participant_inactive"),
    path(f"{P}contacts/", views.contacts, name="contacts"),
    path(f"{P}history/", views.history, name="history"),
    path(f"{P}contacts/new/", views.contact_new, name="contact_new"),
    path(f"{P}contacts/draft/", views.contact_draft, name="contact_draft"),
    path(f"{P}goals/new/", views.goal_new, name="goal_new"),
    path("goals/<int:goal_id>/steps/new/", views.step_new, name="step_new"),
    path("goals/<int:goal_id>/progress/", views.goal_progress, name="goal_progress"),
    path("steps/<int:step_id>/done/", views.step_done, name="step_done"),
    path(f"{P}status/new/", views.status_new, name="status_new"),
    path(f"{P}services/new/", views.service_new, name="service_new"),
    path("services/<int:referral_id>/", views.service_update, name="service_update"),
    path(f"{P}flex/new/", views.flex_new, name="flex_new"),
    path("team/", views.team, name="team"),
    path("team/reassign/", views.reassign, name="reassign"),
    path("profile/", views.profile, name="profile"),
    path("advocate/", views.advocate, name="advocate"),
    path("flex/", views.flex, name="flex"),
    path("flex/<int:request_id>/", views.flex_detail, name="flex_detail"),
    path("flex/<int:request_id>/decide/", views.flex_decide, name="flex_decide"),
    path("flex/<int:request_id>/disburse/", views.flex_disburse, name="flex_disburse"),
    path("flex/<int:request_id>/receipt/", views.flex_receipt, name="flex_receipt"),
    path("flex/pools/", views.pools, name="pools"),
    path("flex/ledger/", views.ledger, name="ledger"),
    path("flex/ledger/export/", views.ledger_export, name="ledger_export"),
    path("flex/ledger/<int:entry_id>/reverse/", views.ledger_reverse, name="ledger_reverse"),
    path("settings/", views.settings, name="settings"),
]
