from django.urls import path

from goldenthread.legalservices import views

app_name = "legalservices"
urlpatterns = [
    path("", views.docket, name="docket"),
    path("caseload/", views.caseload, name="caseload"),
    path("referrals/", views.referrals, name="referrals"),
    path("refer/", views.refer, name="refer"),
    path("report/", views.report, name="report"),
    path("participants/<int:participant_id>/", views.participant, name="participant"),
    path("matters/<int:matter_id>/status/", views.status, name="status"),
    path("matters/<int:matter_id>/", views.matter, name="matter"),
    path("matters/<int:matter_id>/parties/", views.party_add, name="party_add"),
    path("matters/<int:matter_id>/conflict-check/", views.conflict_check, name="conflict_check"),
    path("matters/<int:matter_id>/conflict-clear/", views.conflict_clear, name="conflict_clear"),
    path("matters/<int:matter_id>/accept/", views.accept, name="accept"),
    path("matters/<int:matter_id>/decline/", views.decline, name="decline"),
    path("matters/<int:matter_id>/refer-elsewhere/", views.refer_out, name="refer_out"),
    path("matters/<int:matter_id>/update/", views.update, name="update"),
    path("matters/<int:matter_id>/deadlines/", views.deadline_add, name="deadline_add"),
    path("deadlines/<int:deadline_id>/met/", views.deadline_meet, name="deadline_meet"),
    path("matters/<int:matter_id>/entries/", views.entry_add, name="entry_add"),
    path("matters/<int:matter_id>/outcomes/", views.outcome_add, name="outcome_add"),
    path("matters/<int:matter_id>/close/", views.close, name="close"),
    path("matters/<int:matter_id>/documents/", views.document_upload, name="document_upload"),
    path("documents/<int:document_id>/", views.document_download, name="document_download"),
    path("settings/", views.settings, name="settings"),
]
