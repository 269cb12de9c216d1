from django.urls import path

from goldenthread.access import views

app_name = "access"
urlpatterns = [
    path("breakglass/", views.breakglass_queue, name="breakglass_queue"),
    path("breakglass/open/<int:participant_id>/", views.breakglass_open, name="breakglass_open"),
    path("breakglass/<int:grant_id>/review/", views.breakglass_review, name="breakglass_review"),
]
