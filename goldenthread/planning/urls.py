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
    path("report/runs/", views.report_run_start, name="report_run_start"),
    path("report/runs/<int:run_id>/", views.report_run, name="report_run"),
    path(
        "report/runs/<int:run_id>/download/",
        views.report_run_download,
        name="report_run_download",
    ),
    path("report/settings/", views.report_settings, name="report_settings"),
    path("community/", views.community, name="community"),
]
