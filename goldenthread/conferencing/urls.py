from django.urls import path

from goldenthread.conferencing import views

app_name = "conferencing"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("<int:meeting_id>/roster/", views.roster_build, name="roster_build"),
    path("<int:meeting_id>/body/", views.meeting_body_link, name="meeting_body_link"),
    path("<int:meeting_id>/escalate/", views.meeting_issue_escalate, name="meeting_issue_escalate"),
    path("<int:meeting_id>/items/", views.roster_item_add, name="roster_item_add"),
    path("<int:meeting_id>/open/", views.meeting_open, name="meeting_open"),
    path("<int:meeting_id>/close/", views.meeting_close, name="meeting_close"),
    path("<int:meeting_id>/attendance/", views.attendance_record, name="attendance_record"),
    path("<int:meeting_id>/minutes/", views.minutes_edit, name="minutes_edit"),
    path("<int:meeting_id>/run/", views.meeting_run, name="meeting_run"),
    path("<int:meeting_id>/print/", views.meeting_print, name="meeting_print"),
    path("<int:meeting_id>/print.pdf", views.meeting_pdf, name="meeting_pdf"),
    path("items/<int:item_id>/", views.roster_item_update, name="roster_item_update"),
    path("items/<int:item_id>/notes/", views.note_add, name="note_add"),
    path("items/<int:item_id>/decisions/", views.decision_record, name="decision_record"),
    path("items/<int:item_id>/action-items/", views.action_item_create, name="action_item_create"),
    path("action-items/", views.my_action_items, name="my_action_items"),
    path("action-items/<int:action_id>/", views.action_item_update, name="action_item_update"),
    path("situations/", views.situation_list, name="situation_list"),
    path("situations/new/", views.situation_create, name="situation_create"),
    path("situations/<int:situation_id>/", views.situation_detail, name="situation_detail"),
    path("situations/<int:situation_id>/update/", views.situation_update, name="situation_update"),
    path("requests/new/", views.discussion_request_create, name="discussion_request_create"),
]
