"""URL map: the shell, allauth's account pages, the API, and each area under its own prefix."""

from __future__ import annotations

from importlib import import_module

from django.urls import URLPattern, URLResolver, include, path

from goldenthread.api import api
from goldenthread.web import views
from goldenthread.web.nav import AREAS

handler500 = "goldenthread.web.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("site/switch/", views.site_switch, name="site_switch"),
    path("account/", views.account, name="account"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
]

for area in AREAS:
    try:
        module = import_module(f"goldenthread.{area}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"goldenthread.{area}.urls":
            raise
        continue
    urlpatterns.append(path(f"{area}/", include(module)))
