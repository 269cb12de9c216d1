from django.urls import path

from goldenthread.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/", views.referral_new, name="new"),
    path("oncall/", views.oncall, name="oncall"),
    path("filing-queue/", views.filing_queue, name="filing_queue"),
    path("queue/", views.queue, name="queue"),
    path("capacity/", views.capacity, name="capacity"),
    path("settings/", views.referral_settings, name="settings"),
    path("policies/", views.policies, name="policies"),
    path("policies/<int:policy_id>/draft/", views.policy_draft, name="policy_draft"),
    path("policy-versions/<int:version_id>/", views.policy_version, name="policy_version"),
    path("policy-versions/<int:version_id>/adopt/", views.policy_adopt, name="policy_adopt"),
    path("policy-versions/<int:version_id>/propose/", views.policy_propose, name="policy_propose"),
    path(
        "notifications/<int:notification_id>/retry/",
        views.notification_retry,
        name="notification_retry",
    ),
    path("screenings/<int:screening_id>/override/", views.screening_override, name="override"),
    path("links/<int:link_id>/unlink/", views.person_unlink, name="unlink"),
    path("<int:referral_id>/", views.referral_detail, name="detail"),
    path("<int:referral_id>/identify/", views.referral_identify, name="identify"),
    path("<int:referral_id>/link/", views.person_link, name="link"),
    path("<int:referral_id>/handoff/", views.referral_handoff, name="handoff"),
    path("<int:referral_id>/screen/", views.referral_screen, name="screen"),
    path("<int:referral_id>/decline/", views.referral_decline, name="decline"),
    path("<int:referral_id>/intake/", views.referral_intake, name="intake"),
    path("<int:referral_id>/enroll/", views.referral_enroll, name="enroll"),
    path("<int:referral_id>/admit/", views.referral_admit, name="admit"),
    path("<int:referral_id>/reorder/", views.queue_reorder, name="reorder"),
]
