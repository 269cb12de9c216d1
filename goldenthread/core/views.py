"""Core pages: the site's settings, for the site admin."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goldenthread.access.actor import Refused
from goldenthread.core import actions
from goldenthread.core.forms import SiteForm
from goldenthread.web.decorators import actor_required


@actor_required
def site_settings(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("site.manage")
    form = SiteForm(request.POST or None, instance=actor.site)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            actions.site_update(actor=actor, changes=changes)
        except Refused as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, "Site settings saved.")
            return redirect("core:site_settings")
    status = 422 if request.method == "POST" else 200
    return render(request, "core/site_settings.html", {"form": form}, status=status)
