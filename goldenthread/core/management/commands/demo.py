"""goldenthread demo: build the demo site, print its logins, or a demo user's MFA code."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from goldenthread.core.demo import DEMO_PASSWORD, USERS, build_demo, mfa_secret
from goldenthread.core.models import Site


class Command(BaseCommand):
    help = "Build the demo site (--if-empty), print its logins (--logins), or a code (--code)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--if-empty", action="store_true", help="build only when the database holds no site yet"
        )
        parser.add_argument("--logins", action="store_true", help="print the demo logins")
        parser.add_argument(
            "--code", metavar="USERNAME", help="print the current two-factor code of a demo user"
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["code"]:
            return self._code(options["code"])
        if options["logins"]:
            return self._logins()
        if options["if_empty"] and Site.objects.exists():
            self.stdout.write("Demo data already present; reusing it.")
            return
        if Site.objects.filter(slug="seattle").exists():
            raise CommandError("site: the demo site 'seattle' exists already")
        site = build_demo()
        self.stdout.write(self.style.SUCCESS(f"Built the demo site {site.name}."))

    def _logins(self) -> None:
        site = Site.objects.filter(slug="seattle").first()
        if site is None:
            raise CommandError("site: no demo site; run `goldenthread demo` first")
        self.stdout.write(
            f"\nDemo logins at http://127.0.0.1:8000 (password for all: {DEMO_PASSWORD})"
        )
        for username, role, _ in USERS:
            mfa = (
                "  + two-factor code: .venv/bin/goldenthread demo --code " + username
                if role.value in site.mfa_required_roles
                else ""
            )
            self.stdout.write(f"  {role.label:<34} {username:<11}{mfa}")
        self.stdout.write("")

    def _code(self, username: str) -> None:
        from allauth.mfa.totp.internal.auth import (
            format_hotp_value,
            hotp_value,
            yield_hotp_counters_from_time,
        )

        user = get_user_model().objects.filter(username=username).first()
        secret = mfa_secret(user) if user else None
        if secret is None:
            raise CommandError(f"username: {username!r} has no two-factor authenticator")
        counter = list(yield_hotp_counters_from_time())[
            len(list(yield_hotp_counters_from_time())) // 2
        ]
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
