from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "goldenthread.access"
    label = "access"

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.db.models.signals import post_migrate

        from goldenthread.access import rls, signals  # noqa: F401

        # post_migrate fires once per app after the whole migration; once is enough.
        post_migrate.connect(rls.install, sender=self, dispatch_uid="goldenthread_rls")
        # After django.db's close_old_connections (connected when django.db is imported).
        request_finished.connect(rls.release, dispatch_uid="goldenthread_rls_release")
