from django.urls import path

from goldenthread.legal import views

app_name = "legal"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    # The worklist's sections, a page at a time (legal.queries.SECTIONS).
    *(
        path(f"worklist/{slug}/", views.worklist_section, {"section": slug}, name=name)
        for slug, name in views.SECTION_URLS.items()
    ),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/charges/", views.charge_add, name="charge_add"),
    path("cases/<int:case_id>/court-dates/", views.court_date_add, name="court_date_add"),
    path("cases/<int:case_id>/warrants/", views.warrant_record, name="warrant_record"),
    path("cases/<int:case_id>/baseline/", views.baseline_set, name="baseline_set"),
    path("cases/<int:case_id>/decide/", views.decision_record, name="decision_record"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:decision_id>/", views.review_record, name="review_record"),
    path("settings/", views.settings, name="settings"),
]
