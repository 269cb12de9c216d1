from django.urls import path

from goldenthread.disclosures import views

app_name = "disclosures"
urlpatterns = [
    path("", views.received, name="received"),
    path("participants/", views.participants, name="participants"),
    path("participants/<int:participant_id>/", views.participant, name="participant"),
    path(
        "participants/<int:participant_id>/consents/new/",
        views.consent_create,
        name="consent_create",
    ),
    path(
        "participants/<int:participant_id>/consents/refused/",
        views.consent_refuse,
        name="consent_refuse",
    ),
    path(
        "participants/<int:participant_id>/share/",
        views.disclosure_create,
        name="disclosure_create",
    ),
    path("participants/<int:participant_id>/accounting/", views.accounting, name="accounting"),
    path(
        "participants/<int:participant_id>/accounting.pdf",
        views.accounting_pdf,
        name="accounting_pdf",
    ),
    path(
        "participants/<int:participant_id>/accounting.csv",
        views.accounting_csv,
        name="accounting_csv",
    ),
    path("consents/<int:consent_id>/", views.consent_detail, name="consent_detail"),
    path("consents/<int:consent_id>/activate/", views.consent_activate, name="consent_activate"),
    path("consents/<int:consent_id>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("consents/<int:consent_id>/scan/", views.consent_scan, name="consent_scan"),
    path(
        "consents/<int:consent_id>/scan/upload/",
        views.consent_scan_upload,
        name="consent_scan_upload",
    ),
    path("<int:disclosure_id>/", views.disclosure_detail, name="disclosure_detail"),
]
