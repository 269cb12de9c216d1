from django.urls import path

from goldenthread.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("forecasts/", views.forecast_start, name="forecast_start"),
    path("forecasts/<int:run_id>/", views.forecast_detail, name="forecast_detail"),
    path("scenarios/", views.scenario_create, name="scenario_create"),
    path("scenarios/<int:scenario_id>/delete/", views.scenario_delete, name="scenario_delete"),
    path("report/", views.report, name="report"),
    path("report.csv", views.report_csv, name="report_csv"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("report/settings/", views.report_settings, name="report_settings"),
    path("community/", views.community, name="community"),
]
