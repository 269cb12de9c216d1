"""goldenthread token create|list|revoke: personal API tokens."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from goldenthread.access.actions import token_create
from goldenthread.access.actor import NotFound, Refused
from goldenthread.access.models import ApiToken


class Command(BaseCommand):
    help = "Create, list or revoke personal API tokens."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create")
        create.add_argument("username")
        create.add_argument("--site", required=True)
        create.add_argument("--name", default="")
        create.add_argument("--days", type=int, default=90)
        listing = sub.add_parser("list")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        verb = options["verb"]
        if verb == "revoke":
            count = ApiToken.objects.filter(
                prefix=options["prefix"], revoked_at__isnull=True
            ).update(revoked_at=timezone.now())
            if not count:
                raise CommandError(f"prefix: no active token starts {options['prefix']!r}")
            self.stdout.write(f"Revoked {count} token(s).")
            return
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"username: no user {options['username']!r}")
        if verb == "list":
            for t in ApiToken.objects.filter(Q(user=user)).select_related("membership__site"):
                state = "revoked" if t.revoked_at else "active"
                self.stdout.write(
                    f"{t.prefix}  {t.membership.site.slug}  {t.name}  {state}  "
                    f"expires {t.expires_at:%Y-%m-%d}"
                    if t.expires_at
                    else f"{t.prefix}  {t.membership.site.slug}  {t.name}  {state}"
                )
            return
        try:
            _, raw = token_create(
                user=user, site=options["site"], name=options["name"], days=options["days"]
            )
        except NotFound as exc:
            raise CommandError(
                f"site: {options['username']} holds no role at {options['site']!r}"
            ) from exc
        except Refused as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from exc
        self.stdout.write(raw)
