"""allauth adapter: accounts are made by site admins, never by self sign-up."""

from allauth.account.adapter import DefaultAccountAdapter


class ClosedSignupAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):  # type: ignore[no-untyped-def]
        return False


def axes_username(request, credentials):  # type: ignore[no-untyped-def]
    """The username tried, from allauth's "login" field or Django's credentials."""
    credentials = credentials or {}
    name = credentials.get("username") or credentials.get("login")
    if not name and request is not None:
        name = request.POST.get("login", "")
    return (name or "").strip().lower()
