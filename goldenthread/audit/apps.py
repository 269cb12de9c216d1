from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "goldenthread.audit"
    label = "audit"

    def ready(self) -> None:
        from goldenthread.audit import signals  # noqa: F401
