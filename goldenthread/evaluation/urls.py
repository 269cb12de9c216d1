from django.urls import path

from goldenthread.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.home, name="home"),
    path("sources/", views.sources, name="sources"),
    path("imports/new/", views.import_new, name="import_new"),
    path("imports/<int:run_id>/", views.import_detail, name="import_detail"),
    path("comparison/", views.comparison, name="comparison"),
    path("comparison/build/", views.comparison_build, name="comparison_build"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:review_id>/", views.review_detail, name="review_detail"),
    path("outcomes/run/", views.outcome_run, name="outcome_run"),
    path("outcomes/<int:run_id>/", views.outcome_detail, name="outcome_detail"),
    path("outcomes/<int:run_id>/report.pdf", views.outcome_pdf, name="outcome_pdf"),
    path("exports/deidentified/", views.export_deidentified, name="export_deid"),
    path("exports/hmis/", views.export_hmis, name="export_hmis"),
    path("costs/", views.unit_costs, name="unit_costs"),
]
