from django.urls import path

from goldenthread.core import views

app_name = "core"
urlpatterns = [path("site/", views.site_settings, name="site_settings")]
